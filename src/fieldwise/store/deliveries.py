"""Webhook deliveries: the outbox written when a run ends, and the queries the sender and the API use.

A delivery is `pending` until a 2xx answer makes it `delivered`, or its last allowed attempt fails and makes it
`failed`. The sender claims a due delivery by moving its `next_attempt_at` forward (a lease) with a
compare-and-set, so two server processes never send the same attempt, and a process that dies mid-send only
delays the attempt until the lease runs out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from fieldwise.store.db import rows_changed

from fieldwise.errors import NotFound
from fieldwise.store.ids import new_id
from fieldwise.store.tables import Collection, Run, Webhook, WebhookAttempt, WebhookDelivery, utcnow

EVENT_FOR_STATUS = {"processed": "extraction.completed", "error": "extraction.failed"}


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_message_id() -> str:
    return "msg_" + new_id().replace("-", "")


def event_body(collection: Collection, event: str, now: datetime) -> str:
    """The JSON body of spec section 4, serialised once: every attempt sends these exact bytes."""
    payload = {
        "event": event,
        "timestamp": _iso(now),
        "data": {"extraction_id": collection.id, "status": collection.status, "workflow_id": collection.workflow_id,
                 "processed_at": _iso(collection.processed_at), "run_id": collection.latest_run_id,
                 "document_packet_id": collection.id},
    }
    return json.dumps(payload, separators=(",", ":"))


def record_outcome(session: Session, collection: Collection) -> int:
    """Write one pending delivery per subscribed, active webhook for a run that just ended (in the caller's
    transaction: the outbox). Returns how many."""
    event = EVENT_FOR_STATUS.get(collection.status)
    if event is None or collection.kind != "extraction":
        return 0
    run = session.get(Run, collection.latest_run_id) if collection.latest_run_id else None
    if run is not None and run.purpose == "eval":  # an eval's runs grade a dataset; they are nobody's results
        return 0
    hooks = session.scalars(
        select(Webhook).where(Webhook.organization_id == collection.organization_id, Webhook.is_active)
    ).all()
    now = utcnow()
    body = event_body(collection, event, now)
    count = 0
    for hook in hooks:
        if event not in (hook.events or []):
            continue
        session.add(WebhookDelivery(
            id=new_message_id(), webhook_id=hook.id, organization_id=hook.organization_id,
            collection_id=collection.id, event=event, body=body, next_attempt_at=now, created_at=now,
        ))
        count += 1
    return count


# --- used by the sender --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Job:
    """What one attempt needs, read in a short transaction so that no connection is held while sending."""

    delivery_id: str
    url: str
    secret: str
    body: str
    attempts: int


def due_ids(session: Session, now: datetime, limit: int, exclude: set[str]) -> list[str]:
    query = select(WebhookDelivery.id).where(
        WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now
    )
    if exclude:
        query = query.where(WebhookDelivery.id.not_in(exclude))
    return list(session.scalars(query.order_by(WebhookDelivery.next_attempt_at).limit(limit)))


def claim(session: Session, delivery_id: str, now: datetime, lease: timedelta) -> Job | None:
    """Take a due delivery for one attempt, or None if another process took it first."""
    taken = rows_changed(session,
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == "pending",
               WebhookDelivery.next_attempt_at <= now)
        .values(next_attempt_at=now + lease)
    )
    if not taken:
        return None
    row = session.execute(
        select(WebhookDelivery.body, WebhookDelivery.attempts, WebhookDelivery.collection_id, Webhook.url,
               Webhook.secret, Collection.id.label("live_collection"))
        .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .outerjoin(Collection, Collection.id == WebhookDelivery.collection_id)
        .where(WebhookDelivery.id == delivery_id)
    ).first()
    if row is None:
        return None
    if row.collection_id is not None and row.live_collection is None:
        _stop(session, delivery_id, now, "the file collection was deleted; the delivery is not retried")
        return None
    return Job(delivery_id, row.url, row.secret, row.body, row.attempts)


def _stop(session: Session, delivery_id: str, now: datetime, reason: str) -> None:
    """End a delivery without sending it, the reason kept as its last attempt."""
    session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
                    .values(status="failed", next_attempt_at=None))
    session.add(WebhookAttempt(delivery_id=delivery_id, attempted_at=now, status_code=None, latency_ms=0,
                               error=reason))


def record_attempt(session: Session, delivery_id: str, *, at: datetime, status_code: int | None,
                   latency_ms: int, error: str | None, next_attempt_at: datetime | None) -> str:
    """Keep the attempt and move the delivery on: delivered on success, else retried at `next_attempt_at`,
    or failed when that is None. Returns the delivery's new status."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:  # its webhook was deleted meanwhile
        return "deleted"
    session.add(WebhookAttempt(delivery_id=delivery_id, attempted_at=at, status_code=status_code,
                               latency_ms=latency_ms, error=error))
    delivery.attempts += 1
    if error is None:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", at, None
    elif next_attempt_at is None:
        delivery.status, delivery.next_attempt_at = "failed", None
    else:
        delivery.next_attempt_at = next_attempt_at
    session.flush()
    return delivery.status


# --- used by the API -----------------------------------------------------------------------------------------


def page(session: Session, webhook_id: str, page_no: int, size: int) -> tuple[int, list[WebhookDelivery]]:
    where = WebhookDelivery.webhook_id == webhook_id
    total = session.scalar(select(func.count()).select_from(WebhookDelivery).where(where)) or 0
    rows = session.scalars(
        select(WebhookDelivery).where(where).order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
        .offset((page_no - 1) * size).limit(size)
    ).all()
    return total, list(rows)


def attempts_of(session: Session, delivery_ids: list[str]) -> dict[str, list[WebhookAttempt]]:
    out: dict[str, list[WebhookAttempt]] = {d: [] for d in delivery_ids}
    if delivery_ids:
        rows = session.scalars(
            select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(delivery_ids))
            .order_by(WebhookAttempt.attempted_at, WebhookAttempt.id)
        )
        for row in rows:
            out[row.delivery_id].append(row)
    return out


def get(session: Session, webhook_id: str, delivery_id: str) -> WebhookDelivery:
    row = session.get(WebhookDelivery, delivery_id)
    if row is None or row.webhook_id != webhook_id:
        raise NotFound(f"No delivery with id {delivery_id!r} for this webhook")
    return row


def replay(session: Session, delivery: WebhookDelivery) -> None:
    """Send a delivery again now, with the same message id (receivers can tell it is the same event); a full
    retry schedule starts over from here."""
    delivery.status, delivery.next_attempt_at, delivery.attempts = "pending", utcnow(), 0
    session.flush()


def view(delivery: WebhookDelivery, attempts: list[WebhookAttempt]) -> dict[str, Any]:
    iso = _iso
    last = attempts[-1] if attempts else None
    return {
        "id": delivery.id, "webhook_id": delivery.webhook_id, "event": delivery.event,
        "collection_id": delivery.collection_id, "status": delivery.status,
        "attempt": len(attempts), "status_code": last.status_code if last else None,
        "created_at": iso(delivery.created_at), "next_attempt_at": iso(delivery.next_attempt_at),
        "delivered_at": iso(delivery.delivered_at), "payload": json.loads(delivery.body),
        "attempts": [
            {"attempted_at": iso(a.attempted_at), "status_code": a.status_code, "latency_ms": a.latency_ms,
             "error": a.error}
            for a in attempts
        ],
    }
