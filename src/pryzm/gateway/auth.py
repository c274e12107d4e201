"""Who is calling: session tokens of the test shim (signed with the secret key).

A token is a JWT (HS256) with `sub` (user id), `name`, `iat`, `exp`, `iss` = "pryzm-shim".
REST calls carry it as `Authorization: Bearer`; WebSockets as the sub-protocol `bearer.<token>`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import jwt

from pryzm.errors import ApiError

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
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], issuer=ISSUER,
                            options={"require": ["sub", "exp", "iat", "iss"]})
    except jwt.ExpiredSignatureError as exc:
        raise ApiError(401, "token_expired", "The session has expired; sign in again.") from exc
    except jwt.PyJWTError as exc:
        raise ApiError(401, "invalid_token", "The session token is not valid.") from exc
    return Identity(str(claims["sub"]), str(claims.get("name", "")))


def bearer_from_header(value: str | None) -> str:
    if not value or not value.lower().startswith("bearer "):
        raise ApiError(401, "unauthenticated", "Sign in first (Authorization: Bearer <token>).")
    return value[7:].strip()


def bearer_from_subprotocols(offered: list[str]) -> str | None:
    for proto in offered:
        if proto.startswith(BEARER_PREFIX):
            return proto[len(BEARER_PREFIX):]
    return None
