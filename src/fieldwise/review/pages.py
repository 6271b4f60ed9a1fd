"""The review UI at /review/: sign in with an API key, list collections, review one beside its page images.

Server-rendered; every change goes through the same function as `PATCH /v2/files/{id}/fields/{path}/`, so the
UI and the API check, store and audit changes identically.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from fieldwise.api import views
from fieldwise.api.bodies import read_limited
from fieldwise.api.deps import Services, ServicesDep, SessionDep
from fieldwise.api.params import MAX_PAGE
from fieldwise.api.routes.review import apply_change
from fieldwise.errors import AuthFailed, ValidationFailed
from fieldwise.review import cells, images, session as review_session
from fieldwise.review.session import SignedOut
from fieldwise.store import accounts, collections, review_sessions, reviews
from fieldwise.store.review_sessions import Reviewer
from fieldwise.store.tables import Workflow

HERE = Path(__file__).parent
_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
_env.filters["display"] = cells.display
router = APIRouter(prefix="/review", tags=["review UI"])
PAGE_SIZE = 50
SCAN_LIMIT = 500  # the "needs review" filter looks at this many newest processed collections


def _html(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    response = HTMLResponse(_env.get_template(name).render(**context), status_code=status)
    response.headers["cache-control"] = "no-store"
    response.headers["content-security-policy"] = (
        "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
        "form-action 'self'")
    return response


_RENDERS = asyncio.Semaphore(2)  # page images render in the threadpool, two at a time, never on the event loop


def _rate_limited(request: Request, services: Services, who: Reviewer) -> None:
    """Review pages count against the organization's general rate limit, like the API."""
    quota = services.limiter.check(who.organization_id, "general")
    request.state.extra_headers.update(quota.headers())


def _secure(request: Request, services: Services) -> bool:
    return review_session.is_secure(request, services.settings)


def _who(request: Request, session: Session, services: Services) -> Reviewer:
    """The signed-in reviewer's live session, or SignedOut."""
    token = review_session.session_token(request, _secure(request, services))
    found = review_sessions.find(session, token) if token else None
    if found is None:
        raise SignedOut()
    return found


def _login_secret(request: Request, session: Session) -> bytes:
    secret = getattr(request.app.state, "review_login_secret", None)
    if secret is None:
        secret = request.app.state.review_login_secret = review_sessions.secret(session)
    return secret


async def _form(request: Request, services: Services) -> dict[str, str]:
    """The fields of a review form, read under the JSON body limit (these forms are a few short fields)."""
    body = await read_limited(request, services.settings.max_json_bytes)
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationFailed("send the form as application/x-www-form-urlencoded UTF-8") from exc
    return dict(pairs)


def _fields(session: Session, services: Services, version_id: str | None) -> list[Any]:
    definition = services.definition(session, version_id)
    return list(definition.fields) if definition else []


def _login_page(request: Request, session: Session, services: Services, error: str | None,
                status: int = 200) -> Response:
    secure = _secure(request, services)
    token = review_session.login_token(request, _login_secret(request, session), secure)
    response = _html("login.html", status=status, csrf=token, error=error)
    review_session.keep_login_token(response, token, secure)
    return response


@router.get("/", response_class=HTMLResponse, summary="Review UI: sign-in, or the list of collections")
def index(request: Request, session: SessionDep, services: ServicesDep, needs_review: str | None = None,
          page: Annotated[int, Query(le=MAX_PAGE)] = 1) -> Response:
    try:
        who = _who(request, session, services)
    except SignedOut:
        return _login_page(request, session, services, None)
    _rate_limited(request, services, who)
    org = who.organization_id
    page = max(page, 1)
    threshold = services.settings.review_threshold
    filtering = needs_review in ("1", "true", "on")
    if filtering:
        _, rows = collections.page(session, org, 1, SCAN_LIMIT, status="processed")
    else:
        _, rows = collections.page(session, org, page, PAGE_SIZE)
    names: dict[str | None, str] = {}
    listed = []
    for row in rows:
        if row.workflow_id not in names:
            workflow = session.get(Workflow, row.workflow_id) if row.workflow_id else None
            names[row.workflow_id] = workflow.name if workflow else ""
        result = collections.result_of(session, row.id) if row.status == "processed" else None
        stored, fields = (result.extraction or {}) if result else {}, _fields(session, services, row.version_id)
        if filtering and not cells.needs_review(stored, fields, threshold):
            continue
        files = collections.files_of(session, row.id)
        listed.append({"id": row.id, "status": row.status, "workflow": names[row.workflow_id],
                       "file": files[0].filename if files else "", "created_at": views.iso(row.created_at),
                       "lowest": cells.lowest_confidence(stored, fields) if result else None})
    if filtering:
        listed = listed[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return _html("list.html", rows=listed, csrf=who.csrf, needs_review=filtering,
                 page=page, more=len(listed) == PAGE_SIZE, threshold=threshold, reviewer=who.reviewer)


def _sign_in(request: Request, session: Session, services: Services, form: dict[str, str]) -> Response:
    secure = _secure(request, services)
    review_session.check_login_token(request, _login_secret(request, session), secure, form.get("csrf"),
                                     services.settings.public_url)
    key = accounts.live_key(session, accounts.hash_key(form.get("api_key", "").strip()))
    if key is None:
        return _login_page(request, session, services, "That API key is not valid.", status=401)
    lifetime = timedelta(hours=services.settings.review_session_hours)
    token = review_sessions.open_session(session, key.id, key.organization_id,
                                         form.get("reviewer", "").strip()[:200] or None, lifetime)
    session.commit()
    response = RedirectResponse("/review/", status_code=303)
    review_session.keep_session(response, token, secure, int(lifetime.total_seconds()))
    return response


@router.post("/login", summary="Review UI: sign in with an API key")
async def login(request: Request, session: SessionDep, services: ServicesDep) -> Response:
    form = await _form(request, services)
    return await run_in_threadpool(_sign_in, request, session, services, form)


def _sign_out(request: Request, session: Session, services: Services, form: dict[str, str]) -> Response:
    who = _who(request, session, services)
    review_session.check_csrf(who.csrf, form.get("csrf"))
    review_sessions.revoke(session, who.token_hash)
    session.commit()
    response = RedirectResponse("/review/", status_code=303)
    review_session.drop_session(response, _secure(request, services))
    return response


@router.post("/logout", summary="Review UI: sign out (the session ends on the server too)")
async def logout(request: Request, session: SessionDep, services: ServicesDep) -> Response:
    form = await _form(request, services)
    return await run_in_threadpool(_sign_out, request, session, services, form)


def _collection_page(session: Session, services: Services, who: Reviewer, collection_id: str, *,
                     error: str | None = None, status: int = 200, at: str | None = None) -> Response:
    collection = collections.get(session, who.organization_id, collection_id)
    result = collections.result_of(session, collection.id) if collection.status == "processed" else None
    fields = _fields(session, services, collection.version_id)
    shown = cells.cells(result.extraction or {}, fields, services.settings.review_threshold) if result else []
    for cell in shown:
        if cell.learned_from:  # the document it learned from, by its files' names (gone: deleted since)
            cell.learned_name = ", ".join(f.filename for f in collections.files_of(session, cell.learned_from))
    workflow = session.get(Workflow, collection.workflow_id) if collection.workflow_id else None
    files = collections.files_of(session, collection.id)
    return _html(
        "collection.html", status=status, collection=collection, cells=shown, error=error, at=at,
        workflow_name=workflow.name if workflow else "", files=[f.filename for f in files],
        page_count=max(result.page_count, 1) if result else 0, csrf=who.csrf,
        audit=reviews.audit(session, collection.id)[-20:][::-1], quote=quote,
        threshold=services.settings.review_threshold, reviewer=who.reviewer,
    )


@router.get("/collections/{collection_id}/", response_class=HTMLResponse, summary="Review UI: one collection")
def collection_page(collection_id: str, request: Request, session: SessionDep, services: ServicesDep,
                    at: str | None = None) -> Response:
    who = _who(request, session, services)
    _rate_limited(request, services, who)
    return _collection_page(session, services, who, collection_id, at=at)


def _change_field(request: Request, session: Session, services: Services, collection_id: str, path: str,
                  form: dict[str, str]) -> Response:
    who = _who(request, session, services)
    _rate_limited(request, services, who)
    review_session.check_csrf(who.csrf, form.get("csrf"))
    if form.get("action") == "verify":
        body: dict[str, Any] = {"verified": True}
    elif form.get("action") == "unverify":
        body = {"verified": False}
    else:
        body = {"value": cells.form_value(form.get("value", ""), form.get("data_type", "string"))}
    try:
        apply_change(session, services, who.organization_id, collection_id, path, body, key=who.key_prefix,
                     reviewer=who.reviewer)
    except (ValidationFailed, AuthFailed) as exc:
        session.rollback()
        message = "; ".join(m for ms in exc.detail.values() for m in ms) if isinstance(exc.detail, dict) \
            else str(exc.detail)
        return _collection_page(session, services, who, collection_id, error=message, status=400,
                                at=path.strip("/"))
    target = f"/review/collections/{quote(collection_id)}/?at={quote(path.strip('/'), safe='')}"
    return RedirectResponse(target, status_code=303)


@router.post("/collections/{collection_id}/fields/{path:path}", summary="Review UI: correct or verify a field")
async def change_field(collection_id: str, path: str, request: Request, session: SessionDep,
                       services: ServicesDep) -> Response:
    form = await _form(request, services)
    return await run_in_threadpool(_change_field, request, session, services, collection_id, path, form)


def _render_page(session: Session, services: Services, collection: Any, number: int) -> bytes:
    result = collections.result_of(session, collection.id)
    limit = services.settings.max_read_bytes

    def blocks_of(page_no: int) -> list[dict[str, Any]]:
        parse = collections.parse_within(session, result, limit) if result is not None else None
        return [b for b in (parse or {}).get("blocks") or [] if b.get("page") == page_no]

    files = [(services.blobs.get(f.blob_key), f.media_type) for f in collections.files_of(session, collection.id)]
    return images.page_png(files, blocks_of, number, services.settings.max_render_pixels)


@router.get("/collections/{collection_id}/pages/{number}.png", summary="Review UI: a page image")
async def page_image(collection_id: str, number: int, request: Request, session: SessionDep,
                     services: ServicesDep) -> Response:
    def find() -> Any:
        who = _who(request, session, services)
        _rate_limited(request, services, who)
        return collections.get(session, who.organization_id, collection_id)

    collection = await run_in_threadpool(find)
    async with _RENDERS:  # a few renders at a time; the others wait here, holding no thread and no file
        png = await run_in_threadpool(_render_page, session, services, collection, number)
    return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=300"})


async def _signed_out(_request: Request, _exc: SignedOut) -> Response:
    return RedirectResponse("/review/", status_code=303)


def install(app: FastAPI) -> None:
    """Mount the review UI on the app: its pages, its static files, and the redirect to sign-in."""
    app.include_router(router)
    app.mount("/review/static", StaticFiles(directory=HERE / "static"), name="review-static")
    app.add_exception_handler(SignedOut, _signed_out)  # type: ignore[arg-type]  # Starlette: handlers of Exception
