"""What the sync and async clients share: configuration and the resource namespaces.

Every resource method returns `client._call(Call(...))`: the sync client sends it and returns the value, the
async client returns a coroutine. So one set of resource classes serves both clients.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import httpx

from fieldwise import __version__
from fieldwise.client._call import Call
from fieldwise.client._transport import RetryPolicy
from fieldwise.client.errors import ConfigurationError
from fieldwise.client.models import Health
from fieldwise.client.resources import Files, Results, Review, Webhooks, Workflows

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)


class BaseClient:
    """Configuration and namespaces; subclasses add `_call` (and `_wait`) for their kind of I/O."""

    def __init__(self, *, base_url: str | None, api_key: str | None, timeout: float | httpx.Timeout | None,
                 max_retries: int, default_headers: Mapping[str, str] | None) -> None:
        base_url = base_url or os.environ.get("FIELDWISE_BASE_URL") or DEFAULT_BASE_URL
        api_key = api_key or os.environ.get("FIELDWISE_API_KEY")
        if not api_key:
            raise ConfigurationError("no API key: pass api_key=... or set FIELDWISE_API_KEY "
                                     "(create one on the server with `fieldwise keys create --org NAME`)")
        if not base_url.startswith(("http://", "https://")):
            raise ConfigurationError(f"base_url must start with http:// or https://, not {base_url!r}")
        if max_retries < 0:
            raise ConfigurationError("max_retries must be 0 or more")
        self.base_url = base_url.rstrip("/") + "/"
        self.api_key = api_key
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        self.retry = RetryPolicy(max_retries=max_retries)
        self.headers = {
            "Authorization": f"Bearer {api_key}",
            "Accept": "application/json",
            "User-Agent": f"fieldwise-python/{__version__}",
            **dict(default_headers or {}),
        }
        self.workflows = Workflows(self)
        self.files = Files(self)
        self.results = Results(self)
        self.review = Review(self)
        self.webhooks = Webhooks(self)

    @property
    def max_retries(self) -> int:
        return self.retry.max_retries

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _call(self, call: Call) -> Any:
        raise NotImplementedError

    def _wait(self, collection_id: str, *, workflow_id: str, timeout: float, poll_interval: float,
              max_poll_interval: float) -> Any:
        raise NotImplementedError

    def health(self) -> Health:
        """`GET /health/`: `Health(message="ok")` when the server is up."""
        return self._call(Call("GET", "health/", cast=lambda r: Health.model_validate(r.json())))
