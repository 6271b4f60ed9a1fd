"""Slack channels of an organization (spec v3 D7 slack_alert) and the outbox rows of a run's alerts."""

from __future__ import annotations

import json
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldwise.store.ids import new_webhook_id
from fieldwise.store.tables import Collection, SlackChannel, Webhook, WebhookDelivery, utcnow

EVENT = "slack.alert"
COLORS = {"info": "#2F80ED", "warning": "#F2994A", "critical": "#EB5757"}


def add(session: Session, org_id: str, channel_id: str, url: str) -> SlackChannel:
    """Point `channel_id` at a (vetted) incoming-webhook URL; replaces an earlier one."""
    row = session.get(SlackChannel, (org_id, channel_id))
    if row is not None:
        hook = session.get(Webhook, row.webhook_id)
        if hook is not None:
            hook.url = url
            return row
        session.delete(row)
        session.flush()
    hook = Webhook(id=new_webhook_id(), organization_id=org_id, url=url, events=[EVENT],
                   secret="whsec_" + secrets.token_hex(24), is_active=True)
    session.add(hook)
    session.flush()
    row = SlackChannel(organization_id=org_id, channel_id=channel_id, webhook_id=hook.id)
    session.add(row)
    session.flush()
    return row


def configured(session: Session, org_id: str) -> set[str]:
    return set(session.scalars(select(SlackChannel.channel_id).where(SlackChannel.organization_id == org_id)))


def record_alerts(session: Session, collection: Collection, alerts: list[dict[str, Any]] | None) -> int:
    """One pending delivery per rendered alert whose channel is configured (in the caller's transaction)."""
    count = 0
    now = utcnow()
    for alert in alerts or []:
        channel = session.get(SlackChannel, (collection.organization_id, alert.get("channel_id")))
        hook = session.get(Webhook, channel.webhook_id) if channel is not None else None
        if hook is None or not hook.is_active:
            continue
        text = str(alert.get("text") or "")
        body = {"text": text, "attachments": [{"color": COLORS.get(str(alert.get("severity")), COLORS["info"]),
                                               "text": text}]}
        from fieldwise.store.deliveries import new_message_id

        session.add(WebhookDelivery(id=new_message_id(), webhook_id=hook.id, organization_id=hook.organization_id,
                                    collection_id=collection.id, event=EVENT, body=json.dumps(body),
                                    next_attempt_at=now, created_at=now))
        count += 1
    return count
