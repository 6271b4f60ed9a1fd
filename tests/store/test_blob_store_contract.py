"""One contract for every BlobStore: the local folder (embedded default) and S3 (moto's server on loopback)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Iterator

import boto3
import pytest

from fieldwise.settings import Settings
from fieldwise.store.blobs import BLOB_STORES, BlobStore, LocalBlobStore, open_blob_store
from fieldwise.store.s3 import S3BlobStore
from tests.support.services import MotoServer


@pytest.fixture(params=sorted(BLOB_STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BlobStore]:
    if request.param == "file":
        yield LocalBlobStore(tmp_path / "blobs")
        return
    moto: MotoServer = request.getfixturevalue("moto")
    client = boto3.client("s3", endpoint_url=moto.endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    yield S3BlobStore(client, moto.s3.bucket, f"contract/{tmp_path.name}")


def test_put_then_get_returns_the_bytes(store: BlobStore) -> None:
    data = bytes(range(256)) * 4096  # 1 MiB, every byte value
    store.put("01a2-key", io.BytesIO(data))
    assert store.get("01a2-key") == data


def test_put_replaces_whole(store: BlobStore) -> None:
    store.put("k1", io.BytesIO(b"first version, longer"))
    store.put("k1", io.BytesIO(b"second"))
    assert store.get("k1") == b"second"


def test_missing_key_is_file_not_found(store: BlobStore) -> None:
    with pytest.raises(FileNotFoundError):
        store.get("never-written")


def test_delete_removes_and_is_idempotent(store: BlobStore) -> None:
    store.put("gone", io.BytesIO(b"x"))
    store.delete("gone")
    store.delete("gone")
    with pytest.raises(FileNotFoundError):
        store.get("gone")


def test_keys_stay_inside_the_store(store: BlobStore) -> None:
    for bad in ("", "../escape", "a/b", ".hidden", "a\\b"):
        with pytest.raises(ValueError):
            store.put(bad, io.BytesIO(b"x"))


def test_empty_blob_round_trips(store: BlobStore) -> None:
    store.put("empty", io.BytesIO(b""))
    assert store.get("empty") == b""


def test_check_passes_when_reachable(store: BlobStore) -> None:
    store.check()


def test_storage_url_picks_the_store(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, s3_endpoint_url="http://127.0.0.1:9")
    assert isinstance(open_blob_store(None, tmp_path / "d", settings), LocalBlobStore)
    assert isinstance(open_blob_store(f"file://{tmp_path}/x", tmp_path, settings), LocalBlobStore)
    s3 = open_blob_store("s3://bucket/some/prefix", tmp_path, settings)
    assert isinstance(s3, S3BlobStore) and (s3.bucket, s3.prefix) == ("bucket", "some/prefix/")
    with pytest.raises(ValueError):
        open_blob_store("ftp://host/x", tmp_path, settings)
