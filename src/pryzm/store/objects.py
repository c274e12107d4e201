"""The object store (obstore): a filesystem store by default, S3/MinIO when configured.

Keys are plain paths: `geom/<hash>.glb` (content-addressed meshes, shared by all projects),
`projects/<id>/bakes/<seq>.json|.glb`, `projects/<id>/uploads/...`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import httpx
import obstore
from obstore.store import LocalStore, S3Store

from pryzm.config import Settings
from pryzm.errors import ObjectMissing, StoreError


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str


class ObjectStore:
    def __init__(self, store: obstore.store.ObjectStore, description: str,
                 bucket: str | None = None):
        self._store = store
        self.description = description
        self.bucket = bucket

    @classmethod
    def from_settings(cls, settings: Settings) -> ObjectStore:
        if settings.s3_endpoint:
            store = S3Store(
                settings.s3_bucket, endpoint=settings.s3_endpoint, region=settings.s3_region,
                access_key_id=settings.s3_access_key_id or None,
                secret_access_key=settings.s3_secret_access_key or None,
                virtual_hosted_style_request=False,
                client_options={"allow_http": settings.s3_endpoint.startswith("http:")})
            return cls(store, f"S3 bucket {settings.s3_bucket}", bucket=settings.s3_bucket)
        path = settings.store_path
        assert path is not None
        path.mkdir(parents=True, exist_ok=True)
        return cls(LocalStore(prefix=path, mkdir=True), f"filesystem store at {path.name}/")

    async def ensure_bucket(self) -> None:
        """Create the S3 bucket if it is missing (idempotent; case H3). obstore has no bucket
        API, so the request is a CreateBucket PUT on the bucket's URL, signed by obstore."""
        if self.bucket is None:
            return
        url = await obstore.sign_async(self._store, "PUT", "", timedelta(minutes=5))
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.put(url)
        # 409: it exists already (BucketAlreadyOwnedByYou on MinIO and AWS outside us-east-1).
        if response.status_code not in (200, 409):
            raise StoreError(f"could not create bucket {self.bucket}: HTTP "
                             f"{response.status_code} {response.text[:200]}")

    async def put(self, key: str, data: bytes) -> StoredObject:
        try:
            await obstore.put_async(self._store, key, data)
        except Exception as exc:  # obstore raises its own hierarchy and OSErrors
            raise StoreError(f"could not write {key}: {exc}") from exc
        return StoredObject(key, len(data), hashlib.sha256(data).hexdigest())

    async def get(self, key: str) -> bytes:
        try:
            result = await obstore.get_async(self._store, key)
            return bytes(await result.bytes_async())
        except FileNotFoundError as exc:
            raise ObjectMissing(key) from exc
        except obstore.exceptions.NotFoundError as exc:
            raise ObjectMissing(key) from exc

    async def stream(self, key: str) -> tuple[int, AsyncIterator[bytes]]:
        """The object's size and an iterator over its bytes (never whole in memory)."""
        try:
            result = await obstore.get_async(self._store, key)
        except (FileNotFoundError, obstore.exceptions.NotFoundError) as exc:
            raise ObjectMissing(key) from exc

        async def chunks() -> AsyncIterator[bytes]:
            async for chunk in result.stream(min_chunk_size=256 * 1024):
                yield bytes(chunk)

        return result.meta["size"], chunks()

    def writer(self, key: str):
        """An async context manager writing one object in parts (multipart on S3)."""
        return obstore.open_writer_async(self._store, key)

    async def delete(self, key: str) -> None:
        try:
            await obstore.delete_async(self._store, key)
        except (FileNotFoundError, obstore.exceptions.NotFoundError):
            pass

    async def exists(self, key: str) -> bool:
        try:
            await obstore.head_async(self._store, key)
            return True
        except (FileNotFoundError, obstore.exceptions.NotFoundError):
            return False

    async def check_writable(self) -> None:
        """Write, read back and delete a probe object (health checks)."""
        key = f"health/{uuid.uuid4()}"
        try:
            await obstore.put_async(self._store, key, b"ok")
            await obstore.delete_async(self._store, key)
        except (FileNotFoundError, obstore.exceptions.NotFoundError) as exc:
            raise StoreError(f"{self.description} is missing (not writable)") from exc
        except Exception as exc:
            raise StoreError(f"{self.description} is not writable: {exc}") from exc
