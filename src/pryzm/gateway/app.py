"""The api-gateway's ASGI app: REST, the project WebSocket, one error shape."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from pryzm import __version__
from pryzm.config import Settings
from pryzm.errors import ApiError, DatabaseUnavailable, StoreError
from pryzm.gateway.api import router
from pryzm.gateway.auth import SUBPROTOCOL, Authenticator, bearer_from_subprotocols
from pryzm.gateway.jobs_api import router as jobs_router
from pryzm.internal import HEADER, internal_token
from pryzm.relay import relay
from pryzm.service import CatchAll, Health, lifespan_for
from pryzm.store import projects
from pryzm.store.db import Database
from pryzm.store.objects import ObjectStore


@dataclass
class Context:
    settings: Settings
    db: Database
    objects: ObjectStore
    auth: Authenticator

    async def health(self) -> Health:
        report = Health("api-gateway")
        await report.check("postgres", self.db.ping())
        await report.check("object_store", self.objects.check_writable())
        return report


def create_app(settings: Settings) -> FastAPI:
    db = Database(settings.database_url, timeout=settings.db_connect_timeout)
    ctx = Context(settings, db, ObjectStore.from_settings(settings), Authenticator(settings, db))

    async def start() -> None:
        await ctx.db.open()
        await ctx.objects.ensure_bucket()

    app = FastAPI(
        title="PRYZM API", version=__version__, openapi_url="/v1/openapi.json",
        docs_url="/v1/docs", redoc_url=None,
        lifespan=lifespan_for(settings, "api-gateway", start, ctx.db.close),
    )
    app.state.ctx = ctx
    app.add_middleware(CatchAll)
    app.include_router(router)
    app.include_router(jobs_router)
    _error_handlers(app)

    @app.websocket("/ws/{project_id}")
    async def project_socket(ws: WebSocket, project_id: str) -> None:
        await _project_socket(ctx, ws, project_id)

    return app


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.to_json(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"field": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]}
                    for e in exc.errors()]
        first = problems[0] if problems else {"field": "", "problem": "invalid"}
        return JSONResponse(ApiError(422, "invalid_request",
                                     f"{first['field']}: {first['problem']}",
                                     problems).to_json(), status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(ApiError(exc.status_code, code, str(exc.detail)).to_json(),
                            status_code=exc.status_code)

    @app.exception_handler(DatabaseUnavailable)
    async def unavailable(request: Request, exc: DatabaseUnavailable) -> JSONResponse:
        return JSONResponse(ApiError(503, "unavailable", "The database is unavailable; "
                                     "try again shortly.").to_json(), status_code=503,
                            headers={"Retry-After": "2"})

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse(ApiError(503, "storage_unavailable", str(exc)).to_json(),
                            status_code=503)


async def _project_socket(ctx: Context, ws: WebSocket, project_id: str) -> None:
    """Authenticate, authorise, then relay to the sync-server. Refused sockets never reach
    it: the handshake is answered with the HTTP status and error body a REST call would get
    (401 for a missing or bad token, 403 `not_a_member`, 503 when the database or the
    identity provider is unreachable), so a client can tell "sign in again" from "no access".
    A close code sent before the handshake completes would reach no one: the server answers
    any such close with a bare 403."""
    settings = ctx.settings
    offered = list(ws.scope.get("subprotocols") or [])
    token = bearer_from_subprotocols(offered)
    try:
        if token is None:
            raise ApiError(401, "unauthenticated", "Sign in first (sub-protocol "
                           "bearer.<token>).")
        user = await ctx.auth.identify(token)
        role = await projects.member_role(ctx.db, project_id, user.user_id) \
            if _is_uuid(project_id) else None
        if role is None:
            raise ApiError(403, "not_a_member", "You are not a member of this project.")
    except ApiError as exc:
        await ws.send_denial_response(JSONResponse(exc.to_json(), status_code=exc.status))
        return
    except DatabaseUnavailable:
        await ws.send_denial_response(JSONResponse(
            ApiError(503, "unavailable", "The database is unavailable; try again "
                     "shortly.").to_json(), status_code=503, headers={"Retry-After": "2"}))
        return

    limit = settings.max_command_bytes

    async def inspect(text: str) -> str | None:
        if len(text) <= limit and len(text.encode()) <= limit:
            return None
        event_id = _event_id_of(text)
        return json.dumps({"type": "reject", "event_id": event_id, "code": "command_too_large",
                           "message": f"This message is {len(text.encode()):,} bytes; the "
                                      f"limit is {limit:,}. Nothing was applied.",
                           "details": {"limit": limit}})

    base = urlsplit(settings.sync_url)
    scheme = "wss" if base.scheme == "https" else "ws"
    await relay(
        ws, f"{scheme}://{base.netloc}/ws/{project_id}",
        headers={HEADER: internal_token(settings.require_secret()),
                 "x-pryzm-user-id": user.user_id,
                 "x-pryzm-user-name": quote(user.display_name),
                 "x-pryzm-role": role},
        accept_subprotocol=SUBPROTOCOL if SUBPROTOCOL in offered else None,
        max_size=settings.max_message_bytes, inspect=inspect, text_only=True,
        ping_interval=settings.ping_interval)


def _event_id_of(text: str) -> str | None:
    try:
        value = json.loads(text).get("event_id")
        return value if isinstance(value, str) else None
    except (ValueError, AttributeError, RecursionError):
        return None


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
        return True
    except ValueError:
        return False
