"""The web app's root and its workflow pages: the list, a new workflow (blank, from a template, or with fields
suggested from an example document), and the editor, whose every save mints a version as `PUT` does.

The editor is one form. "Save workflow" posts it; "Suggest fields" posts the same form with the example
document, and the page comes back with the rows the person had plus the suggested ones, to keep, rename or drop.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from fieldwise.api.deps import Services, ServicesDep, SessionDep
from fieldwise.api.routes import health
from fieldwise.api.uploads import limited_request
from fieldwise.errors import DocumentError, FieldwiseError, ValidationFailed
from fieldwise.extraction.schema import DATA_TYPES
from fieldwise.review import pages as review_pages
from fieldwise.review.session import SignedOut, check_csrf
from fieldwise.store import workflows
from fieldwise.store.review_sessions import Reviewer
from fieldwise.workflows.definitions import parse_definition
from fieldwise.workflows.v3 import carry_ids
from fieldwise.web import editor, suggest, ui
from fieldwise.web.editor import Row

router = APIRouter(tags=["web app"], include_in_schema=False)
LISTED = 200  # workflows on the home page; an organization with more finds the rest through the API
MAX_FORM_FIELDS = editor.MAX_ROWS * 5 + 10
_READS = asyncio.Semaphore(1)  # one example read at a time; the others wait here, holding no thread


@router.get("/", response_model=None)
def home(request: Request, session: SessionDep, services: ServicesDep) -> Response | dict[str, str]:
    if "text/html" not in request.headers.get("accept", ""):
        return health.root()  # API clients keep the service banner
    try:
        who = ui.person(request, session, services)
    except SignedOut:
        return review_pages.login_page(request, session, services, None, home="/")
    _, rows = workflows.page(session, who.organization_id, 1, LISTED)
    return ui.html("home.html", workflows=rows, csrf=who.csrf, reviewer=who.reviewer)


def _editor(who: Reviewer, rows: list[Row], *, name: str = "", description: str = "", workflow: Any = None,
            versions: list[Any] | None = None, error: str | None = None, note: str | None = None,
            status: int = 200, editable: bool = True) -> Response:
    # one blank row at the end: without the page's script, that is how a field is added (save, and another comes)
    return ui.html("editor.html", status=status, csrf=who.csrf, reviewer=who.reviewer, rows=[*rows, Row()],
                   name=name, description=description, workflow=workflow, versions=versions or [], error=error,
                   note=note, types=DATA_TYPES, with_options=editor.WITH_OPTIONS, editable=editable,
                   templates=editor.templates())


@router.get("/workflows/new")
def new_workflow(request: Request, session: SessionDep, services: ServicesDep,
                 template: str | None = None) -> Response:
    who = ui.person(request, session, services)
    chosen = editor.templates().get(template or "")
    rows = editor.template_rows(template) if chosen and template else []
    return _editor(who, rows, name=chosen["title"] if chosen else "")


def _versions(session: Session, workflow: Any) -> list[Any]:
    return workflows.versions_keyset(session, workflow.id, 20, None)


@router.get("/workflows/{workflow_id}/edit")
def edit_workflow(workflow_id: str, request: Request, session: SessionDep, services: ServicesDep) -> Response:
    who = ui.person(request, session, services)
    workflow = workflows.get(session, who.organization_id, workflow_id)
    body = workflows.definition(session, workflow.current_version_id)
    definition = parse_definition(body)
    return _editor(who, editor.rows_of_specs(definition.fields), name=workflow.name,
                   description=workflow.description or "", workflow=workflow, versions=_versions(session, workflow),
                   editable="fields" in body,
                   note=None if "fields" in body else "This workflow is a graph of steps; edit it through the API.")


async def _editor_form(request: Request, services: Services) -> FormData:
    """The editor's form, urlencoded or (with an example document) multipart, read under the upload limit."""
    try:
        return await limited_request(request, services.settings.max_file_bytes).form(
            max_files=1, max_fields=MAX_FORM_FIELDS,
            max_part_size=services.settings.max_file_bytes + 64 * 1024)
    except FieldwiseError:
        raise
    except Exception as exc:  # a malformed body is the client's mistake
        raise ValidationFailed(f"the form could not be read: {exc}") from exc


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


async def _suggested(form: FormData, services: Services) -> tuple[list[Row], str]:
    """The rows suggested from the form's example document, and a sentence saying what happened."""
    part = form.get("example")
    if not isinstance(part, UploadFile) or not part.filename:
        return [], "Choose an example document first."
    data = await part.read()
    if not data:
        return [], f"{part.filename} is empty."
    try:
        async with _READS:
            found = await run_in_threadpool(suggest.suggest_from, data, part.filename, services.settings)
    except (DocumentError, FieldwiseError) as exc:
        return [], f"{part.filename} could not be read: {exc.detail if hasattr(exc, 'detail') else exc}"
    rows = [row for s in found for row in [Row(s.name, s.description, s.data_type, suggested=True)] +
            [Row(c.name, c.description, c.data_type, nested=True, suggested=True) for c in s.nested]]
    if not rows:
        return [], f"No labelled values were found on {part.filename}; add the fields by hand."
    return rows, f"{len(found)} fields suggested from {part.filename}: keep, rename or remove them, then save."


def _save(session: Session, who: Reviewer, workflow_id: str | None, body: dict[str, Any]) -> str:
    definition = parse_definition(body)
    if workflow_id is None:
        row = workflows.create(session, who.organization_id, definition.name, definition.description, body)
    else:
        row = workflows.get(session, who.organization_id, workflow_id)
        body = carry_ids(body, workflows.definition(session, row.current_version_id))
        workflows.replace(session, row, definition.name, definition.description, body)
    session.commit()
    return row.id


async def _submit(request: Request, session: Session, services: Services, workflow_id: str | None) -> Response:
    form = await _editor_form(request, services)
    who = await run_in_threadpool(ui.person, request, session, services)
    check_csrf(who.csrf, form.get("csrf"))
    workflow = (await run_in_threadpool(workflows.get, session, who.organization_id, workflow_id)
                if workflow_id else None)
    name, description = _text(form, "workflow_name"), _text(form, "workflow_description")
    rows = editor.rows_from_form(form)
    if _text(form, "action") == "suggest":
        added, note = await _suggested(form, services)
        return _editor(who, editor.merge([row for row in rows if row.name], added), note=note, name=name,
                       description=description, workflow=workflow)
    try:
        body = editor.body_of(name, description, rows)
        saved = await run_in_threadpool(_save, session, who, workflow_id, body)
    except ValidationFailed as exc:
        session.rollback()
        detail = exc.detail
        message = "; ".join(m for ms in detail.values() for m in ms) if isinstance(detail, dict) else str(detail)
        return _editor(who, rows, error=message, status=400, name=name, description=description, workflow=workflow)
    return RedirectResponse(f"/workflows/{saved}/", status_code=303)


@router.post("/workflows/new")
async def create_workflow(request: Request, session: SessionDep, services: ServicesDep) -> Response:
    return await _submit(request, session, services, None)


@router.post("/workflows/{workflow_id}/edit")
async def save_workflow(workflow_id: str, request: Request, session: SessionDep, services: ServicesDep) -> Response:
    return await _submit(request, session, services, workflow_id)

