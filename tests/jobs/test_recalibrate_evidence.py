"""What a workflow's remap is fitted from, on a real (SQLite) database: reviewed values with the engine's own
confidence, v3 ground truth compared with the engine's value (and preferred to a review of the same field), only
this organization's and workflow's, the most recent first and no more than asked for."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy.orm import Session

from fieldwise.jobs import recalibrate
from fieldwise.settings import Settings
from fieldwise.store.db import Database
from fieldwise.store.tables import (
    Collection, GroundTruthSet, GroundTruthValue, Organization, Result, ReviewChange, Run, Workflow, utcnow,
)


@pytest.fixture()
def session(tmp_path: Path) -> Iterator[Session]:
    db = Database(f"sqlite:///{tmp_path / 'f.db'}")
    db.migrate()
    with db.session() as session:
        for org in ("o1", "o2"):
            session.add(Organization(id=org, name=org))
        session.flush()
        for wid, org in (("w1", "o1"), ("w2", "o1"), ("w3", "o2")):
            session.add(Workflow(id=wid, organization_id=org, name=wid, current_version_id="v1"))
        session.flush()
        yield session
    db.dispose()


def _cell(value: Any, confidence: float, **extra: Any) -> dict[str, Any]:
    return {"value": value, "confidence": confidence, "evidence": [], "value_unit": None, **extra}


def _document(session: Session, cid: str, org: str, workflow: str, fields: dict[str, Any], minutes: int,
              reviews: int = 1, truth: dict[str, Any] | None = None) -> None:
    session.add(Collection(id=cid, organization_id=org, workflow_id=workflow, status="processed",
                           latest_run_id=f"r-{cid}"))
    session.flush()
    session.add(Run(id=f"r-{cid}", organization_id=org, collection_id=cid, workflow_id=workflow))
    session.flush()
    parts = [{"split_name": None, "partition": None, "node_id": "extract_1", "fields": fields}] if truth else None
    session.add(Result(run_id=f"r-{cid}", collection_id=cid, parse={}, extraction=fields, extractions=parts))
    at = utcnow() - timedelta(minutes=minutes)
    for _ in range(reviews):
        session.add(ReviewChange(organization_id=org, collection_id=cid, field_path="n", action="verify",
                                 created_at=at))
    if truth:
        session.add(GroundTruthSet(collection_id=cid, node_id="extract_1", organization_id=org, workflow_id=workflow,
                                   version_id="v1", updated_at=at))
        session.flush()
        for key, value in truth.items():
            session.add(GroundTruthValue(collection_id=cid, node_id="extract_1", persistent_id=f"p-{key}",
                                         organization_id=org, workflow_id=workflow, field_key=key,
                                         data_type="string", value=value, updated_at=at))
    session.flush()


def test_pairs_use_the_engines_figure_and_ground_truth(session: Session) -> None:
    _document(session, "c-old", "o1", "w1", {"n": _cell("a", 90.0, verified=True)}, minutes=30)
    remapped = _cell("b", 40.0, engine_confidence=95.0, verified=True, value_override="c")
    _document(session, "c-new", "o1", "w1", {"n": remapped, "m": _cell("x", 60.0)}, minutes=5)
    truth = {"n": _cell("1,000.00", 80.0, verified=True, value_override="9"), "m": _cell("Acme", 70.0)}
    _document(session, "c-truth", "o1", "w1", truth, minutes=10, reviews=0, truth={"n": "1000", "m": "ACME Ltd"})
    _document(session, "c-other-wf", "o1", "w2", {"n": _cell("a", 10.0, verified=True)}, minutes=1)
    _document(session, "c-other-org", "o2", "w3", {"n": _cell("a", 20.0, verified=True)}, minutes=1)

    pairs = recalibrate.pairs(session, "o1", "w1", cap=100)
    # most recent first; the remapped value counts at the engine's 95; ground truth says the engine's "1,000.00"
    # was right although a reviewer changed it, and "m" (never reviewed) was wrong
    assert pairs == [(95.0, False), (70.0, False), (80.0, True), (90.0, True)]
    assert recalibrate.pairs(session, "o1", "w1", cap=2) == [(95.0, False), (70.0, False)]
    assert recalibrate.pairs(session, "o2", "w1", cap=100) == []


def test_a_fit_is_made_once_enough_values_are_reviewed_and_again_after_a_fifth_more(session: Session) -> None:
    settings = Settings(recalibrate_min_reviewed=4)
    wrong = {name: _cell("a", 95.0, verified=True, value_override="b") for name in ("n", "m")}
    _document(session, "c1", "o1", "w1", wrong, minutes=9, reviews=2)
    assert recalibrate.remap_for(session, settings, "o1", "w1") is None  # 2 reviews: below the minimum
    _document(session, "c2", "o1", "w1", wrong, minutes=8, reviews=2)
    remap = recalibrate.remap_for(session, settings, "o1", "w1")
    assert remap is not None and remap(95.0) < 90.0
    assert recalibrate.remap_for(session, settings, "o2", "w1") is None
    assert recalibrate.remap_for(session, settings.model_copy(update={"recalibrate": False}), "o1", "w1") is None
    _document(session, "c3", "o1", "w1", wrong, minutes=7, reviews=2)  # 6 against 4: more than a fifth
    assert recalibrate.remap_for(session, settings, "o1", "w1")(95.0) < remap(95.0)
