"""The job loop: claim, run, record; woken by NOTIFY, polling as a fallback."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any

from pryzm import metrics
from pryzm.bake.baker import Baker
from pryzm.config import Settings
from pryzm.errors import DatabaseUnavailable
from pryzm.interop.errors import InteropError
from pryzm.logs import get
from pryzm.store import jobs
from pryzm.store.db import Database, connect_direct

log = get("worker")

POLL_SECONDS = 5.0
HEARTBEAT_SECONDS = 5.0
STALE_SECONDS = 30.0
# Each lane claims only its kinds and runs one job at a time.
LANES = {"bake": ("bake",), "files": ("import", "export")}

Runner = Callable[[jobs.Job, Callable[[float, str], Awaitable[None]]], Awaitable[dict[str, Any]]]


class Worker:
    def __init__(self, db: Database, baker: Baker, database_url: str,
                 settings: Settings | None = None):
        self.db = db
        self.baker = baker
        self.database_url = database_url
        self._settings = settings
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.runners: dict[str, Runner] = {"bake": self._run_bake, "import": self._run_import,
                                           "export": self._run_export}
        self.current: dict[str, jobs.Job] = {}  # lane -> the job it runs
        self.done = 0
        self.failed = 0
        self._wakes = {lane: asyncio.Event() for lane in LANES}
        self._tasks: list[asyncio.Task] = []

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._loop(lane, kinds))
                       for lane, kinds in LANES.items()]
        self._tasks.append(asyncio.create_task(self._listen()))

    def running(self) -> list[int]:
        return sorted(job.id for job in self.current.values())

    def _wake_all(self) -> None:
        for event in self._wakes.values():
            event.set()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _listen(self) -> None:
        while True:
            try:
                conn = await connect_direct(self.database_url)
                try:
                    await conn.execute(f"LISTEN {jobs.CHANNEL}")
                    self._wake_all()
                    async for _ in conn.notifies():
                        self._wake_all()
                finally:
                    with contextlib.suppress(Exception):
                        await conn.close()
            except Exception as exc:  # reconnect whatever broke the LISTEN connection
                log.warning("job listener reconnecting", error=str(exc).splitlines()[0])
            await asyncio.sleep(2.0)

    async def _loop(self, lane: str, kinds: tuple[str, ...]) -> None:
        """One lane of jobs: bakes never wait behind a long import on the same worker."""
        wake = self._wakes[lane]
        while True:
            try:
                await jobs.requeue_stale(self.db, STALE_SECONDS)
                while (job := await jobs.claim(self.db, self.name, kinds)) is not None:
                    self.current[lane] = job
                    try:
                        await self._run(job)
                    finally:
                        self.current.pop(lane, None)
            except DatabaseUnavailable as exc:
                log.warning("queue unavailable", error=str(exc).splitlines()[0])
            wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), POLL_SECONDS)

    async def _run(self, job: jobs.Job) -> None:
        state = {"progress": 0.0, "stage": "starting"}

        async def progress(value: float, stage: str) -> None:
            state.update(progress=value, stage=stage)
            await self._notify_job(job, "running", value, stage)

        async def beat() -> None:
            while True:
                await asyncio.sleep(HEARTBEAT_SECONDS)
                with contextlib.suppress(DatabaseUnavailable):
                    await jobs.heartbeat(self.db, job.id, state["progress"], state["stage"])

        beater = asyncio.create_task(beat())
        started = time.monotonic()
        try:
            runner = self.runners.get(job.kind)
            if runner is None:
                raise ValueError(f"no runner for job kind {job.kind!r}")
            result = await runner(job, progress)
        except DatabaseUnavailable:
            raise  # the job stays 'running'; it is requeued when its heartbeat goes stale
        except Exception as exc:  # any failure of a job is recorded on the job
            if isinstance(exc, InteropError):  # the file's or the request's fault: one line
                log.warning("job failed", job=job.id, kind=job.kind, code=exc.code,
                            error=str(exc))
            else:
                log.exception("job failed", job=job.id, kind=job.kind)
            self.failed += 1
            metrics.JOBS.labels(job.kind, "failed").inc()
            error = exc.to_json() if isinstance(exc, InteropError) else {
                "code": "job_failed", "message": f"{type(exc).__name__}: {exc}"}
            await jobs.finish(self.db, job.id, error=error)
            await self._notify_job(job, "failed", 0.0, "failed")
        else:
            self.done += 1
            metrics.JOBS.labels(job.kind, "done").inc()
            await jobs.finish(self.db, job.id, result=result)
            await self._notify_job(job, "done", 1.0, "done")
        finally:
            metrics.JOB_SECONDS.labels(job.kind).observe(time.monotonic() - started)
            beater.cancel()

    async def _notify_job(self, job: jobs.Job, status: str, progress: float,
                          stage: str) -> None:
        payload = {"project_id": job.project_id, "id": job.id, "kind": job.kind,
                   "status": status, "progress": round(progress, 3), "stage": stage}
        async with self.db.connection() as conn:
            await conn.execute("SELECT pg_notify('pryzm_job', %s)", (json.dumps(payload),))

    async def _run_bake(self, job: jobs.Job, progress) -> dict[str, Any]:
        outcome = await self.baker.bake(job.project_id, job.id, progress)
        metrics.MESHED.inc(outcome.meshed)
        async with self.db.connection() as conn:
            await conn.execute("SELECT pg_notify('pryzm_baked', %s)", (json.dumps({
                "project_id": job.project_id, "seq": outcome.seq,
                "delta_key": outcome.delta_key}),))
        log.info("baked", project=job.project_id, seq=outcome.seq, elements=outcome.elements,
                 meshed=outcome.meshed, removed=outcome.removed)
        result = outcome.to_json()
        # What opening clients load comes after the delta is out: the whole manifest of every
        # bake, and the bulk download only for the newest (a bake already queued for the
        # project will write its own).
        result["manifest_artefact"] = await self.baker.store_manifest(job.project_id,
                                                                      outcome.seq, job.id)
        if not await jobs.bake_queued(self.db, job.project_id):
            result["glb_artefact"] = await self.baker.store_model_glb(job.project_id,
                                                                      outcome.seq, job.id)
        result["pruned"] = await self.baker.prune(job.project_id, self.settings.bakes_kept)
        return result

    @property
    def settings(self) -> Settings:
        # bake/app.py builds the Worker without settings; the worker process runs with the
        # PRYZM_* environment `pryzm up` / the container gives it, so read it once here.
        if self._settings is None:
            self._settings = Settings.from_env()
        return self._settings

    async def _run_import(self, job: jobs.Job, progress) -> dict[str, Any]:
        from pryzm.interop import jobs as interop_jobs

        settings = self.settings
        result = await interop_jobs.run_import(
            job, progress, db=self.db, objects=self.baker.objects, sync_url=settings.sync_url,
            secret=settings.require_secret(), max_message_bytes=settings.max_message_bytes)
        log.info("imported", project=job.project_id, job=job.id, batches=result["batches"],
                 last_seq=result["last_seq"])
        return result

    async def _run_export(self, job: jobs.Job, progress) -> dict[str, Any]:
        from pryzm.interop import jobs as interop_jobs

        result = await interop_jobs.run_export(job, progress, db=self.db,
                                               objects=self.baker.objects)
        log.info("exported", project=job.project_id, job=job.id, format=result["format"],
                 size=result["size"])
        return result
