"""The error envelope (spec 1.1) for every failure, from our error tree, FastAPI's validation, or a bug."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from fieldwise.errors import FieldwiseError, InvalidJSON, ServiceUnavailable, ValidationFailed

log = logging.getLogger("fieldwise.api")

_HTTP_CODES = {
    400: "VALIDATION_ERROR", 401: "AUTH_FAILED", 403: "ACCESS_DENIED", 404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED", 406: "NOT_ACCEPTABLE", 413: "FILE_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE",
}


def request_id(request: Request) -> str:
    return getattr(request.state, "request_id", "")


def error_response(request: Request, status: int, code: str, summary: str, detail: Any, retryable: bool,
                   headers: dict[str, str] | None = None, params: dict[str, Any] | None = None) -> JSONResponse:
    body = {"error": summary, "detail": detail, "error_code": code, "retryable": retryable,
            "request_id": request_id(request)}
    if params:
        body["params"] = params
    return JSONResponse(body, status_code=status, headers=headers)


async def _fieldwise_error(request: Request, exc: FieldwiseError) -> JSONResponse:
    headers = dict(getattr(exc, "headers", {}) or {})
    if hasattr(exc, "retry_after"):
        headers["Retry-After"] = str(exc.retry_after)
    if exc.status_code >= 500:
        log.error("request %s failed: %s", request_id(request), exc.detail)
    return error_response(request, exc.status_code, exc.error_code, exc.summary, exc.detail, exc.retryable,
                          headers, exc.params)


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return await _fieldwise_error(request, InvalidJSON("the request body is not valid JSON"))
    if request.url.path.startswith("/v3/"):  # v3: a list of {loc, msg} (spec v3 D6)
        listed = [{"loc": _location(tuple(e.get("loc", ()))), "msg": str(e.get("msg", "invalid"))} for e in errors]
        return await _fieldwise_error(request, ValidationFailed(listed))
    detail: dict[str, list[str]] = {}
    for error in errors:
        detail.setdefault(_location(tuple(error.get("loc", ()))), []).append(str(error.get("msg", "invalid")))
    return await _fieldwise_error(request, ValidationFailed(detail))


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "HTTP_ERROR")
    summary = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, str(exc.detail))
    detail = exc.detail if exc.status_code != 404 else f"No route for {request.method} {request.url.path}"
    return error_response(request, exc.status_code, code, summary, detail, False, dict(exc.headers or {}))


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """A lost or refused database connection is the service being away for a moment: 503, retryable. Nothing that
    was not committed was accepted, so a client that retries loses nothing."""
    if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError,
                        sa_exc.TimeoutError)) or getattr(exc, "connection_invalidated", False):
        log.warning("request %s: database unavailable: %s", request_id(request), type(exc).__name__)
        unavailable = ServiceUnavailable("the database is unavailable; retry shortly")
        unavailable.retry_after = 1  # type: ignore[attr-defined]
        return await _fieldwise_error(request, unavailable)
    return await _unexpected(request, exc)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("request %s: unhandled error", request_id(request))
    return error_response(request, 500, "INTERNAL_ERROR", "Internal error",
                          f"an unexpected error occurred; quote request id {request_id(request)}", False)


def install(app: FastAPI) -> None:
    app.add_exception_handler(FieldwiseError, _fieldwise_error)  # type: ignore[arg-type]  # Starlette: handlers of Exception
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(sa_exc.DBAPIError, _database_error)
    app.add_exception_handler(sa_exc.DisconnectionError, _database_error)
    app.add_exception_handler(sa_exc.TimeoutError, _database_error)
    app.add_exception_handler(Exception, _unexpected)
