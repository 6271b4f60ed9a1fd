"""v3 runs: spec v3 section 3 rows 13-15 and 17 (list, read, signed results link, parse-only)."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from fieldwise.api.deps import OrgDep, Services, ServicesDep, SessionDep, SubmitOrgDep
from fieldwise.api.signing import sign, signing_key, verify
from fieldwise.api.uploads import _from_part, read_form
from fieldwise.api.v3 import models
from fieldwise.api.v3.paging import KeysetDep, page
from fieldwise.api.v3.results import results, with_file_refs
from fieldwise.api.views import iso, verification_url
from fieldwise.errors import NotFound, ValidationFailed
from fieldwise.store import collections, runs, workflows
from fieldwise.store.runs import RunView
from fieldwise.jobs.submit import stage

router = APIRouter(prefix="/v3", tags=["v3 runs"])

ParseFormat = Literal["markdown", "blocks", "none"]
INLINE_LIMIT = 5 * 1024 * 1024  # results larger than this (as JSON) go by signed link (D9)
_PARSE_DOC = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}}}}}}}


def summary(item: RunView) -> dict[str, Any]:
    return {"id": item.run.id, "document_packet_id": item.collection.id, "status": item.status,
            "created_at": iso(item.run.created_at), "updated_at": iso(item.updated_at)}


def _results_of(session: Session, services: Services, request: Request, item: RunView,
                parse_format: str) -> dict[str, Any] | None:
    if item.status != "processed":
        return None
    stored = runs.result_of(session, item.run.id)
    if stored is None:
        return None
    definition = services.definition(session, item.run.version_id)
    base = services.settings.public_url or str(request.base_url)
    review = verification_url(base, item.collection.id) if item.is_latest and item.run.workflow_id else None
    parse = collections.parse_within(session, stored, services.settings.max_read_bytes) \
        if parse_format != "none" else None
    view = results(item.collection.id, item.run.id, stored, definition, parse_format, review, parse,
                   edit_link=lambda file_id: signed_link(services, request, edit_path(item.run.id, file_id), "pdf"))
    return with_file_refs(view, collections.files_of(session, item.collection.id), stored.file_pages)


def signed_link(services: Services, request: Request, path: str, parse_format: str) -> str:
    """An absolute link to `path` that works without an API key for FIELDWISE_LINK_TTL_S (D9)."""
    expires, signature = sign(signing_key(services.settings), path, parse_format, services.settings.link_ttl_s)
    base = (services.settings.public_url or str(request.base_url)).rstrip("/")
    return f"{base}{path}?parse_format={parse_format}&expires={expires}&signature={signature}"


def edit_path(run_id: str, file_id: str) -> str:
    return f"/v3/runs/{run_id}/edits/{file_id}/pdf/"


def _results_url(services: Services, request: Request, run_id: str, parse_format: str) -> str:
    return signed_link(services, request, f"/v3/runs/{run_id}/results/", parse_format)


@router.get("/workflows/{workflow_id}/runs/", response_model=models.Page[models.RunSummary],
            summary="Runs started on the workflow, newest first")
def list_runs(workflow_id: str, org: OrgDep, session: SessionDep, keyset: KeysetDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    items = runs.page(session, org, workflow.id, keyset.limit + 1, keyset.after)
    return page([summary(i) for i in items], [i.run for i in items], keyset.limit)


@router.get("/runs/{run_id}/", response_model=models.RunDetail,
            summary="A run: its status, and its results once processed (never a 412)")
def get_run(run_id: str, request: Request, org: OrgDep, session: SessionDep, services: ServicesDep,
            parse_format: Annotated[ParseFormat, Query()] = "markdown",
            delivery: Annotated[Literal["inline", "url"], Query()] = "inline") -> dict[str, Any]:
    item = runs.get(session, org, run_id)
    out: dict[str, Any] = {**summary(item), "workflow_id": item.run.workflow_id, "version_id": item.run.version_id,
                           "error": item.error, "results": None}
    found = _results_of(session, services, request, item, parse_format)
    if found is not None:
        if delivery == "url" or len(json.dumps(found)) > INLINE_LIMIT:
            out["results_url"] = _results_url(services, request, item.run.id, parse_format)
        else:
            out["results"] = found
    return out


@router.get("/runs/{run_id}/results/", summary="A run's results by signed link (no API key)",
            responses={403: {"description": "LINK_INVALID: the link was altered or has expired"}})
def signed_results(run_id: str, request: Request, session: SessionDep, services: ServicesDep,
                   parse_format: Annotated[str, Query()] = "markdown",
                   expires: Annotated[str | None, Query()] = None,
                   signature: Annotated[str | None, Query()] = None) -> JSONResponse:
    verify(signing_key(services.settings), request.url.path, parse_format, expires, signature)
    if parse_format not in ("markdown", "blocks", "none"):
        raise ValidationFailed([{"loc": "parse_format", "msg": "markdown, blocks or none"}])
    run = session.get(runs.Run, run_id)
    if run is None:
        raise NotFound(f"No run with id {run_id!r}")
    quota = services.limiter.check(run.organization_id, "general")  # D19: counted for the run's organization
    request.state.extra_headers.update(quota.headers())
    item = runs.get(session, run.organization_id, run_id)
    found = _results_of(session, services, request, item, parse_format)
    if found is None:
        raise NotFound(f"run {run_id} has no results ({item.status})")
    return JSONResponse(found)


@router.get("/runs/{run_id}/edits/{file_id}/pdf/", response_class=Response,
            summary="The PDF an edit node filled, by signed link (no API key)",
            responses={200: {"content": {"application/pdf": {}}},
                       403: {"description": "LINK_INVALID: the link was altered or has expired"}})
def edited_pdf(run_id: str, file_id: str, request: Request, session: SessionDep, services: ServicesDep,
               parse_format: Annotated[str, Query()] = "pdf", expires: Annotated[str | None, Query()] = None,
               signature: Annotated[str | None, Query()] = None) -> Response:
    verify(signing_key(services.settings), request.url.path, parse_format, expires, signature)
    run = session.get(runs.Run, run_id)
    if run is None:
        raise NotFound(f"No run with id {run_id!r}")
    quota = services.limiter.check(run.organization_id, "general")  # D19: counted for the run's organization
    request.state.extra_headers.update(quota.headers())
    stored = runs.result_of(session, run_id)
    entry = next((e for e in (stored.edits or []) if isinstance(e, dict) and e.get("file_id") == file_id
                  and e.get("blob_key")), None) if stored is not None else None
    if entry is None:
        raise NotFound(f"run {run_id} filled no form in file {file_id!r}")
    return Response(services.blobs.get(str(entry["blob_key"])), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{_filled_name(entry)}"'})


def _filled_name(entry: dict[str, Any]) -> str:
    stem = str(entry.get("file_name") or "document.pdf").rsplit(".", 1)[0]
    safe = "".join(c if c.isalnum() or c in " ._-()" else "_" for c in stem)[:150] or "document"
    return f"{safe} (filled).pdf"


@router.post("/parse/", status_code=202, response_model=models.RunTrigger, openapi_extra=_PARSE_DOC,
             summary="Parse one file, no workflow: read the run for results.parse")
async def parse(request: Request, org: SubmitOrgDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    form = await read_form(request, services.settings.max_file_bytes)
    parts = form.getlist("file")
    if len(parts) != 1 or isinstance(parts[0], str):  # a second part is refused, never silently dropped
        raise ValidationFailed([{"loc": "file", "msg": "send the document as one file part named 'file'"}])
    upload = await _from_part(parts[0], services.settings.max_file_bytes)
    collection, _ = stage(session, services.blobs, org, None, None, [upload], kind="parse")
    run = runs.start(session, collection, None, purpose="parse")
    session.commit()
    services.dispatcher.notify(collection.id)
    return {"run_id": run.id, "workflow_id": None, "document_packet_id": collection.id, "status": "queued"}
