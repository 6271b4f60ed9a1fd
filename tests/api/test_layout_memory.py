"""Layout memory through the real server: a reviewer's correction on one document makes the next document of that
layout right (with evidence), leaves other layouts and other organizations alone, and is taken back by undoing
the review or clearing the workflow's memory. Every test runs embedded and distributed; a restart keeps it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx

from tests.api import v3_support as v3
from tests.conftest import wait_processed
from tests.support.documents import text_pdf
from tests.support.documents import traffic_sheet as form
from tests.support.live_server import LiveServer

FIELDS = [{"name": "booking_code", "description": "The booking code of the order", "data_type": "string"}]


def manifest(code: str) -> bytes:
    """Another layout that prints a code of the same shape after other words."""
    return text_pdf([["Harbour freight manifest", "Vessel Aurora", f"Container seal {code}",
                      "Port of loading Rotterdam"]])


def _workflow(api: httpx.Client, name: str) -> str:
    response = api.post("/v2/workflows/", json={"name": name, "fields": FIELDS})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _run(api: httpx.Client, workflow_id: str, data: bytes, name: str = "doc.pdf") -> tuple[str, dict[str, Any]]:
    run = api.post(f"/v2/workflows/{workflow_id}/run/", files={"file": (name, data, "application/pdf")})
    assert run.status_code in (200, 201, 202), run.text
    done = wait_processed(api, run.json()["id"])
    assert done.status_code == 200, done.text
    return run.json()["id"], done.json()["booking_code"]


def _correct(api: httpx.Client, collection_id: str, body: dict[str, Any]) -> None:
    response = api.patch(f"/v2/files/{collection_id}/fields/booking_code/", json=body)
    assert response.status_code == 200, response.text


def _memory(api: httpx.Client, workflow_id: str) -> dict[str, Any]:
    response = api.get(f"/v2/workflows/{workflow_id}/memory/")
    assert response.status_code == 200, response.text
    return response.json()


def test_a_correction_teaches_its_layout_only(api: httpx.Client, other_api: httpx.Client) -> None:
    workflow = _workflow(api, "Traffic sheets")
    first, engine = _run(api, workflow, form("QX-19-AB", "Acme"))
    assert engine["value"] != "QX-19-AB"  # the engine alone does not read it: there is something to learn
    _, elsewhere_before = _run(api, workflow, manifest("ZZ-11-YY"))
    theirs = _workflow(other_api, "Traffic sheets")

    _correct(api, first, {"value": "QX-19-AB"})
    listed = _memory(api, workflow)
    assert listed["count"] == 1
    assert listed["memories"][0]["field"] == "booking_code" and listed["memories"][0]["value"] == "QX-19-AB"
    assert listed["memories"][0]["learned_from"] == {"collection_id": first}

    _, learned = _run(api, workflow, form("MM-77-CD", "Globex"))
    assert learned["value"] == "MM-77-CD"
    assert learned["evidence"][0]["page_number"] == 1 and learned["evidence"][0]["bbox"]["x1"] > 0
    assert "learned_from" not in learned  # the wire output is the spec's; the origin shows in review
    _, elsewhere = _run(api, workflow, manifest("ZZ-11-YY"))
    assert elsewhere == elsewhere_before  # another layout is left as the engine reads it

    _, other_org = _run(other_api, theirs, form("MM-77-CD", "Globex"))
    assert other_org["value"] != "MM-77-CD"  # another organization's workflow learned nothing
    assert _memory(other_api, theirs)["count"] == 0
    for method in ("GET", "DELETE"):
        foreign = other_api.request(method, f"/v2/workflows/{workflow}/memory/")
        assert foreign.status_code == 404 and foreign.json()["error_code"] == "NOT_FOUND"


def test_undo_and_clear_take_the_lesson_back(api: httpx.Client) -> None:
    workflow = _workflow(api, "Traffic sheets, undone")
    first, _ = _run(api, workflow, form("QX-19-AB", "Acme"))
    _correct(api, first, {"value": "QX-19-AB"})
    assert _memory(api, workflow)["count"] == 1
    _correct(api, first, {"verified": False})  # the review taken back
    assert _memory(api, workflow)["count"] == 0
    _, unlearned = _run(api, workflow, form("MM-77-CD", "Globex"))
    assert unlearned["value"] != "MM-77-CD"

    _correct(api, first, {"value": "QX-19-AB"})
    cleared = api.delete(f"/v2/workflows/{workflow}/memory/")
    assert cleared.status_code == 200 and cleared.json() == {"workflow_id": workflow, "deleted": 1}
    _, after_clear = _run(api, workflow, form("MM-77-CD", "Globex"))
    assert after_clear["value"] != "MM-77-CD"


def test_a_wrong_lesson_loses_weight(api: httpx.Client) -> None:
    workflow = _workflow(api, "Traffic sheets, judged")
    first, _ = _run(api, workflow, form("QX-19-AB", "Acme"))
    _correct(api, first, {"value": "QX-19-AB"})
    second, learned = _run(api, workflow, form("MM-77-CD", "Globex"))
    assert learned["value"] == "MM-77-CD"
    _correct(api, second, {"value": "MM-77-CE"})  # the reviewer says the learned value was wrong
    memories = {m["learned_from"]["collection_id"]: m for m in _memory(api, workflow)["memories"]}
    assert memories[first]["misses"] == 1 and memories[first]["hits"] == 0
    _correct(api, second, {"value": "MM-77-CD"})  # ... and then that it was right after all
    memories = {m["learned_from"]["collection_id"]: m for m in _memory(api, workflow)["memories"]}
    assert memories[first]["misses"] == 0 and memories[first]["hits"] == 1


def test_a_correction_of_how_much_a_learned_value_takes_keeps_its_place(api: httpx.Client) -> None:
    """The learned value stood in the right place and took too much ('MM-77-CD (4411)'): the reviewer's
    correction teaches the extent and does not count against the place."""
    workflow = _workflow(api, "Traffic sheets, extent")
    first, _ = _run(api, workflow, form("QX-19-AB", "Acme"))
    _correct(api, first, {"value": "QX-19-AB"})
    second, learned = _run(api, workflow, form("MM-77-CD (4411)", "Globex"))
    assert learned["value"] == "MM-77-CD (4411)"
    _correct(api, second, {"value": "MM-77-CD"})
    memories = {m["learned_from"]["collection_id"]: m for m in _memory(api, workflow)["memories"]}
    assert memories[first]["misses"] == 0 and memories[first]["hits"] == 1
    assert memories[second]["value"] == "MM-77-CD"


def test_memory_survives_a_restart(tmp_path: Path) -> None:
    live = LiveServer(tmp_path / "data")
    key = live.create_key("restart")
    live.start()
    try:
        with live.client(key) as api:
            workflow = _workflow(api, "Traffic sheets")
            first, _ = _run(api, workflow, form("QX-19-AB", "Acme"))
            _correct(api, first, {"value": "QX-19-AB"})
        live.stop()
        live.start()
        with live.client(key) as api:
            assert _memory(api, workflow)["count"] == 1
            _, learned = _run(api, workflow, form("MM-77-CD", "Globex"))
            assert learned["value"] == "MM-77-CD"
    finally:
        live.stop()


def test_ground_truth_teaches_like_a_review(api: httpx.Client) -> None:
    """A v3 dataset document's ground truth feeds the memory once its run (here an eval's) stored its layout;
    the next production document of that layout gets the value, and its v3 results keep the spec's keys."""
    fields = [{**FIELDS[0], "source": "extraction"}]
    workflow = v3.create(api, fields=fields)["id"]
    uploaded = api.post(f"/v3/workflows/{workflow}/dataset/upload/",
                        files={"files": ("sheet-a.pdf", form("QX-19-AB", "Acme"), "application/pdf")},
                        data={"ground_truth": json.dumps({"booking_code": "QX-19-AB"})})
    assert uploaded.status_code == 201, uploaded.text
    packet = uploaded.json()["document_packet_id"]
    assert _memory(api, workflow)["count"] == 0  # nothing read yet, nothing to learn from
    launched = api.post(f"/v3/workflows/{workflow}/evals/", json={})
    assert launched.status_code == 202, launched.text
    deadline = time.monotonic() + 120
    while api.get(f"/v3/workflows/{workflow}/evals/{launched.json()['eval_id']}/").json()["status"] == "in_progress":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    while (listed := _memory(api, workflow))["count"] == 0:  # taught just after the run's outcome is recorded
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert listed["count"] == 1 and listed["memories"][0]["learned_from"] == {"collection_id": packet}

    trigger = api.post(f"/v3/workflows/{workflow}/upload/run/",
                       files={"files": ("sheet-b.pdf", form("MM-77-CD", "Globex"), "application/pdf")}).json()
    field = v3.wait_run(api, trigger["run_id"])["results"]["extraction"]["booking_code"]
    assert field["value"] == "MM-77-CD" and "learned_from" not in field

    put = api.put(f"/v3/document-packets/{packet}/ground-truth/", json={"ground_truth": {}})
    assert put.status_code == 200, put.text
    assert _memory(api, workflow)["count"] == 0  # ground truth taken back, its lesson with it
