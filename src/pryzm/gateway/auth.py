"""Who is calling.

Two kinds of bearer token are accepted:
- the test shim's session tokens (the default): a JWT (HS256, signed with the secret key) with
  `sub` (user id), `name`, `iat`, `exp`, `iss` = "pryzm-shim"; refused in production;
- with PRYZM_OIDC_ISSUER set, access tokens of that OpenID Connect provider (oidc.py).
REST calls carry the token as `Authorization: Bearer`; WebSockets as the sub-protocol
`bearer.<token>`.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import jwt

from pryzm.config import Settings
from pryzm.errors import ApiError
from pryzm.gateway.oidc import OidcVerifier
from pryzm.store.db import Database, q

ISSUER = "pryzm-shim"
SUBPROTOCOL = "pryzm.v1"
BEARER_PREFIX = "bearer."


@dataclass(frozen=True)
class Identity:
    user_id: str
    display_name: str


def issue_token(secret: str, user_id: str, display_name: str, ttl_hours: int) -> str:
    now = int(time.time())
    claims = {"sub": user_id, "name": display_name, "iat": now, "exp": now + ttl_hours * 3600,
              "iss": ISSUER}
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_token(secret: str, token: str) -> Identity:
    """A shim session token's identity, or ApiError 401."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], issuer=ISSUER,
                            options={"require": ["sub", "exp", "iat", "iss"]})
    except jwt.ExpiredSignatureError as exc:
        raise ApiError(401, "token_expired", "The session has expired; sign in again.") from exc
    except jwt.PyJWTError as exc:
        raise ApiError(401, "invalid_token", "The session token is not valid.") from exc
    return Identity(str(claims["sub"]), str(claims.get("name", "")))


class Authenticator:
    def __init__(self, settings: Settings, db: Database):
        self.settings = settings
        self.db = db
        self.oidc = (OidcVerifier(settings.oidc_issuer, settings.oidc_audience,
                                  settings.oidc_client_id, settings.oidc_scope)
                     if settings.oidc_issuer else None)
        settings.check_auth()

    @property
    def shim_enabled(self) -> bool:
        return self.settings.env != "production"

    async def identify(self, token: str) -> Identity:
        if self.shim_enabled and _issuer_of(token) == ISSUER:
            return verify_token(self.settings.require_secret(), token)
        if self.oidc is None:
            raise ApiError(401, "invalid_token", "The session token is not valid.")
        claims = await self.oidc.verify(token)
        name = (claims.get("name") or claims.get("preferred_username") or claims.get("email")
                or claims["sub"])
        return Identity(await self._provision(claims["iss"], claims["sub"], str(name)[:100]),
                        str(name)[:100])

    async def _provision(self, issuer: str, subject: str, name: str) -> str:
        async with self.db.connection() as conn:
            row = await (await conn.execute(q("upsert_oidc_user"), {
                "id": uuid.uuid4(), "issuer": issuer, "subject": subject,
                "display_name": name})).fetchone()
        return str(row["id"])

    async def client_config(self) -> dict:
        if self.oidc is None:
            return {"mode": "shim"}
        return await self.oidc.client_config(f"{self.settings.public_url}/auth/callback")


def _issuer_of(token: str) -> str | None:
    try:
        return jwt.decode(token, options={"verify_signature": False}).get("iss")
    except jwt.PyJWTError:
        return None


def bearer_from_header(value: str | None) -> str:
    if not value or not value.lower().startswith("bearer "):
        raise ApiError(401, "unauthenticated", "Sign in first (Authorization: Bearer <token>).")
    return value[7:].strip()


def bearer_from_subprotocols(offered: list[str]) -> str | None:
    for proto in offered:
        if proto.startswith(BEARER_PREFIX):
            return proto[len(BEARER_PREFIX):]
    return None
