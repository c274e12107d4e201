"""The bake-worker's ASGI app: `/health` beside the job loop."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from pryzm import metrics
from pryzm.bake.baker import Baker
from pryzm.bake.worker import Worker
from pryzm.config import Settings
from pryzm.service import Health, lifespan_for
from pryzm.store import jobs
from pryzm.store.db import Database
from pryzm.store.objects import ObjectStore


def create_app(settings: Settings) -> Starlette:
    db = Database(settings.database_url, timeout=settings.db_connect_timeout)
    objects = ObjectStore.from_settings(settings)
    worker = Worker(db, Baker(db, objects), settings.database_url, settings)

    async def start() -> None:
        await db.open()
        await objects.ensure_bucket()
        worker.start()

    async def stop() -> None:
        await worker.stop()
        await db.close()

    async def health(request: Request) -> JSONResponse:
        report = Health("bake-worker")
        await report.check("postgres", db.ping())
        await report.check("object_store", objects.check_writable())
        depth = (await report.check("queue", _depth(db))
                 if report.checks["postgres"]["ok"] else None)
        report.info.update(
            running_jobs=worker.running(),
            jobs_done=worker.done, jobs_failed=worker.failed,
            queue_depth=depth["depth"] if depth else None)
        return JSONResponse(report.to_json(), status_code=report.status_code)

    app = Starlette(routes=[Route("/health", health), Route("/metrics", metrics.metrics)],
                    lifespan=lifespan_for(settings, "bake-worker", start, stop))
    app.state.worker = worker
    return app


async def _depth(db: Database) -> dict[str, int]:
    return {"depth": await jobs.queue_depth(db)}
