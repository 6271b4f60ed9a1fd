"""The one settings object. Only this module reads the environment; everything else is handed a Settings."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_worker_memory_mb() -> float:
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    except (ValueError, OSError, AttributeError):
        return 2048.0
    return float(max(1024, int(physical / ((os.cpu_count() or 1) + 1))))


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

    # bounded work per run: each limit ends a run that passes it with a reason (422 EXTRACTION_FAILED), never a cut
    max_file_mb: float = Field(default=20, gt=0)
    max_pages: int = Field(default=2000, ge=1, description="Pages of one run: every file and attachment together")
    max_image_pixels: int = Field(default=90_000_000, ge=1)
    max_table_cells: int = Field(default=500_000, ge=1, description="Table cells of one run, each row counted as "
                                 "wide as its table's widest")
    max_table_columns: int = Field(default=1_000, ge=1, description="Columns of any one table")
    max_table_rows: int = Field(default=100_000, ge=1, description="Table rows of one run, empty spreadsheet rows "
                                "included")
    max_inflated_mb: float = Field(default=32, gt=0, description="An Office file's parts once inflated, together")
    max_result_mb: float = Field(default=100, gt=0, description="A run's stored result (parse and extraction)")
    document_timeout_s: float = Field(default=600, gt=0, description="A run's time in a worker, enforced there")
    worker_memory_mb: float = Field(default_factory=lambda: _default_worker_memory_mb(), ge=64, description="A "
                                    "worker process's resident memory; past it, its document ends with that reason "
                                    "and the process is replaced. Default: the machine's memory shared by one more "
                                    "than its cores, at least 1024")

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
    learning: bool = Field(default=True, description="Reviewed values teach the workflow's layout memory, which "
                           "proposes values on later documents of that layout; false: runs ignore the memory")
    review_threshold: float = Field(default=80, ge=0, le=100, description="Below this confidence, review it")
    recalibrate: bool = Field(default=True, description="Per workflow, refit confidence from its own reviewed "
                              "values and ground truth, so that 90 means right 90 % of the time on its documents")
    recalibrate_min_reviewed: int = Field(default=30, ge=1, description="Reviewed values a workflow needs before "
                                          "its confidence is refitted")
    recalibrate_max_pairs: int = Field(default=5000, ge=1, description="Most recent reviewed values one refit "
                                       "reads, at most")

    # The API's edges: what one request may send, what one answer may load, and who may read what.
    max_json_mb: float = Field(default=1, gt=0, description="Largest JSON request body (413 beyond, while it streams)")
    max_json_depth: int = Field(default=64, ge=2, description="Deepest nesting of arrays and objects in a JSON body")
    max_read_mb: float = Field(default=16, gt=0, description="Most of a stored parse that one answer loads; a "
                               "larger parse is left out of results and exports, with a warning saying so")
    max_render_pixels: int = Field(default=8_000_000, ge=10_000, description="Largest review page image; larger "
                                   "pages are drawn scaled down to fit")
    metrics_token: str | None = Field(default=None, description="Bearer token /metrics asks for; unset: /metrics "
                                      "answers 403 to everyone")
    trusted_proxies: str = Field(default="127.0.0.1,::1", description="Comma-separated addresses or networks whose "
                                 "X-Forwarded-Proto is believed (TLS ended at a proxy)")
    secure_cookies: bool = Field(default=False, description="Mark review cookies Secure (and __Host-) always")
    review_session_hours: float = Field(default=12, gt=0, description="A review sign-in lasts this long")

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

    @property
    def max_json_bytes(self) -> int:
        return int(self.max_json_mb * 1024 * 1024)

    @property
    def max_read_bytes(self) -> int:
        return int(self.max_read_mb * 1024 * 1024)

    @property
    def max_result_bytes(self) -> int:
        return int(self.max_result_mb * 1024 * 1024)
