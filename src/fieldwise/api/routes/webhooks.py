"""Webhook subscriptions: spec section 3 rows 19-21."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from fieldwise.api import models, views
from fieldwise.api.bodies import json_body
from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep
from fieldwise.errors import NotFound, ValidationFailed
from fieldwise.store.ids import new_webhook_id
from fieldwise.store.tables import Webhook
from fieldwise.webhooks.targets import EVENTS, check_url

router = APIRouter(prefix="/v2/webhooks", tags=["webhooks"])

MAX_WEBHOOKS = 50

_BODY_DOC = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["url"],
    "properties": {"url": {"type": "string", "maxLength": 2083},
                   "events": {"type": "array", "items": {"type": "string", "enum": list(EVENTS)}}},
}}}}}


@router.post("/", status_code=201, openapi_extra=_BODY_DOC, summary="Subscribe a URL to events",
             **models.documented(models.Webhook, 201))
async def create_webhook(request: Request, org: OrgDep, session: SessionDep, services: ServicesDep) -> JSONResponse:
    body = await json_body(request)
    return await run_in_threadpool(_create, session, services, org, body)  # DNS and the database: off the loop


def _create(session: SessionDep, services: ServicesDep, org: str, body: Any) -> JSONResponse:
    if not isinstance(body, dict):
        raise ValidationFailed("the body must be a JSON object")
    url = check_url(body.get("url"), allow_private=services.settings.webhook_allow_private)
    events = body.get("events") or list(EVENTS)
    if not isinstance(events, list) or any(e not in EVENTS for e in events):
        raise ValidationFailed({"events": [f"events are a list of: {', '.join(EVENTS)}"]})
    active = session.scalar(
        select(func.count()).select_from(Webhook).where(Webhook.organization_id == org, Webhook.is_active)
    ) or 0
    if active >= MAX_WEBHOOKS:
        raise ValidationFailed({"url": [f"an organization has at most {MAX_WEBHOOKS} webhooks"]})
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    row = Webhook(id=new_webhook_id(), organization_id=org, url=url, events=list(dict.fromkeys(events)),
                  secret=secret)
    session.add(row)
    session.commit()
    return JSONResponse(views.webhook(row, with_secret=True), status_code=201)


@router.get("/", summary="List webhooks (a bare array; secrets are never shown again)",
            response_model=list[models.Webhook], response_model_exclude_unset=True)
def list_webhooks(org: OrgDep, session: SessionDep) -> list[dict[str, Any]]:
    rows = session.scalars(select(Webhook).where(Webhook.organization_id == org).order_by(Webhook.created_at))
    return [views.webhook(r) for r in rows if "slack.alert" not in (r.events or [])]  # v3 Slack channels: not ours


@router.delete("/{webhook_id}/", status_code=204, response_class=Response, summary="Delete a webhook")
def delete_webhook(webhook_id: str, org: OrgDep, session: SessionDep) -> Response:
    row = session.get(Webhook, webhook_id)
    if row is None or row.organization_id != org:
        raise NotFound(f"No webhook with id {webhook_id!r}")
    session.delete(row)
    session.commit()
    return Response(status_code=204)
