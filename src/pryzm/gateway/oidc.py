"""Production sign-in: access tokens (JWT) from an OpenID Connect provider, checked against
the provider's published keys (JWKS), issuer, audience and expiry. Users are provisioned on
their first request, keyed by (issuer, subject)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import jwt

from pryzm.errors import ApiError, ConfigError

ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]
DISCOVERY_TTL = 3600.0


class OidcVerifier:
    def __init__(self, issuer: str, audience: str, client_id: str, scope: str):
        self.issuer = issuer.rstrip("/")
        self.audience = audience or client_id
        self.client_id = client_id
        self.scope = scope
        self._discovery: dict[str, Any] | None = None
        self._fetched_at = 0.0
        self._jwks: jwt.PyJWKClient | None = None
        self._lock = asyncio.Lock()

    async def discovery(self) -> dict[str, Any]:
        """The provider's discovery document (cached for an hour)."""
        async with self._lock:
            if self._discovery and time.monotonic() - self._fetched_at < DISCOVERY_TTL:
                return self._discovery
            url = f"{self.issuer}/.well-known/openid-configuration"
            try:
                async with httpx.AsyncClient(timeout=10) as client:
                    response = await client.get(url)
                response.raise_for_status()
                document = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                raise ApiError(503, "identity_provider_unavailable",
                               "The identity provider's discovery document is unreachable.",
                               {"issuer": self.issuer}) from exc
            if document.get("issuer", "").rstrip("/") != self.issuer:
                raise ConfigError(f"the discovery document names issuer "
                                  f"{document.get('issuer')!r}, not {self.issuer!r}")
            self._discovery, self._fetched_at = document, time.monotonic()
            self._jwks = jwt.PyJWKClient(document["jwks_uri"], cache_keys=True, lifespan=600)
            return document

    async def verify(self, token: str) -> dict[str, Any]:
        """The token's claims, or ApiError 401 with a reason."""
        document = await self.discovery()
        assert self._jwks is not None
        try:
            key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
            return jwt.decode(
                token, key.key, algorithms=ALGORITHMS, audience=self.audience,
                issuer=document["issuer"], options={"require": ["exp", "iss", "sub", "aud"]},
                leeway=30)
        except jwt.ExpiredSignatureError as exc:
            raise ApiError(401, "token_expired", "The access token has expired.") from exc
        except jwt.InvalidAudienceError as exc:
            raise ApiError(401, "invalid_token", "The access token is for another "
                           "audience.") from exc
        except jwt.InvalidIssuerError as exc:
            raise ApiError(401, "invalid_token", "The access token is from another "
                           "issuer.") from exc
        except (jwt.PyJWTError, jwt.PyJWKClientError) as exc:
            raise ApiError(401, "invalid_token", f"The access token is not valid: {exc}") from exc

    async def client_config(self, redirect_uri: str) -> dict[str, Any]:
        document = await self.discovery()
        return {"mode": "oidc", "issuer": document["issuer"], "client_id": self.client_id,
                "authorization_endpoint": document["authorization_endpoint"],
                "token_endpoint": document["token_endpoint"],
                "redirect_uri": redirect_uri, "scope": self.scope, "audience": self.audience}
