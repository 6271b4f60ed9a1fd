"""The decisions shared by the sync and async clients, kept free of I/O: when to retry and how long to wait,
how long `wait()` sleeps between polls, and how a path, bytes or a file object becomes a multipart file part.

    >>> policy = RetryPolicy(max_retries=2)
    >>> policy.is_retryable(429), policy.is_retryable(412), policy.is_retryable(503)
    (True, False, True)
    >>> 0.375 <= policy.backoff(0) <= 0.5
    True
"""

from __future__ import annotations

import mimetypes
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Union

import httpx

from fieldwise.client.errors import (
    APIConnectionError,
    APITimeoutError,
    WaitTimeoutError,
    retry_after_seconds,
)

FileInput = Union[str, os.PathLike, bytes, bytearray, IO[bytes]]
"""A document to upload: a path (str or Path), its bytes, or a binary file object."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Retries on connection errors, 408, 429 and 5xx: exponential backoff with jitter, or the server's
    Retry-After when it sends one (capped at `max_retry_after`). 412 and 422 are answers, never retried."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def is_retryable(self, status: int) -> bool:
        return status in (408, 429) or status >= 500

    def backoff(self, attempt: int) -> float:
        """Delay before retry `attempt` (0-based): initial * 2^attempt, capped, minus up to 25% jitter."""
        delay = min(self.max_delay, self.initial_delay * 2**attempt)
        return delay * (1 - 0.25 * random.random())

    def after_error(self, attempt: int) -> float | None:
        """Seconds to wait before retrying a request that got no answer; None once the retries are spent."""
        return self.backoff(attempt) if attempt < self.max_retries else None

    def after_response(self, attempt: int, response: httpx.Response) -> float | None:
        """Seconds to wait before retrying an error answer; None if it is final."""
        if attempt >= self.max_retries or not self.is_retryable(response.status_code):
            return None
        retry_after = retry_after_seconds(response)
        if retry_after is not None:
            return min(retry_after, self.max_retry_after) + random.uniform(0, 0.1)
        return self.backoff(attempt)


def connection_error(exc: httpx.TransportError, request: httpx.Request | None) -> APIConnectionError:
    """The client's error for a transport failure that outlived its retries."""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request timed out: {exc}", request=request)
    target = f" to {request.url}" if request is not None else ""
    return APIConnectionError(f"could not connect{target}: {exc}", request=request)


@dataclass(slots=True)
class Poller:
    """The sleeps of one `wait()`: start at `interval`, grow by half each poll up to `max_interval`, stop at
    `timeout` with WaitTimeoutError."""

    collection_id: str
    timeout: float
    interval: float = 0.5
    max_interval: float = 5.0
    started: float = field(default_factory=time.monotonic)

    def next_delay(self) -> float:
        waited = time.monotonic() - self.started
        remaining = self.timeout - waited
        if remaining <= 0:
            raise WaitTimeoutError(
                f"collection {self.collection_id} was not processed within {self.timeout:g} s",
                collection_id=self.collection_id, waited_s=waited)
        delay = min(self.interval * random.uniform(0.9, 1.1), remaining)
        self.interval = min(self.interval * 1.5, self.max_interval)
        return delay


def file_part(file: FileInput, *, filename: str | None = None,
              content_type: str | None = None) -> tuple[str, bytes, str]:
    """`(filename, content, content type)` for a multipart file part. The content is read once, so that a
    retry sends the same bytes again.

    >>> file_part(b"%PDF-1.7 ...", filename="invoice.pdf")
    ('invoice.pdf', b'%PDF-1.7 ...', 'application/pdf')
    """
    if isinstance(file, (bytes, bytearray)):
        content, name = bytes(file), filename or "document"
    elif isinstance(file, (str, os.PathLike)):
        path = Path(file)
        content, name = path.read_bytes(), filename or path.name
    elif hasattr(file, "read"):
        content = file.read()
        if isinstance(content, str):
            raise TypeError("open the file in binary mode ('rb'): text-mode file objects cannot be uploaded")
        name = filename or Path(str(getattr(file, "name", "") or "document")).name
    else:
        raise TypeError(f"cannot upload a {type(file).__name__}: pass a path, bytes or a binary file object")
    kind = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return name, content, kind
