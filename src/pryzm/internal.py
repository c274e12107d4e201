"""Trust between PRYZM's own services: the gateway vouches for a user to the sync-server
with a token derived from the shared secret key."""

from __future__ import annotations

import hashlib
import hmac

HEADER = "x-pryzm-internal"


def internal_token(secret_key: str) -> str:
    return hmac.new(secret_key.encode(), b"pryzm-internal-v1", hashlib.sha256).hexdigest()


def is_internal(secret_key: str, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(internal_token(secret_key), presented)
