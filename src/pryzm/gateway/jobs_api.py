"""REST routes for import and export jobs (run by the bake-worker; see docs/interop.md).

    POST /v1/projects/{project_id}/imports   {upload_id, options}        -> 202 job
    POST /v1/projects/{project_id}/exports   {format, level_id?}         -> 202 job
    GET  /v1/projects/{project_id}/jobs/{job_id}                         -> job

Progress also reaches every client of the project as `job{...}` frames on the WebSocket.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field

from pryzm.errors import ApiError
from pryzm.gateway import schemas
from pryzm.gateway.api import ERRORS, User, _ctx, _uuid, member_project
from pryzm.store import jobs
from pryzm.store.db import q

router = APIRouter(prefix="/v1", tags=["jobs"])

MODEL_FORMATS = ("ifc", "ifczip", "dxf", "dxf_binary", "3dm")
_EDITORS = ("owner", "editor")


class ImportOptions(schemas.Request):
    """Options for one import (all optional)."""

    level_id: str | None = Field(None, description="DXF / 3dm: the level to place them on "
                                 "(default: the lowest)")
    units: Literal["mm", "cm", "m", "in", "ft"] | None = Field(
        None, description="DXF / 3dm: the drawing's units when the file does not say")
    wall_layer: str | None = Field(None, max_length=255, description="DXF: (poly)lines on "
                                   "this layer become walls")
    wall_thickness: float | None = Field(None, gt=0, le=10, description="DXF: their thickness")
    merge_levels: bool = Field(True, description="IFC: reuse a level with the storey's name "
                               "and elevation")


class ImportRequest(schemas.Request):
    upload_id: str
    options: ImportOptions = Field(default_factory=ImportOptions)


class ExportRequest(schemas.Request):
    format: Literal["ifc4", "ifc2x3", "glb", "dxf"]
    level_id: str | None = Field(None, description="DXF: the level to draw (default: the "
                                 "lowest)")


class Job(BaseModel):
    id: int
    project_id: str
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    progress: float
    stage: str | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    created_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Job:
        def when(value: Any) -> str | None:
            return value.isoformat() if value is not None else None

        return cls(id=row["id"], project_id=str(row["project_id"]), kind=row["kind"],
                   status=row["status"], progress=float(row["progress"] or 0),
                   stage=row["stage"], result=row["result"], error=row["error"],
                   created_at=when(row["created_at"]), started_at=when(row["started_at"]),
                   finished_at=when(row["finished_at"]))


JOB_ERRORS = {**ERRORS, 422: {"model": schemas.ErrorResponse}}


@router.post("/projects/{project_id}/imports", status_code=202, response_model=Job,
             responses=JOB_ERRORS)
async def start_import(project_id: str, body: ImportRequest, user: User,
                       request: Request) -> Job:
    """Import an uploaded IFC, IFC-zip, DXF or 3dm file into the project (editors)."""
    ctx = _ctx(request)
    project = await member_project(request, project_id, user, roles=_EDITORS)
    pid = str(project["id"])
    upload_id = _uuid(body.upload_id, "upload")
    async with ctx.db.connection() as conn:
        upload = await (await conn.execute(q("get_upload"), {
            "id": upload_id, "project_id": pid})).fetchone()
    if upload is None:
        raise ApiError(404, "unknown_upload", f"There is no upload {body.upload_id} in this "
                       "project.")
    if upload["format"] not in MODEL_FORMATS:
        raise ApiError(422, "unsupported_format", f"{upload['filename']} is a "
                       f"{upload['format']} file; only IFC, IFC-zip, DXF and 3dm files "
                       "import.", {"format": upload["format"]})
    options = body.options.model_dump(exclude_none=True)
    if options.get("level_id"):
        options["level_id"] = _uuid(options["level_id"], "level")
    job_id = await jobs.enqueue(ctx.db, project_id=pid, kind="import", payload={
        "upload_id": upload_id, "filename": upload["filename"], "format": upload["format"],
        "options": options}, created_by=user.user_id)
    return await _job(request, pid, job_id)


@router.post("/projects/{project_id}/exports", status_code=202, response_model=Job,
             responses=JOB_ERRORS)
async def start_export(project_id: str, body: ExportRequest, user: User,
                       request: Request) -> Job:
    """Export the model at its newest seq as IFC4, IFC2X3, GLB or a DXF plan (any member);
    the job's result names the artefact to download."""
    project = await member_project(request, project_id, user)
    pid = str(project["id"])
    payload: dict[str, Any] = {"format": body.format, "project_name": project["name"],
                               "author": user.display_name}
    if body.level_id:
        payload["level_id"] = _uuid(body.level_id, "level")
    job_id = await jobs.enqueue(_ctx(request).db, project_id=pid, kind="export",
                                payload=payload, created_by=user.user_id)
    return await _job(request, pid, job_id)


@router.get("/projects/{project_id}/jobs/{job_id}", response_model=Job, responses=ERRORS)
async def get_job(project_id: str, job_id: Annotated[int, Path(ge=1, le=2**63 - 1)], user: User,
                  request: Request) -> Job:
    """A job's status, progress and stage; its result (an import's report, an export's
    artefact) or its error `{code, message, details}`."""
    project = await member_project(request, project_id, user)
    return await _job(request, str(project["id"]), job_id)


async def _job(request: Request, project_id: str, job_id: int) -> Job:
    row = await jobs.get_job(_ctx(request).db, job_id)
    if row is None or str(row["project_id"]) != project_id:
        raise ApiError(404, "unknown_job", f"There is no job {job_id} in this project.")
    return Job.from_row(row)
