"""REST routes under /v1."""

from __future__ import annotations

import json
import re
import uuid
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from pryzm.errors import ApiError, ObjectMissing
from pryzm.formats import file_stem
from pryzm.gateway import schemas
from pryzm.gateway.auth import Identity, bearer_from_header, issue_token
from pryzm.model.commands.base import no_nul
from pryzm.sceneir import patch_manifest
from pryzm.store import artefacts, projects, uploads
from pryzm.store import events as event_log

router = APIRouter(prefix="/v1")

_HASH = re.compile(r"^[0-9a-f]{64}$")
ERRORS = {401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
          404: {"model": schemas.ErrorResponse}}


def _ctx(request: Request):
    return request.app.state.ctx


async def current_user(request: Request,
                       authorization: Annotated[str | None, Header()] = None) -> Identity:
    return await _ctx(request).auth.identify(bearer_from_header(authorization))


User = Annotated[Identity, Depends(current_user)]


def _uuid(value: str, what: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError as exc:
        raise ApiError(404, f"unknown_{what}", f"There is no {what} {value!r}.") from exc


async def member_project(request: Request, project_id: str, user: Identity,
                         roles: tuple[str, ...] = ("owner", "editor", "viewer")):
    project = await projects.get_project(_ctx(request).db, _uuid(project_id, "project"),
                                         user.user_id)
    if project is None:
        raise ApiError(404, "unknown_project", f"There is no project {project_id}.")
    if project["role"] is None:
        raise ApiError(403, "not_a_member", "You are not a member of this project.")
    if project["role"] not in roles:
        raise ApiError(403, "forbidden", f"This needs the role {' or '.join(roles)}.")
    return project


@router.get("/health", tags=["health"])
async def health(request: Request) -> JSONResponse:
    report = await _ctx(request).health()
    return JSONResponse(report.to_json(), status_code=report.status_code)


@router.get("/auth/config", tags=["auth"])
async def auth_config(request: Request) -> dict[str, Any]:
    """How the editor signs in: `{"mode": "shim"}` or the OIDC provider's endpoints."""
    return await _ctx(request).auth.client_config()


@router.post("/auth/session", response_model=schemas.Session, tags=["auth"])
async def sign_in(body: schemas.SessionRequest, request: Request) -> schemas.Session:
    """Test-shim sign-in: a display name is a user (the same name, the same user, made on
    first use) and gets a signed session token. No password: for trusted networks and tests;
    refused when PRYZM_ENV=production."""
    ctx = _ctx(request)
    if not ctx.auth.shim_enabled:
        raise ApiError(403, "shim_disabled", "Display-name sign-in is off in production.")
    name = " ".join(body.display_name.split())
    if not name:
        raise ApiError(422, "invalid_request", "The display name is empty.")
    row = await projects.shim_user(ctx.db, name)
    user = schemas.User(id=str(row["id"]), display_name=row["display_name"])
    token = issue_token(ctx.settings.require_secret(), user.id, user.display_name,
                        ctx.settings.token_ttl_hours)
    return schemas.Session(token=token, user=user)


@router.get("/me", response_model=schemas.User, responses=ERRORS, tags=["auth"])
async def me(user: User, request: Request) -> schemas.User:
    row = await projects.get_user(_ctx(request).db, user.user_id)
    if row is None:
        raise ApiError(401, "unknown_user", "This session's user no longer exists.")
    return schemas.User(id=str(row["id"]), display_name=row["display_name"])


@router.get("/users", response_model=list[schemas.User], responses=ERRORS, tags=["auth"])
async def search_users(user: User, request: Request,
                       q: Annotated[str, Query(min_length=1, max_length=100)]
                       ) -> list[schemas.User]:
    """Users whose display name contains `q` (to add them to a project)."""
    rows = await projects.search_users(_ctx(request).db, _text(q, "q"))
    return [schemas.User(id=str(r["id"]), display_name=r["display_name"]) for r in rows]


@router.get("/projects", response_model=list[schemas.Project], responses=ERRORS,
            tags=["projects"])
async def list_projects(user: User, request: Request,
                        archived: bool = False) -> list[schemas.Project]:
    """The user's projects (`?archived=true`: the archived ones)."""
    rows = await projects.list_projects(_ctx(request).db, user.user_id, archived)
    return [schemas.Project.from_row(r) for r in rows]


@router.post("/projects", status_code=201, response_model=schemas.Project, responses=ERRORS,
             tags=["projects"])
async def create_project(body: schemas.ProjectCreate, user: User,
                         request: Request) -> schemas.Project:
    row = await projects.create_project(_ctx(request).db, name=body.name.strip() or "Untitled",
                                        user_id=user.user_id)
    return schemas.Project.from_row(row)


@router.get("/projects/{project_id}", response_model=schemas.Project, responses=ERRORS,
            tags=["projects"])
async def get_project(project_id: str, user: User, request: Request) -> schemas.Project:
    return schemas.Project.from_row(await member_project(request, project_id, user))


@router.patch("/projects/{project_id}", response_model=schemas.Project, responses=ERRORS,
              tags=["projects"])
async def update_project(project_id: str, body: schemas.ProjectUpdate, user: User,
                         request: Request) -> schemas.Project:
    """Rename or (un)archive a project; owners only."""
    project = await member_project(request, project_id, user, roles=("owner",))
    row = await projects.update_project(_ctx(request).db, project_id=str(project["id"]),
                                        actor=user.user_id, name=body.name,
                                        archived=body.archived)
    return schemas.Project.from_row({**row, "role": project["role"]})


@router.get("/projects/{project_id}/members", response_model=list[schemas.Member],
            responses=ERRORS, tags=["projects"])
async def list_members(project_id: str, user: User, request: Request) -> list[schemas.Member]:
    project = await member_project(request, project_id, user)
    rows = await projects.list_members(_ctx(request).db, str(project["id"]))
    return [schemas.Member(user_id=str(r["user_id"]), display_name=r["display_name"],
                           role=r["role"]) for r in rows]


@router.post("/projects/{project_id}/members", status_code=201, response_model=schemas.Member,
             responses=ERRORS, tags=["projects"])
async def add_member(project_id: str, body: schemas.MemberAdd, user: User,
                     request: Request) -> schemas.Member:
    ctx = _ctx(request)
    project = await member_project(request, project_id, user, roles=("owner",))
    target = await projects.get_user(ctx.db, _uuid(body.user_id, "user"))
    if target is None:
        raise ApiError(404, "unknown_user", f"There is no user {body.user_id}.")
    await projects.add_member(ctx.db, project_id=str(project["id"]), user_id=str(target["id"]),
                              role=body.role, actor=user.user_id)
    return schemas.Member(user_id=str(target["id"]), display_name=target["display_name"],
                          role=body.role)


@router.delete("/projects/{project_id}/members/{member_id}", status_code=204,
               responses=ERRORS, tags=["projects"])
async def remove_member(project_id: str, member_id: str, user: User,
                        request: Request) -> Response:
    """Remove a member (owners; anyone may leave). The last owner cannot be removed."""
    ctx = _ctx(request)
    member_id = _uuid(member_id, "user")
    roles = ("owner", "editor", "viewer") if member_id == user.user_id else ("owner",)
    project = await member_project(request, project_id, user, roles=roles)
    if not await projects.remove_member(ctx.db, project_id=str(project["id"]),
                                        user_id=member_id, actor=user.user_id):
        raise ApiError(409, "last_owner", "A project needs at least one owner.")
    return Response(status_code=204)


@router.get("/projects/{project_id}/events", response_model=schemas.EventPage,
            responses=ERRORS, tags=["events"])
async def list_events(project_id: str, user: User, request: Request,
                      after: Annotated[int, Query(ge=0)] = 0,
                      limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> schemas.EventPage:
    project = await member_project(request, project_id, user)
    records = await event_log.events_after(_ctx(request).db, str(project["id"]), after, limit)
    next_after = records[-1].seq if records else after
    return schemas.EventPage(events=[r.to_json() for r in records], next_after=next_after,
                             more=next_after < project["head_seq"])


@router.get("/projects/{project_id}/bakes/latest", responses=ERRORS, tags=["bake"])
async def latest_bake(project_id: str, user: User, request: Request) -> Response:
    """The newest bake manifest (sceneIR JSON)."""
    ctx = _ctx(request)
    project = await member_project(request, project_id, user)
    data = await _newest_manifest(ctx, str(project["id"]))
    if data is None:
        raise ApiError(404, "no_bake", "This project has not been baked yet.")
    return Response(data, media_type="application/json",
                    headers={"Cache-Control": "no-cache"})


async def _newest_manifest(ctx, project_id: str) -> bytes | None:
    """The newest whole manifest; when the delta of a newer bake is out before its manifest
    (the worker announces the delta first, ADR 0054), that delta applied to its base."""
    row = await artefacts.latest(ctx.db, project_id, "manifest")
    newer = await artefacts.latest(ctx.db, project_id, "manifest_delta")
    if newer is not None and (row is None or newer["seq"] > row["seq"]):
        delta = json.loads(await ctx.objects.get(newer["key"]))
        if delta["base_seq"] is None:
            return json.dumps(patch_manifest(None, delta), separators=(",", ":")).encode()
        if row is not None and delta["base_seq"] == row["seq"]:
            base = json.loads(await ctx.objects.get(row["key"]))
            return json.dumps(patch_manifest(base, delta), separators=(",", ":")).encode()
    return None if row is None else await ctx.objects.get(row["key"])


@router.get("/projects/{project_id}/bakes/{seq}/model.glb", responses=ERRORS, tags=["bake"])
async def baked_model(project_id: str, seq: int, user: User, request: Request) -> Response:
    """The whole baked model at `seq` as one GLB (one node per element)."""
    ctx = _ctx(request)
    project = await member_project(request, project_id, user)
    row = await artefacts.for_seq(ctx.db, str(project["id"]), "model_glb", seq)
    if row is None:
        if await artefacts.for_seq(ctx.db, str(project["id"]), "manifest_delta",
                                   seq) is not None:
            # The model GLB follows the bake's delta and manifest, and a bake superseded at
            # once has none.
            raise ApiError(404, "model_pending",
                           f"The model GLB of seq {seq} is not written (yet); load its "
                           "meshes by hash, or ask again in a moment.")
        raise ApiError(404, "no_bake", f"There is no bake of seq {seq}.")
    return await _stream(request, row["key"], "model/gltf-binary",
                         "private, max-age=31536000, immutable")


@router.get("/projects/{project_id}/geom/{mesh_hash}", responses=ERRORS, tags=["bake"])
async def geometry(project_id: str, mesh_hash: str, user: User, request: Request) -> Response:
    """One element mesh (GLB), addressed by its content hash; immutable."""
    await member_project(request, project_id, user)
    if not _HASH.match(mesh_hash):
        raise ApiError(404, "unknown_mesh", "Mesh hashes are 64 hex digits.")
    return await _stream(request, f"geom/{mesh_hash}.glb", "model/gltf-binary",
                         "private, max-age=31536000, immutable")


@router.get("/projects/{project_id}/artefacts/{artefact_id}", responses=ERRORS,
            tags=["bake"])
async def artefact(project_id: str, artefact_id: str, user: User, request: Request) -> Response:
    project = await member_project(request, project_id, user)
    row = await artefacts.get(_ctx(request).db, str(project["id"]),
                              _uuid(artefact_id, "artefact"))
    if row is None:
        raise ApiError(404, "unknown_artefact", f"There is no artefact {artefact_id}.")
    headers = {"ETag": f'"{row["sha256"]}"'}
    if row["kind"].startswith("export_"):  # a file to save: House-ifc4.ifc, House-glb.glb...
        extension = row["key"].rsplit(".", 1)[-1]
        name = f'{file_stem(project["name"])}-{row["kind"].removeprefix("export_")}.{extension}'
        ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
        headers["Content-Disposition"] = \
            f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(name)}'
    return await _stream(request, row["key"], row["content_type"],
                         "private, max-age=31536000, immutable", headers)


@router.post("/projects/{project_id}/uploads", status_code=201, response_model=schemas.Upload,
             responses={**ERRORS, 413: {"model": schemas.ErrorResponse},
                        415: {"model": schemas.ErrorResponse}}, tags=["uploads"])
async def upload(project_id: str, user: User, request: Request,
                 filename: Annotated[str, Query(min_length=1, max_length=255)] = "upload"
                 ) -> schemas.Upload:
    """Upload a file as the raw request body (streamed to storage, never held in memory).
    The format is detected from the content; the size limit is PRYZM_MAX_UPLOAD_BYTES."""
    ctx = _ctx(request)
    project = await member_project(request, project_id, user, roles=("owner", "editor"))
    filename = _text(filename, "filename")
    limit = ctx.settings.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "upload_too_large",
                       f"The file is larger than the limit of {limit:,} bytes.", {"limit": limit})
    row = await uploads.receive(ctx.db, ctx.objects, project_id=str(project["id"]),
                                user_id=user.user_id, filename=filename,
                                body=request.stream(), limit=limit)
    return schemas.Upload.from_row(row)


def _text(value: str, what: str) -> str:
    """A query parameter's text, refused (422) if it holds characters no name has."""
    try:
        return no_nul(value)
    except ValueError as exc:
        raise ApiError(422, "invalid_request", f"{what} {exc}.") from exc


async def _stream(request: Request, key: str, media_type: str, cache: str,
                  extra: dict[str, Any] | None = None) -> StreamingResponse:
    try:
        size, chunks = await _ctx(request).objects.stream(key)
    except ObjectMissing as exc:
        raise ApiError(404, "missing_object", "That object is not in the store.") from exc
    headers = {"Cache-Control": cache, "Content-Length": str(size), **(extra or {})}
    return StreamingResponse(chunks, media_type=media_type, headers=headers)
