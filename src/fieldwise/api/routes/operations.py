"""Parse-only jobs: spec section 3 row 22 (SDK 0.7.0 `client.parse(file)` / `get_markdown(job_id)`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from fieldwise.api import views
from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep, SubmitOrgDep
from fieldwise.api.routes.runs import _UPLOAD_DOC
from fieldwise.api.uploads import read_form, single_document
from fieldwise.jobs.submit import Upload, stage
from fieldwise.store import collections

router = APIRouter(prefix="/v2/operations", tags=["operations"])


@router.post("/parse", openapi_extra=_UPLOAD_DOC, summary="Parse a document to Markdown")
@router.post("/parse/", include_in_schema=False)
async def parse(request: Request, org: SubmitOrgDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    form = await read_form(request, services.settings.max_file_bytes)
    upload = await single_document(form, services.settings.max_file_bytes)
    return await run_in_threadpool(_start_parse, session, services, org, upload)


def _start_parse(session: SessionDep, services: ServicesDep, org: str, upload: Upload) -> dict[str, Any]:
    collection, _ = stage(session, services.blobs, org, None, None, [upload], kind="parse")
    collections.start_run(session, collection, None)
    session.commit()
    services.dispatcher.notify(collection.id)
    return {"job_id": collection.id, "status": collection.status}


@router.get("/parse/{job_id}", summary="State of a parse job; Markdown once done; 422 if it failed")
@router.get("/parse/{job_id}/", include_in_schema=False)
def parse_status(job_id: str, org: OrgDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    collection = collections.get(session, org, job_id, kind="parse")
    if collection.status in ("error", "cancelled"):
        views.ensure_ready(collection)  # 422: SDK 0.7.0 raises APIError instead of polling StillParsing forever
    out: dict[str, Any] = {"job_id": collection.id, "status": collection.status, "markdown": None,
                           "error": collection.error}
    if collection.status == "processed":
        result = collections.processed_result(session, collection.id)
        limit = services.settings.max_read_bytes
        parse = views.parse_shown(collections.parse_within(session, result, limit), limit)
        out.update(status="done", markdown=parse.get("markdown"), parse=parse)
    return out
