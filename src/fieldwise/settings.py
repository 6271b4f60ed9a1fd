"""The one settings object. Only this module reads the environment; everything else is handed a Settings."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FIELDWISE_", extra="ignore")

    data_dir: Path = Field(default=Path("./fieldwise-data"), description="Where the embedded database and files live")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite in data_dir")
    storage_url: str | None = Field(default=None, description="Blob storage; default a folder in data_dir")
    queue: str = Field(default="inprocess", description="'inprocess' (worker processes in the server) or 'celery'")
    redis_url: str = "redis://127.0.0.1:6379/0"
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    s3_endpoint_url: str | None = Field(default=None, description="S3-compatible endpoint (MinIO and friends)")
    s3_region: str = "us-east-1"
    lease_s: float = Field(default=30, gt=0, description="A Celery worker's claim on a document lapses after "
                           "this long without a heartbeat; the reconciler then queues the document again")
    reconcile_interval_s: float = Field(default=5, gt=0, description="How often workers look for lost work")
    log_format: str = Field(default="text", description="'text' or 'json' (one JSON object a line)")
    access_log: bool = Field(default=False, description="one log line per HTTP request, with its request id")

    max_file_mb: float = Field(default=20, gt=0)
    max_pages: int = Field(default=2000, ge=1)
    max_image_pixels: int = Field(default=90_000_000, ge=1)
    document_timeout_s: float = Field(default=600, gt=0)

    rate_limit_submissions: int = Field(default=60, ge=1)
    rate_limit_general: int = Field(default=600, ge=1)

    public_url: str | None = Field(default=None, description="Base URL that links (verification_url) point at")
    signing_key: str | None = Field(default=None, description="Key of signed results links (v3); default: 32 "
                                    "random bytes made once in data_dir. Set it when several servers share a store")
    link_ttl_s: int = Field(default=900, gt=0, description="How long a signed results link stays valid")
    webhook_allow_private: bool = False
    webhook_timeout_s: float = Field(default=10, gt=0, description="Per delivery attempt")
    webhook_retry_base_s: float = Field(default=60, gt=0, description="Wait after the first failed attempt")
    webhook_retry_max_s: float = Field(default=43_200, gt=0, description="Longest wait between two attempts")
    webhook_max_attempts: int = Field(default=9, ge=1, description="Attempts before a delivery is failed")
    webhook_poll_s: float = Field(default=1.0, gt=0, description="How often the sender looks for due deliveries")
    review_threshold: float = Field(default=80, ge=0, le=100, description="Below this confidence, review it")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'fieldwise.db').resolve()}"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)
