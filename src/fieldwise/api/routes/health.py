"""Liveness and readiness (no auth)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from fieldwise.api.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/", summary="Service banner")
def root() -> dict[str, str]:
    return {"message": "ok", "service": "fieldwise", "docs": "/docs/", "schema": "/schema/"}


@router.get("/health/", summary="Liveness")
def health() -> dict[str, str]:
    return {"message": "ok"}


@router.get("/ready/", summary="Readiness: database and storage reachable")
def ready(services: ServicesDep) -> JSONResponse:
    checks: dict[str, str] = {}
    try:
        with services.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # report, do not raise: this endpoint exists to say what is down
        checks["database"] = f"unavailable: {type(exc).__name__}"
    try:
        services.blobs.check()
        checks["storage"] = "ok"
    except Exception as exc:
        checks["storage"] = f"unavailable: {type(exc).__name__}"
    ok = all(v == "ok" for v in checks.values())
    return JSONResponse({"message": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)
