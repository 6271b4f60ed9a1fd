"""Logging for servers and workers: plain text by default, or one JSON object a line (FIELDWISE_LOG_FORMAT=json)
carrying the request id and the collection id of whatever the line is about."""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("fieldwise_request_id", default=None)
collection_id_var: ContextVar[str | None] = ContextVar("fieldwise_collection_id", default=None)

_TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    def __init__(self, component: str) -> None:
        super().__init__()
        self.component = component

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage(),
            "component": self.component,
        }
        for name, var in (("request_id", request_id_var), ("collection_id", collection_id_var)):
            value = getattr(record, name, None) or var.get()
            if value:
                out[name] = value
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str)


def configure_logging(settings: Any, component: str) -> None:
    """Root logging for a server or worker process, by settings.log_format ('text' or 'json')."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter(component))
    elif settings.log_format == "text":
        handler.setFormatter(logging.Formatter(_TEXT))
    else:
        raise ValueError(f"unknown log format {settings.log_format!r}; use 'text' or 'json'")
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
