"""Layout memory rows on SQLite and PostgreSQL: bounded per field (the least reliable goes first), a review taken
back takes its lesson and its verdicts with it, and clearing is per organization."""

from __future__ import annotations


from fieldwise.store import memory, workflows
from fieldwise.store.db import Database
from fieldwise.store.tables import Collection, LayoutMemory, Organization
from tests.store.conftest import two_tenants


def _lesson(session, org: str, workflow: str, field: str = "total") -> LayoutMemory:
    collection = Collection(organization_id=org, workflow_id=workflow)
    session.add(collection)
    session.flush()
    row = LayoutMemory(organization_id=org, workflow_id=workflow, collection_id=collection.id, field=field,
                       value=1.0, lesson={"anchor": ["total"], "page": 1}, fingerprint=[["total", 0.1, 0.2]],
                       hits=[], misses=[])
    memory.add(session, row)
    return row


def test_memories_are_bounded_per_field_the_least_reliable_first(db: Database) -> None:
    with db.session() as session:
        org = Organization(name="a")
        session.add(org)
        session.flush()
        workflow = workflows.create(session, org.id, "w", None, {"fields": []}).id
        wrong = _lesson(session, org.id, workflow)
        memory.judge(session, wrong.id, "some-document", right=False)
        other_field = _lesson(session, org.id, workflow, field="date")
        for _ in range(memory.PER_FIELD):
            _lesson(session, org.id, workflow)
        session.commit()
        kept = memory.of_workflow(session, org.id, workflow)
        assert len([r for r in kept if r.field == "total"]) == memory.PER_FIELD
        assert wrong.id not in {r.id for r in kept} and other_field.id in {r.id for r in kept}


def test_forgetting_a_review_takes_back_its_lesson_and_its_verdicts(db: Database) -> None:
    with db.session() as session:
        orgs, mine, theirs = two_tenants(session)
        judged = _lesson(session, orgs[0].id, mine)
        taught = _lesson(session, orgs[0].id, mine)
        memory.judge(session, judged.id, taught.collection_id, right=True)
        _lesson(session, orgs[1].id, theirs)
        session.commit()
        assert judged.hits == [taught.collection_id]
        memory.forget(session, orgs[0].id, mine, taught.collection_id, "total")
        session.commit()
        assert [r.id for r in memory.of_workflow(session, orgs[0].id, mine)] == [judged.id]
        assert session.get(LayoutMemory, judged.id).hits == []
        assert memory.clear(session, orgs[0].id, mine) == 1
        session.commit()
        assert memory.of_workflow(session, orgs[0].id, mine) == []
        assert len(memory.of_workflow(session, orgs[1].id, theirs)) == 1
