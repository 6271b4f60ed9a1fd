"""Webhook deliveries (fieldwise extensions): every event sent to a webhook with each of its attempts, and replay."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from fieldwise.api import models, views
from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep
from fieldwise.api.params import PageDep
from fieldwise.errors import NotFound
from fieldwise.store import deliveries
from fieldwise.store.tables import Webhook

router = APIRouter(prefix="/v2/webhooks/{webhook_id}/deliveries", tags=["webhooks"])


def _webhook(session: Session, org: str, webhook_id: str) -> Webhook:
    row = session.get(Webhook, webhook_id)
    if row is None or row.organization_id != org:
        raise NotFound(f"No webhook with id {webhook_id!r}")
    return row


@router.get("/", summary="Deliveries of a webhook, newest first, each with its attempts (fieldwise extension)",
            response_model=models.Page[models.Delivery])
def list_deliveries(webhook_id: str, org: OrgDep, session: SessionDep, paging: PageDep) -> dict[str, Any]:
    hook = _webhook(session, org, webhook_id)
    total, rows = deliveries.page(session, hook.id, paging.page, paging.page_size)
    attempts = deliveries.attempts_of(session, [r.id for r in rows])
    return views.page(total, paging.page, paging.page_size, [deliveries.view(r, attempts[r.id]) for r in rows])


@router.post("/{delivery_id}/replay/", status_code=202,
             summary="Send a delivery again now, with the same webhook-id (fieldwise extension)",
             **models.documented(models.Delivery, 202))
def replay_delivery(webhook_id: str, delivery_id: str, org: OrgDep, session: SessionDep,
                    services: ServicesDep) -> JSONResponse:
    hook = _webhook(session, org, webhook_id)
    delivery = deliveries.get(session, hook.id, delivery_id)
    deliveries.replay(session, delivery)
    session.commit()
    if services.webhooks is not None:
        services.webhooks.notify()
    attempts = deliveries.attempts_of(session, [delivery.id])[delivery.id]
    return JSONResponse(deliveries.view(delivery, attempts), status_code=202)
