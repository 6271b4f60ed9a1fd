"""A workflow's documents in the web app: drop files (or folders) to run them, watch each one's status change
without a reload (the page's script polls the table, a fragment of the same template), the results table with
one column per field, its filters, and the exports with confidence columns.

Each dropped file is a collection of its own, run on the workflow's current version, through the same staging
and queue as `POST /v2/workflows/{id}/run/`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from fieldwise.api import exports
from fieldwise.api.deps import Services, ServicesDep, SessionDep
from fieldwise.api.params import MAX_PAGE
from fieldwise.api.routes.runs import export_columns, export_entries
from fieldwise.api.uploads import many_documents, read_form
from fieldwise.jobs.submit import Upload, stage
from fieldwise.review.session import check_csrf
from fieldwise.store import collections, workflows
from fieldwise.store.review_sessions import Reviewer
from fieldwise.web import results, ui

router = APIRouter(tags=["web app"], include_in_schema=False)
PAGE_SIZE = 50
SCAN_LIMIT = 500  # a filtered table looks at this many newest documents of the workflow


def _table(session: Session, services: Services, who: Reviewer, workflow_id: str, filters: results.Filters,
           page: int) -> dict[str, Any]:
    workflow = workflows.get(session, who.organization_id, workflow_id)
    definition = services.definition(session, workflow.current_version_id)
    specs = list(definition.fields) if definition else []
    target = services.settings.review_target
    if filters.active:
        _, rows = collections.page(session, who.organization_id, 1, SCAN_LIMIT, workflow_id=workflow.id)
    else:
        _, rows = collections.page(session, who.organization_id, page, PAGE_SIZE, workflow_id=workflow.id)
    lines = []
    for row in rows:
        if not filters.keeps_date(row.created_at.date()):
            continue
        result = collections.result_of(session, row.id) if row.status == "processed" else None
        files = collections.files_of(session, row.id)
        found = results.line(row, files[0].filename if files else row.id, result.extraction if result else None,
                             result.validations if result else None, specs, target)
        if filters.keeps(found):
            lines.append(found)
    if filters.active:
        lines = lines[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return {"workflow": workflow, "specs": specs, "lines": lines, "target": target, "page": page,
            "more": len(lines) == PAGE_SIZE, "working": sum(1 for l in lines if l.status == "processing")}


def _filters(needs_review: str | None, failed: str | None, since: str | None, until: str | None) -> results.Filters:
    on = ("1", "true", "on")
    return results.Filters(needs_review in on, failed in on, results.parse_day(since), results.parse_day(until))


Flag = Annotated[str | None, Query()]


@router.get("/workflows/{workflow_id}/")
def workflow_page(workflow_id: str, request: Request, session: SessionDep, services: ServicesDep,
                  needs_review: Flag = None, failed: Flag = None, since: Flag = None, until: Flag = None,
                  page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1) -> Response:
    who = ui.person(request, session, services)
    filters = _filters(needs_review, failed, since, until)
    table = _table(session, services, who, workflow_id, filters, page)
    return ui.html("documents.html", csrf=who.csrf, reviewer=who.reviewer, filters=filters,
                   query=str(request.url.query), keep=_kept(request), max_mb=services.settings.max_file_mb,
                   **table)


def _kept(request: Request) -> str:
    """The filters of the page's query, for the pager's links (the table fragment is fetched with them too)."""
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page"])


@router.get("/workflows/{workflow_id}/table")
def table_fragment(workflow_id: str, request: Request, session: SessionDep, services: ServicesDep,
                   needs_review: Flag = None, failed: Flag = None, since: Flag = None, until: Flag = None,
                   page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1) -> Response:
    """The results table alone, for the page's script to swap in while documents are being processed."""
    who = ui.person(request, session, services)
    table = _table(session, services, who, workflow_id, _filters(needs_review, failed, since, until), page)
    response = ui.fragment("table.html", keep=_kept(request), **table)
    response.headers["x-working"] = str(table["working"])
    return response


def _run_each(session: Session, services: Services, who: Reviewer, workflow_id: str,
              uploads: list[Upload]) -> list[dict[str, str]]:
    workflow = workflows.get(session, who.organization_id, workflow_id)
    started = []
    for upload in uploads:
        collection, _ = stage(session, services.blobs, who.organization_id, workflow.id,
                              workflow.current_version_id, [upload])
        collections.start_run(session, collection, workflow.current_version_id)
        session.commit()
        services.dispatcher.notify(collection.id)
        started.append({"id": collection.id, "file": upload.filename})
    return started


@router.post("/workflows/{workflow_id}/documents")
async def upload_documents(workflow_id: str, request: Request, session: SessionDep,
                           services: ServicesDep) -> Response:
    """Files from the page (one a request from its script; any number, within the upload limit, without it)."""
    form = await read_form(request, services.settings.max_file_bytes)
    who = await run_in_threadpool(ui.person, request, session, services)
    check_csrf(who.csrf, request.headers.get("x-csrf-token") or form.get("csrf"))
    uploads = await many_documents(form, services.settings.max_file_bytes)
    for _ in uploads:  # each file is a run, counted as the API counts runs (the page's script waits on a 429)
        request.state.extra_headers.update(services.limiter.check(who.organization_id, "submission").headers())
    started = await run_in_threadpool(_run_each, session, services, who, workflow_id, uploads)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"started": started}, status_code=202)
    return RedirectResponse(f"/workflows/{workflow_id}/", status_code=303)


@router.get("/workflows/{workflow_id}/export.{output_format}")
def export(workflow_id: str, output_format: str, request: Request, session: SessionDep,
           services: ServicesDep) -> Response:
    """Every processed document of the workflow: CSV and XLSX with a `<field>.confidence` column after each
    field, JSON with each value's confidence and evidence (as `GET /v2/workflows/{id}/results/`)."""
    who = ui.person(request, session, services)
    workflow = workflows.get(session, who.organization_id, workflow_id)
    if output_format not in ("csv", "xlsx", "json"):
        return Response("export as csv, xlsx or json", status_code=404, media_type="text/plain")
    org = who.organization_id
    filename = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{workflow.name or 'workflow'}-results.{output_format}")
    headers = {"content-disposition": f'attachment; filename="{filename}"'}
    if output_format == "json":
        body = exports.iter_json(export_entries(services, org, workflow.id, None, False))
        return StreamingResponse(body, media_type="application/json", headers=headers)
    current = services.definition(session, workflow.current_version_id)
    # the current fields first (a header even before any document is processed), then older versions' others
    columns = exports.columns([list(current.fields) if current else [],
                               export_columns(session, services, org, workflow.id)])
    entries = export_entries(services, org, workflow.id, None, False, markdown=False)
    if output_format == "xlsx":
        return Response(exports.as_xlsx(entries, columns), media_type=exports.MEDIA_TYPES["xlsx"], headers=headers)
    return StreamingResponse(exports.iter_csv(entries, columns),
                             media_type=exports.MEDIA_TYPES["csv"], headers=headers)
