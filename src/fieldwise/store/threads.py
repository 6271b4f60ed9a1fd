"""`ask` threads (spec v3 D16): the last question of each, per organization, workflow and thread id, in the
database so that a follow-up reaches it through any API process. A thread untouched for THREAD_TTL is forgotten:
each question clears a bounded batch of expired ones, so the table holds no more than a day of threads."""

from __future__ import annotations

from datetime import timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fieldwise.store.tables import KnowledgeThread, utcnow

THREAD_TTL = timedelta(hours=24)
EXPIRED_BATCH = 100  # expired threads cleared by one question


def swap(session: Session, org_id: str, workflow_id: str, thread_id: str, question: str) -> str | None:
    """Record `question` as the thread's last; the one before it, if the thread had one."""
    now = utcnow()
    expired = select(KnowledgeThread.organization_id, KnowledgeThread.workflow_id, KnowledgeThread.thread_id).where(
        KnowledgeThread.updated_at < now - THREAD_TTL).limit(EXPIRED_BATCH)
    for row in session.execute(expired).all():
        session.execute(delete(KnowledgeThread).where(
            KnowledgeThread.organization_id == row.organization_id, KnowledgeThread.workflow_id == row.workflow_id,
            KnowledgeThread.thread_id == row.thread_id))
    thread = session.get(KnowledgeThread, (org_id, workflow_id, thread_id))
    if thread is None:
        session.add(KnowledgeThread(organization_id=org_id, workflow_id=workflow_id, thread_id=thread_id,
                                    question=question, updated_at=now))
        return None
    stamp = thread.updated_at if thread.updated_at.tzinfo else thread.updated_at.replace(tzinfo=timezone.utc)
    previous = thread.question if stamp >= now - THREAD_TTL else None
    thread.question, thread.updated_at = question, now
    return previous
