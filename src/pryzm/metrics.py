"""Prometheus metrics of each service, served on its own port at `/metrics` (internal: the
editor's nginx does not route it, so metrics never reach the public)."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response

COMMANDS = Counter("pryzm_commands_total", "Commands received by the sync-server",
                   ["result"])  # ack, duplicate, reject, unavailable
APPEND_SECONDS = Histogram("pryzm_append_seconds", "Time to decide and commit one command")
CONNECTIONS = Gauge("pryzm_ws_connections", "Open project WebSockets on this sync-server")
ROOMS = Gauge("pryzm_rooms", "Projects loaded in this sync-server")
JOBS = Counter("pryzm_jobs_total", "Jobs run by this bake-worker", ["kind", "status"])
JOB_SECONDS = Histogram("pryzm_job_seconds", "Job run time", ["kind"],
                        buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900))
MESHED = Counter("pryzm_meshes_baked_total", "Element meshes made by bakes")


async def metrics(request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
