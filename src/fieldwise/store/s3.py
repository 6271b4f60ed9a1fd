"""Blobs in an S3 bucket (or MinIO, Ceph, moto...): `s3://bucket/prefix`, endpoint from settings.

Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance role),
never from fieldwise's settings, so they are not printed with them."""

from __future__ import annotations

from typing import Any, BinaryIO
from urllib.parse import urlparse

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from fieldwise.store.blobs import _check_key

_MISSING = {"NoSuchKey", "404", "NotFound"}


class S3BlobStore:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client, self.bucket = client, bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    @classmethod
    def from_url(cls, url: str, *, endpoint_url: str | None = None, region: str = "us-east-1") -> "S3BlobStore":
        parsed = urlparse(url)
        if parsed.scheme != "s3" or not parsed.netloc:
            raise ValueError(f"invalid S3 storage URL {url!r}; use s3://bucket/prefix")
        config = Config(retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=5, read_timeout=60,
                        max_pool_connections=32)
        client = boto3.session.Session().client("s3", endpoint_url=endpoint_url, region_name=region, config=config)
        return cls(client, parsed.netloc, parsed.path)

    def _key(self, key: str) -> str:
        _check_key(key)
        return self.prefix + key

    def put(self, key: str, stream: BinaryIO) -> None:
        # one PUT: S3 makes the object visible whole or not at all, like the local store's rename
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=stream.read())

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING:
                raise FileNotFoundError(f"no blob {key!r}") from exc
            raise

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))  # absent keys are not an error in S3

    def check(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)
