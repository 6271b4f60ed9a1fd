"""Liveness and readiness (no auth)."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from fieldwise.api import models
from fieldwise.api.auth import bearer_token
from fieldwise.api.deps import ServicesDep
from fieldwise.errors import AccessDenied, AuthFailed

router = APIRouter(tags=["health"])


@router.get("/", summary="Service banner", response_model=models.Root)
def root() -> dict[str, str]:
    return {"message": "ok", "service": "fieldwise", "docs": "/docs/", "schema": "/schema/"}


@router.get("/health/", summary="Liveness", response_model=models.Message)
def health() -> dict[str, str]:
    return {"message": "ok"}


def _check_metrics_token(expected: str | None, authorization: str | None) -> None:
    """/metrics shows every organization's counts and failure reasons: only for the holder of the token. With no
    token configured nobody may read it (set FIELDWISE_METRICS_TOKEN to turn it on)."""
    if not expected:
        raise AccessDenied("/metrics is off: set FIELDWISE_METRICS_TOKEN and send it as 'Authorization: Bearer "
                           "<token>'")
    token = bearer_token(authorization)
    if not hmac.compare_digest(token.encode(), expected.encode()):
        raise AuthFailed("the metrics token is not valid")


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
def metrics(request: Request, services: ServicesDep) -> Response:
    _check_metrics_token(services.settings.metrics_token, request.headers.get("authorization"))
    body, content_type = request.app.state.metrics.exposition()
    return Response(body, media_type=content_type)


@router.get("/ready/", summary="Readiness: database, queue and storage reachable (503 naming what is not)",
            **models.documented(models.Ready))
def ready(services: ServicesDep) -> JSONResponse:
    checks: dict[str, str] = {}
    try:
        with services.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # report, do not raise: this endpoint exists to say what is down
        checks["database"] = f"unavailable: {type(exc).__name__}"
    try:
        services.dispatcher.check()
        checks["queue"] = "ok"
    except Exception as exc:
        checks["queue"] = f"unavailable: {type(exc).__name__}"
    try:
        services.blobs.check()
        checks["storage"] = "ok"
    except Exception as exc:
        checks["storage"] = f"unavailable: {type(exc).__name__}"
    ok = all(v == "ok" for v in checks.values())
    return JSONResponse({"message": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)
