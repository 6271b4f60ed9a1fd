"""Confidence learns from a workflow's reviews: once reviewers have said often enough that the engine is wrong on
a workflow's documents, new results of that workflow come back less confident; other workflows and other
organizations keep the engine's figures, and so does a workflow with too few reviews or a server with it off."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from tests.conftest import INVOICE_FIELDS, wait_processed
from tests.support.live_server import LiveServer

PROBE = "Invoice number: P-77\nTotal: 77.00"
GRAPH = {"nodes": [{"id": "parse_1", "type": "parse"},
                   {"id": "extract_1", "type": "extract", "extraction_schema": {"fields": INVOICE_FIELDS}}],
         "edges": [{"source": "parse_1", "target": "extract_1"}]}


def _workflow(api: httpx.Client, name: str, kind: str) -> str:
    body = {"name": name, "fields": INVOICE_FIELDS} if kind == "flat" else {"name": name, **GRAPH}
    response = api.post("/v2/workflows/", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _run(api: httpx.Client, workflow_id: str, text: str) -> str:
    response = api.post(f"/v2/workflows/{workflow_id}/run/", data={"text": text})
    assert response.status_code in (200, 201, 202), response.text
    return response.json()["id"]


def _confidences(api: httpx.Client, workflow_id: str, text: str = PROBE) -> dict[str, int]:
    flat = wait_processed(api, _run(api, workflow_id, text))
    assert flat.status_code == 200, flat.text
    return {name: entry["confidence"] for name, entry in flat.json().items()}


def _review_all_wrong(api: httpx.Client, workflow_id: str, documents: int) -> None:
    """Every value of every document corrected to another: the engine was wrong each time it was reviewed."""
    ids = [_run(api, workflow_id, f"Invoice number: A-{i}\nTotal: {i}.00") for i in range(documents)]
    for i, cid in enumerate(ids):
        assert wait_processed(api, cid).status_code == 200
        for path, value in (("invoice_number", f"Z-{i}"), ("total", i + 0.5)):
            response = api.patch(f"/v2/files/{cid}/fields/{path}/", json={"value": value})
            assert response.status_code == 200, response.text


@pytest.fixture(scope="module", params=["flat", "graph"])
def learned(request: pytest.FixtureRequest, server: LiveServer) -> Iterator[dict[str, Any]]:
    """Per workflow kind: the engine's figures on the probe, then a workflow with 32 wrong values reviewed (above
    the default minimum of 30) and one with 14 (below it)."""
    kind = request.param
    with server.client(server.key) as api:
        engine = _confidences(api, _workflow(api, f"Untouched {kind}", kind))
        learning = _workflow(api, f"Learns {kind}", kind)
        _review_all_wrong(api, learning, 16)
        few = _workflow(api, f"Few reviews {kind}", kind)
        _review_all_wrong(api, few, 7)
        yield {"kind": kind, "engine": engine, "learning": learning, "few": few}


def test_reviews_that_say_it_is_overconfident_lower_new_confidence(api: httpx.Client,
                                                                   learned: dict[str, Any]) -> None:
    after = _confidences(api, learned["learning"])
    engine = learned["engine"]
    assert all(engine[name] >= 70 for name in engine), engine  # the engine is fairly sure of these values
    assert all(after[name] <= engine[name] - 20 for name in engine), (engine, after)
    assert all(0 <= after[name] <= 100 for name in after)
    calibration = api.get(f"/v2/workflows/{learned['learning']}/accuracy/").json()["calibration"]
    assert calibration["enabled"] and calibration["fitted"] and calibration["reviewed"] == 32
    assert calibration["fitted_at"] and calibration["ece_after"] < calibration["ece_before"]


def test_other_workflows_and_organizations_keep_the_engines_figures(api: httpx.Client, other_api: httpx.Client,
                                                                    learned: dict[str, Any]) -> None:
    assert _confidences(api, learned["learning"])["total"] < learned["engine"]["total"]  # fitted by now
    assert _confidences(api, _workflow(api, "Another", learned["kind"])) == learned["engine"]
    assert _confidences(other_api, _workflow(other_api, "Other org", learned["kind"])) == learned["engine"]
    assert other_api.get(f"/v2/workflows/{learned['learning']}/accuracy/").status_code == 404


def test_below_the_minimum_nothing_changes(api: httpx.Client, learned: dict[str, Any]) -> None:
    assert _confidences(api, learned["few"]) == learned["engine"]
    calibration = api.get(f"/v2/workflows/{learned['few']}/accuracy/").json()["calibration"]
    assert calibration["fitted"] is False and calibration["ece_after"] is None


def test_switched_off_nothing_changes(tmp_path: Path) -> None:
    live = LiveServer(tmp_path / "off", recalibrate="false", recalibrate_min_reviewed="4")
    live.key = live.create_key("acme")
    live.start()
    try:
        with live.client(live.key) as api:
            engine = _confidences(api, _workflow(api, "Untouched", "flat"))
            workflow = _workflow(api, "Would learn", "flat")
            _review_all_wrong(api, workflow, 4)
            assert _confidences(api, workflow) == engine
            calibration = api.get(f"/v2/workflows/{workflow}/accuracy/").json()["calibration"]
            assert calibration["enabled"] is False and calibration["fitted"] is False
    finally:
        live.stop()
