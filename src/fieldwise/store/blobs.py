"""Blob storage behind one small protocol. Keys are made by fieldwise, never from a client's file name.

    BlobStore (protocol)      put, get, delete, check
    ├── LocalBlobStore        a folder (the embedded default; file:///path)
    └── S3BlobStore           s3://bucket/prefix (fieldwise.store.s3; boto3 is imported only when used)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, BinaryIO, Callable, Protocol


class BlobStore(Protocol):
    def put(self, key: str, stream: BinaryIO) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...

    def check(self) -> None:
        """Raise if the store cannot be reached (readiness)."""


class LocalBlobStore:
    """Files in a folder, two levels of fan-out; written to a temporary name and renamed, so never half-written."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        _check_key(key)
        return self.root / key[-2:] / key

    def put(self, key: str, stream: BinaryIO) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            shutil.copyfileobj(stream, tmp, 1024 * 1024)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp.name, path)

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def check(self) -> None:
        if not os.access(self.root, os.W_OK):
            raise OSError(f"{self.root} is not writable")


def _check_key(key: str) -> None:
    if not key or "/" in key or "\\" in key or key.startswith("."):
        raise ValueError(f"invalid blob key {key!r}")


def _local(url: str, _settings: Any) -> BlobStore:
    return LocalBlobStore(Path(url.removeprefix("file://")))


def _s3(url: str, settings: Any) -> BlobStore:
    from fieldwise.store.s3 import S3BlobStore

    return S3BlobStore.from_url(url, endpoint_url=getattr(settings, "s3_endpoint_url", None),
                                region=getattr(settings, "s3_region", "us-east-1"))


# scheme -> factory(url, settings). The one place a new kind of storage is added.
BLOB_STORES: dict[str, Callable[[str, Any], BlobStore]] = {"file": _local, "s3": _s3}


def open_blob_store(storage_url: str | None, default_root: Path, settings: Any = None) -> BlobStore:
    """The blob store a storage URL names: none -> a local folder; file:///path; s3://bucket/prefix."""
    if not storage_url:
        return LocalBlobStore(default_root)
    scheme = storage_url.partition("://")[0]
    if scheme not in BLOB_STORES or "://" not in storage_url:
        raise ValueError(f"unsupported storage URL {storage_url!r}; use file:///path or s3://bucket/prefix")
    return BLOB_STORES[scheme](storage_url, settings)
