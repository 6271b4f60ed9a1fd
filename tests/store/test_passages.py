"""The passages `ask` searches, on SQLite (FTS5) and PostgreSQL (full-text search): the database ranks and returns
at most the limit asked for, an organization or workflow finds only its own, accents and case fold alike, and a
deleted document's passages leave the index with it."""

from __future__ import annotations

from sqlalchemy import delete

from fieldwise.store import passages, workflows
from fieldwise.store.db import Database
from fieldwise.store.tables import Collection
from fieldwise.workflows import knowledge
from tests.store.conftest import two_tenants


def _parse(*texts: str) -> dict:
    return {"blocks": [{"id": f"p1_b{i}", "page": 1, "content": t, "bbox": None} for i, t in enumerate(texts)]}


def _document(session, org: str, workflow: str, *texts: str) -> Collection:
    collection = Collection(organization_id=org, workflow_id=workflow, status="processed")
    session.add(collection)
    session.flush()
    passages.replace(session, collection, knowledge.index_rows(collection.id, [("f1", "a.txt")], _parse(*texts)))
    return collection


def test_the_database_ranks_folds_and_bounds_what_a_question_finds(db: Database) -> None:
    with db.session() as session:
        orgs, mine, theirs = two_tenants(session)
        other = workflows.create(session, orgs[0].id, "w2", None, {"fields": []}).id
        kept = _document(session, orgs[0].id, mine, "This Agreement is governed by the laws of the State of Ohio.",
                         "The parties are Acme and Globex.", *[f"Filler clause number {i}." for i in range(50)])
        _document(session, orgs[0].id, other, "Governed by the laws of Texas.")
        _document(session, orgs[1].id, theirs, "Governed by the laws of Nevada.")
    with db.session() as session:
        words = knowledge.question_terms("Which STATE's laws govern it? Gôverned?")
        found = passages.search(session, orgs[0].id, mine, words, 5)
        assert [p.text for p in found][:1] == ["This Agreement is governed by the laws of the State of Ohio."]
        assert {p.collection_id for p in found} == {kept.id}  # no other workflow's or organization's passage
        assert len(passages.search(session, orgs[0].id, mine, ["clause"], 5)) == 5  # at most the limit
        assert passages.search(session, orgs[0].id, mine, knowledge.question_terms("zebra quantum"), 5) == []
        session.execute(delete(Collection).where(Collection.id == kept.id))
    with db.session() as session:
        assert passages.search(session, orgs[0].id, mine, ["governed", "clause"], 5) == []


def test_a_thread_is_its_organizations_and_workflows_and_expires(db: Database) -> None:
    from datetime import timedelta

    from fieldwise.store import threads
    from fieldwise.store.tables import KnowledgeThread, utcnow

    with db.session() as session:
        orgs, mine, theirs = two_tenants(session)
        assert threads.swap(session, orgs[0].id, mine, "kb-1", "Where is the depot?") is None
    with db.session() as session:
        assert threads.swap(session, orgs[1].id, theirs, "kb-1", "zebra?") is None  # the same id, not ours
        assert threads.swap(session, orgs[0].id, mine, "kb-1", "And the terms?") == "Where is the depot?"
        session.get(KnowledgeThread, (orgs[0].id, mine, "kb-1")).updated_at = utcnow() - timedelta(hours=25)
    with db.session() as session:
        assert threads.swap(session, orgs[0].id, mine, "kb-1", "Again?") is None  # a day untouched: forgotten
