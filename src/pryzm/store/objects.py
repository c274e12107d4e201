"""The object store (obstore): a filesystem store by default, S3/MinIO when configured.

Keys are plain paths: `geom/<hash>.glb` (content-addressed meshes, shared by all projects),
`projects/<id>/bakes/<seq>.json|.glb`, `projects/<id>/uploads/...`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import obstore
from obstore.store import LocalStore

from pryzm.config import Settings
from pryzm.errors import ObjectMissing, StoreError


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str


class ObjectStore:
    def __init__(self, store: obstore.store.ObjectStore, description: str):
        self._store = store
        self.description = description

    @classmethod
    def from_settings(cls, settings: Settings) -> ObjectStore:
        path = settings.store_path
        assert path is not None
        path.mkdir(parents=True, exist_ok=True)
        return cls(LocalStore(prefix=path, mkdir=True), f"filesystem store at {path.name}/")

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
        except Exception as exc:
            raise StoreError(f"object store not writable: {exc}") from exc
