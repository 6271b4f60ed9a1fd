"""The one exception tree of fieldwise. Each leaf carries its stable API code, HTTP status and retryable flag,
so the API maps any of them to the error envelope without a lookup table of its own.

    FieldwiseError                      500 INTERNAL_ERROR
    ├── ValidationFailed                400 VALIDATION_ERROR
    │   ├── InvalidJSON                 400 INVALID_JSON
    │   ├── TopologyInvalid             400 TOPOLOGY_INVALID      (v3: the graph's shape breaks a rule)
    │   └── NotSupported                400 NOT_SUPPORTED         (v3: a node or option fieldwise cannot run)
    ├── AuthFailed                      401 AUTH_FAILED
    ├── AccessDenied                    403 ACCESS_DENIED
    │   └── LinkInvalid                 403 LINK_INVALID          (v3: a signed link altered or expired)
    ├── NotFound                        404 NOT_FOUND
    ├── Conflict                        409 (v3) WORKFLOW_NAME_CONFLICT, FILENAME_CONFLICT,
    │                                        IDEMPOTENCY_KEY_IN_USE (retryable), EVAL_IN_PROGRESS (retryable)
    ├── NotReady                        412 PRECONDITION_FAILED   (retryable)
    ├── FileTooLarge                    413 FILE_TOO_LARGE
    ├── BodyTooLarge                    413 REQUEST_TOO_LARGE     (a JSON or form body over its limit)
    ├── ResultUnavailable               422
    │   ├── SplitNotRenderable          422 SPLIT_NOT_RENDERABLE  (v3: a split of text or office files)
    │   ├── ExtractionFailed            422 EXTRACTION_FAILED
    │   └── ExtractionCancelled         422 EXTRACTION_CANCELLED
    ├── RateLimited                     429 RATE_LIMITED          (retryable)
    ├── DocumentError                   a document that cannot be read; ends its run with the reason
    │   ├── UnsupportedFileType         400 UNSUPPORTED_FILE_TYPE
    │   └── UnreadableDocument          422 UNREADABLE_DOCUMENT (corrupt, encrypted, bomb, lies about its type)
    │       └── LimitExceeded           422 LIMIT_EXCEEDED  (a run past a limit: pages, cells, bytes, result size)
    │           └── TimeLimitExceeded   422 TIME_LIMIT_EXCEEDED  (past FIELDWISE_DOCUMENT_TIMEOUT_S)
    ├── Withdrawn                       the run's collection was cancelled or deleted while it ran (not an answer)
    └── ServiceUnavailable              503 SERVICE_UNAVAILABLE   (retryable)

A run that ends in a DocumentError stores its reason on the collection; the v2 extraction endpoint answers it as
422 EXTRACTION_FAILED with that reason.
"""

from __future__ import annotations

from typing import Any


class FieldwiseError(Exception):
    status_code: int = 500
    error_code: str = "INTERNAL_ERROR"
    retryable: bool = False
    summary: str = "Internal error"

    params: dict[str, Any] | None = None  # v3: the error's structured named values, e.g. {"filename": ...}

    def __init__(self, detail: Any = None, *, summary: str | None = None) -> None:
        self.detail = detail if detail is not None else self.summary
        if summary is not None:
            self.summary = summary
        super().__init__(detail if isinstance(detail, str) else self.summary)


class ValidationFailed(FieldwiseError):
    status_code, error_code, summary = 400, "VALIDATION_ERROR", "Invalid request"


class InvalidJSON(ValidationFailed):
    error_code, summary = "INVALID_JSON", "Malformed JSON"


class TopologyInvalid(ValidationFailed):
    error_code, summary = "TOPOLOGY_INVALID", "Invalid workflow graph"


class NotSupported(ValidationFailed):
    error_code, summary = "NOT_SUPPORTED", "Not supported by fieldwise"


class AuthFailed(FieldwiseError):
    status_code, error_code, summary = 401, "AUTH_FAILED", "Authentication failed"


class AccessDenied(FieldwiseError):
    status_code, error_code, summary = 403, "ACCESS_DENIED", "Access denied"


class LinkInvalid(AccessDenied):
    error_code, summary = "LINK_INVALID", "Link invalid or expired"


class Conflict(FieldwiseError):
    status_code, error_code, summary = 409, "CONFLICT", "Conflict"

    def __init__(self, detail: Any = None, *, code: str, params: dict[str, Any] | None = None,
                 retryable: bool = False) -> None:
        super().__init__(detail, summary=detail if isinstance(detail, str) else None)
        self.error_code, self.params, self.retryable = code, params, retryable


class NotFound(FieldwiseError):
    status_code, error_code, summary = 404, "NOT_FOUND", "Not found"


class NotReady(FieldwiseError):
    status_code, error_code, retryable, summary = 412, "PRECONDITION_FAILED", True, "Results not ready"


class FileTooLarge(FieldwiseError):
    status_code, error_code, summary = 413, "FILE_TOO_LARGE", "File too large"


class BodyTooLarge(FieldwiseError):
    status_code, error_code, summary = 413, "REQUEST_TOO_LARGE", "Request body too large"


class ResultUnavailable(FieldwiseError):
    status_code = 422


class SplitNotRenderable(ResultUnavailable):
    error_code, summary = "SPLIT_NOT_RENDERABLE", "Split not renderable as PDF"


class ExtractionFailed(ResultUnavailable):
    error_code, summary = "EXTRACTION_FAILED", "Extraction failed"


class ExtractionCancelled(ResultUnavailable):
    error_code, summary = "EXTRACTION_CANCELLED", "Extraction cancelled"


class RateLimited(FieldwiseError):
    status_code, error_code, retryable, summary = 429, "RATE_LIMITED", True, "Rate limit exceeded"

    def __init__(self, detail: Any = None, *, retry_after: int = 1, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
        self.headers = headers or {}  # the quota's x-ratelimit-* headers, sent with the 429


class DocumentError(FieldwiseError):
    """A document could not be turned into text. The run ends with status error and this reason."""

    status_code, error_code, summary = 422, "UNREADABLE_DOCUMENT", "Document could not be read"


class UnsupportedFileType(DocumentError):
    status_code, error_code, summary = 400, "UNSUPPORTED_FILE_TYPE", "Unsupported file type"


class UnreadableDocument(DocumentError):
    pass


class LimitExceeded(UnreadableDocument):
    """The run would pass one of the per-run limits (Settings); the reason names the limit."""

    error_code, summary = "LIMIT_EXCEEDED", "Document exceeds a processing limit"


class TimeLimitExceeded(LimitExceeded):
    error_code, summary = "TIME_LIMIT_EXCEEDED", "Document took longer than the time limit"


class Withdrawn(FieldwiseError):
    """The work was withdrawn (its collection cancelled or deleted) while it ran: stop, record nothing."""

    summary = "The run was withdrawn"


class ServiceUnavailable(FieldwiseError):
    status_code, error_code, retryable, summary = 503, "SERVICE_UNAVAILABLE", True, "Service unavailable"
