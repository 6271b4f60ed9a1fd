"""Every way a call can fail, as one tree. Catch the leaf you care about, or `FieldwiseClientError` for all.

    FieldwiseClientError                      root: anything this client raises
    ├── ConfigurationError                    no API key, a bad base URL
    ├── APIConnectionError                    the server could not be reached (after the retries)
    │   └── APITimeoutError                   it did not answer in time
    ├── WaitTimeoutError                      `wait()` gave up before the run finished
    ├── WebhookVerificationError              `verify_webhook` refused a payload
    └── APIStatusError                        the server answered with an error status; one class per status:
        ├── BadRequestError                   400  VALIDATION_ERROR, INVALID_JSON, UNSUPPORTED_FILE_TYPE
        ├── AuthenticationError               401  AUTH_FAILED (the key is not valid)
        ├── PermissionDeniedError             403  ACCESS_DENIED (no key sent, or not allowed)
        ├── NotFoundError                     404  NOT_FOUND
        ├── ConflictError                     409
        ├── PreconditionFailedError           412  PRECONDITION_FAILED (results not ready yet)
        ├── PayloadTooLargeError              413  FILE_TOO_LARGE
        ├── UnprocessableEntityError          422
        │   ├── ExtractionFailedError         422  EXTRACTION_FAILED (the run ended in error)
        │   └── ExtractionCancelledError      422  EXTRACTION_CANCELLED
        ├── RateLimitError                    429  RATE_LIMITED (`retry_after` in seconds)
        └── ServerError                       5xx
            ├── InternalServerError           500
            ├── BadGatewayError               502
            ├── ServiceUnavailableError       503
            └── GatewayTimeoutError           504

Example:

    >>> from fieldwise.client import Fieldwise, NotFoundError
    >>> client = Fieldwise(base_url="http://127.0.0.1:8000", api_key="fw_...")  # doctest: +SKIP
    >>> try:                                                                     # doctest: +SKIP
    ...     client.workflows.retrieve("no-such-id")
    ... except NotFoundError as exc:
    ...     print(exc.status_code, exc.error_code, exc.request_id)
    404 NOT_FOUND 3f2c...
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx


class FieldwiseClientError(Exception):
    """The root of everything the fieldwise client raises."""


class ConfigurationError(FieldwiseClientError):
    """The client was built without what it needs (an API key, a usable base URL)."""


class APIConnectionError(FieldwiseClientError):
    """No answer from the server: refused, reset, DNS, TLS. Raised once the retries are spent."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The server took longer than the client's timeout."""


class WaitTimeoutError(FieldwiseClientError):
    """`wait()` reached its timeout while the run was still pending, queued or in progress."""

    def __init__(self, message: str, *, collection_id: str, waited_s: float) -> None:
        super().__init__(message)
        self.collection_id = collection_id
        self.waited_s = waited_s


class WebhookVerificationError(FieldwiseClientError):
    """A webhook delivery whose signature, timestamp or headers do not check out."""


class APIStatusError(FieldwiseClientError):
    """The server answered with an error status. Carries the error envelope (spec 1.1) as attributes."""

    status_code: int = 0

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        envelope = body if isinstance(body, dict) else {}
        self.error: str | None = envelope.get("error")
        self.detail: Any = envelope.get("detail")
        self.error_code: str | None = envelope.get("error_code")
        self.retryable: bool = bool(envelope.get("retryable", False))
        self.request_id: str | None = envelope.get("request_id") or response.headers.get("x-request-id")


class BadRequestError(APIStatusError):
    status_code = 400


class AuthenticationError(APIStatusError):
    status_code = 401


class PermissionDeniedError(APIStatusError):
    status_code = 403


class NotFoundError(APIStatusError):
    status_code = 404


class ConflictError(APIStatusError):
    status_code = 409


class PreconditionFailedError(APIStatusError):
    """412: the collection is still pending, queued or in progress. `wait()` polls past it."""

    status_code = 412


class PayloadTooLargeError(APIStatusError):
    status_code = 413


class UnprocessableEntityError(APIStatusError):
    status_code = 422


class ExtractionFailedError(UnprocessableEntityError):
    """The run ended with status `error`; `detail` says why (an unreadable file, a timeout...)."""


class ExtractionCancelledError(UnprocessableEntityError):
    """The run was cancelled (its collection deleted while processing)."""


class RateLimitError(APIStatusError):
    """429. `retry_after` is the server's Retry-After in seconds (None if it sent none)."""

    status_code = 429

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, response=response, body=body)
        self.retry_after = retry_after_seconds(response)


class ServerError(APIStatusError):
    """Any 5xx."""


class InternalServerError(ServerError):
    status_code = 500


class BadGatewayError(ServerError):
    status_code = 502


class ServiceUnavailableError(ServerError):
    status_code = 503


class GatewayTimeoutError(ServerError):
    status_code = 504


_BY_STATUS: dict[int, type[APIStatusError]] = {
    cls.status_code: cls
    for cls in (BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError,
                PreconditionFailedError, PayloadTooLargeError, UnprocessableEntityError, RateLimitError,
                InternalServerError, BadGatewayError, ServiceUnavailableError, GatewayTimeoutError)
}
_BY_CODE: dict[str, type[APIStatusError]] = {
    "EXTRACTION_FAILED": ExtractionFailedError,
    "EXTRACTION_CANCELLED": ExtractionCancelledError,
}


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The Retry-After header in seconds (it may be a number or an HTTP date); None if absent or unreadable."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def error_from_response(response: httpx.Response) -> APIStatusError:
    """The exception for an error response: by `error_code` where it names a leaf, else by status."""
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    envelope = body if isinstance(body, dict) else {}
    status = response.status_code
    cls = _BY_CODE.get(str(envelope.get("error_code")))
    if cls is None:
        cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else APIStatusError)
    summary = envelope.get("error") or response.reason_phrase
    detail = envelope.get("detail")
    code = envelope.get("error_code")
    message = f"{status} {code or ''}: {summary}".replace("  ", " ")
    if detail and detail != summary:
        message += f" ({detail})"
    return cls(message, response=response, body=body)
