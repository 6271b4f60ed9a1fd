"""v3 bad input: every mistake a client can make gets the error envelope with the right 4xx, never a 5xx and never
a 412; another organization's ids are 404 and its lists show nothing of ours; signed links cannot be forged."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from fieldwise.api.signing import _signature
from tests.api import v3_support as v3
from tests.conftest import MODES, live_server, start_live
from tests.support.live_server import LiveServer


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == code and {"error", "detail", "retryable", "request_id"} <= set(body)
    return body


def _with(change: Any) -> dict[str, Any]:
    body = v3.body()
    change(body)
    return body


@pytest.mark.parametrize(("mutate", "code"), [
    (lambda b: b.update(colour="red"), "VALIDATION_ERROR"),  # unknown key
    (lambda b: b.update(name=5), "VALIDATION_ERROR"),  # wrong type
    (lambda b: b["nodes"][0].update(pages={"range": [1, 2]}), "VALIDATION_ERROR"),  # a key the gateway hides
    (lambda b: b["nodes"][1]["extraction_schema"]["fields"][0].update(data_type="list"), "VALIDATION_ERROR"),
    (lambda b: b["nodes"][1]["extraction_schema"]["fields"][0].update(
        persistent_id="7b2c6f1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f"), "VALIDATION_ERROR"),  # ids are minted, not sent
    (lambda b: b.update(edges=[]), "TOPOLOGY_INVALID"),  # extract with no inbound edge
    (lambda b: b["nodes"].append({"id": "code_1", "type": "code_sandbox", "instructions": "x"}), "NOT_SUPPORTED"),
    (lambda b: b["nodes"].append({"id": "report_1", "type": "report_generator"}), "NOT_SUPPORTED"),
    (lambda b: (b["nodes"].append({"id": "slack_1", "type": "slack_alert", "channel_id": "C0123ABC",
                                   "channel_name": "#finance", "message_template": "total ${field.total}"}),
                b["edges"].append({"source": "extract_1", "target": "slack_1"})), "NOT_SUPPORTED"),
    (lambda b: (b["nodes"].append({"id": "if_1", "type": "if_else",
                                   "condition": {"type": "all_of", "checks": [{"type": "validation", "rule_id": "r1"}]}}),
                b["edges"].append({"source": "extract_1", "target": "if_1"})), "NOT_SUPPORTED"),
    (lambda b: (b["nodes"].extend([{"id": "k1", "type": "knowledge"}, {"id": "k2", "type": "knowledge"}]),
                b["edges"].extend([{"source": "extract_1", "target": "k1"}, {"source": "parse_1", "target": "k2"}])),
     "TOPOLOGY_INVALID"),  # at most one knowledge node
    (lambda b: b["nodes"][1]["extraction_schema"]["fields"].append(
        {"name": "Total", "description": "again", "data_type": "string"}), "TOPOLOGY_INVALID"),  # key clash
    (lambda b: (b["nodes"].append({"id": "slack_1", "type": "slack_alert", "channel_id": "C0123ABC",  # 8.9 MB a run
                                   "channel_name": "#finance", "message_template": "${field.total}" * 400}),
                b["edges"].append({"source": "extract_1", "target": "slack_1"})), "VALIDATION_ERROR"),
    (lambda b: (b["nodes"].append({"id": "validate_1", "type": "validate", "rules": [  # a RecursionError per run
        {"id": "deep", "kind": "deterministic", "check": {"type": "expression",
                                                          "expression": "(" * 450 + "data.total > 1" + ")" * 450}}]}),
                b["edges"].append({"source": "extract_1", "target": "validate_1"})), "TOPOLOGY_INVALID"),
])
def test_bad_workflow_bodies(api: httpx.Client, mutate: Any, code: str) -> None:
    body = _error(api.post("/v3/workflows/", json=_with(mutate)), 400, code)
    assert body["detail"]


def test_invalid_json_and_patch_mistakes(api: httpx.Client) -> None:
    _error(api.post("/v3/workflows/", content=b"{nope", headers={"content-type": "application/json"}), 400,
           "INVALID_JSON")
    workflow = v3.create(api)
    _error(api.patch(f"/v3/workflows/{workflow['id']}/", json={"nodes": "x"}), 400, "VALIDATION_ERROR")
    stale = copy.deepcopy(workflow)
    stale["nodes"][1]["extraction_schema"]["fields"][0]["persistent_id"] = "7b2c6f1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f"
    patch = {k: stale[k] for k in ("name", "description", "nodes", "edges")}
    _error(api.patch(f"/v3/workflows/{workflow['id']}/", json=patch), 400, "VALIDATION_ERROR")
    other = v3.create(api)
    _error(api.patch(f"/v3/workflows/{workflow['id']}/", json={"name": other["name"]}), 409,
           "WORKFLOW_NAME_CONFLICT")
    same = api.patch(f"/v3/workflows/{workflow['id']}/", json={"name": workflow["name"]})
    assert same.status_code == 200 and same.json()["version_id"] == workflow["version_id"]  # nothing changed


@pytest.mark.parametrize("query", ["limit=0", "limit=abc", "limit=-3", "cursor=%%%", "cursor=bm90LWpzb24"])
def test_bad_list_parameters(api: httpx.Client, query: str) -> None:
    _error(api.get(f"/v3/workflows/?{query}"), 400, "VALIDATION_ERROR")


def test_limit_is_capped_and_pages_follow(api: httpx.Client) -> None:
    assert api.get("/v3/workflows/?limit=1000").status_code == 200
    made = [v3.create(api)["id"] for _ in range(3)]
    seen: list[str] = []
    cursor = None
    while True:
        page = api.get("/v3/workflows/", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        assert len(page["items"]) <= 2
        seen += [w["id"] for w in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen[:3] == made[::-1] and len(seen) == len(set(seen))  # newest first, no repeats


def test_bad_uploads(api: httpx.Client) -> None:
    workflow = v3.create(api)
    url = f"/v3/workflows/{workflow['id']}/upload/"
    _error(api.post(url, data={"on_conflict": "error"}), 400, "VALIDATION_ERROR")  # no files
    _error(api.post(url, files=[("files", (f"f{i}.txt", b"x", "text/plain")) for i in range(101)]), 400,
           "VALIDATION_ERROR")
    _error(api.post(url, files={"files": ("a.txt", b"x", "text/plain")}, data={"on_conflict": "merge"}), 400,
           "VALIDATION_ERROR")
    _error(api.post(url, files={"files": ("a.txt", b"", "text/plain")}), 400, "VALIDATION_ERROR")  # empty file
    _error(api.post(url, data={"files": "not a file"}), 400, "VALIDATION_ERROR")
    for key in ("", "x" * 256, "two words"):
        _error(api.post(url, files={"files": ("b.txt", b"x", "text/plain")}, headers={"Idempotency-Key": key}),
               400, "VALIDATION_ERROR")
    two = [("files", ("same.txt", b"one", "text/plain")), ("files", ("same.txt", b"two", "text/plain"))]
    body = _error(api.post(url, files=two), 409, "FILENAME_CONFLICT")
    assert body["params"] == {"filename": "same.txt"}
    renamed = api.post(url, files=two, data={"on_conflict": "rename"}).json()["files"]
    assert [(f["name"], f["original_name"]) for f in renamed] == [("same.txt", None), ("same (1).txt", "same.txt")]
    replay = api.post(url, files={"files": ("c.txt", b"x", "text/plain")}, headers={"Idempotency-Key": "k-1"})
    again = api.post(url, files={"files": ("c.txt", b"x", "text/plain")}, headers={"Idempotency-Key": "k-1"})
    assert again.status_code == 201 and again.json() == replay.json()  # replayed before the filename check
    assert again.headers["idempotent-replayed"] == "true"
    _error(api.get("/v3/runs/not-a-run/?parse_format=html"), 400, "VALIDATION_ERROR")
    two_files = [("file", ("a.txt", b"first", "text/plain")), ("file", ("b.txt", b"second", "text/plain"))]
    _error(api.post("/v3/parse/", files=two_files), 400, "VALIDATION_ERROR")  # not one kept silently
    _error(api.post("/v3/parse/", data={"file": "text"}), 400, "VALIDATION_ERROR")


def test_runs_never_answer_412(api: httpx.Client) -> None:
    workflow = v3.create(api)
    trigger = v3.upload_run(api, workflow["id"], "Invoice number: A-1")
    first = api.get(f"/v3/runs/{trigger['run_id']}/")
    assert first.status_code == 200 and first.json()["status"] in ("queued", "in_progress", "processed")
    assert v3.wait_run(api, trigger["run_id"])["status"] == "processed"


def test_signed_results_links(api: httpx.Client, server: LiveServer) -> None:
    workflow = v3.create(api)
    trigger = v3.upload_run(api, workflow["id"], "Invoice number: L-1")
    v3.wait_run(api, trigger["run_id"])
    url = api.get(f"/v3/runs/{trigger['run_id']}/?delivery=url").json()["results_url"]
    assert url.startswith(server.base_url)
    ok = httpx.get(url)  # no key
    assert ok.status_code == 200 and ok.json()["extraction"]["invoice_number"]["value"] == "L-1"
    _error(httpx.get(url.replace("parse_format=markdown", "parse_format=blocks")), 403, "LINK_INVALID")
    _error(httpx.get(url[:-4] + ("0000" if not url.endswith("0000") else "1111")), 403, "LINK_INVALID")
    path = f"/v3/runs/{trigger['run_id']}/results/"
    key = (Path(server.data_dir) / "signing.key").read_text().strip().encode()
    expired = int(time.time()) - 10
    stale = f"{server.base_url}{path}?parse_format=markdown&expires={expired}" \
            f"&signature={_signature(key, path, 'markdown', expired)}"
    _error(httpx.get(stale), 403, "LINK_INVALID")


def test_another_organization_sees_nothing(api: httpx.Client, other_api: httpx.Client) -> None:
    workflow = v3.create(api)
    trigger = v3.upload_run(api, workflow["id"], "Invoice number: O-1")
    v3.wait_run(api, trigger["run_id"])
    wid, pid, rid = workflow["id"], trigger["document_packet_id"], trigger["run_id"]
    files = {"files": ("x.txt", b"x", "text/plain")}
    for response in (
        other_api.get(f"/v3/workflows/{wid}/"), other_api.patch(f"/v3/workflows/{wid}/", json={"name": "mine"}),
        other_api.delete(f"/v3/workflows/{wid}/"), other_api.get(f"/v3/workflows/{wid}/versions/"),
        other_api.post(f"/v3/workflows/{wid}/upload/", files=files),
        other_api.post(f"/v3/workflows/{wid}/upload/run/", files=files),
        other_api.get(f"/v3/workflows/{wid}/document-packets/"), other_api.get(f"/v3/workflows/{wid}/runs/"),
        other_api.get(f"/v3/document-packets/{pid}/"), other_api.delete(f"/v3/document-packets/{pid}/"),
        other_api.post(f"/v3/document-packets/{pid}/run/"), other_api.get(f"/v3/runs/{rid}/"),
    ):
        _error(response, 404, "NOT_FOUND")
    assert wid not in {w["id"] for w in other_api.get("/v3/workflows/?limit=100").json()["items"]}
    assert api.get(f"/v3/runs/{rid}/").json()["status"] == "processed"  # nothing of ours changed
    assert api.get(f"/v3/workflows/{wid}/").json()["name"] == workflow["name"]


@pytest.mark.parametrize("ground_truth", [
    "[" * 5000 + "]" * 5000,  # a RecursionError, 500 before
    '{"total": ' + "7" * 5000 + "}",  # an integer past Python's 4,300 digits, 500 before
    '{"invoice_number": "\\ud800"}',  # a lone surrogate: stored, then 500 on every read before
    '{"invoice_number": "a\\u0000b"}',
])
def test_hostile_ground_truth_is_refused_and_nothing_is_stored(api: httpx.Client, ground_truth: str) -> None:
    workflow = v3.create(api)
    answer = api.post(f"/v3/workflows/{workflow['id']}/dataset/upload/",
                      files={"files": ("gt.txt", b"Invoice number: G-1", "text/plain")},
                      data={"ground_truth": ground_truth})
    _error(answer, 400, "INVALID_JSON")
    assert api.get(f"/v3/workflows/{workflow['id']}/dataset/document-packets/").json()["items"] == []


def test_ask_mistakes(api: httpx.Client) -> None:
    body = v3.body()
    body["nodes"].append({"id": "knowledge_1", "type": "knowledge"})
    body["edges"].append({"source": "extract_1", "target": "knowledge_1"})
    created = api.post("/v3/workflows/", json=body)
    assert created.status_code == 201, created.text
    url = f"/v3/workflows/{created.json()['id']}/knowledge/ask"
    _error(api.post(url, json={"question": ""}), 400, "VALIDATION_ERROR")
    _error(api.post(url, json={"question": "x" * 2001}), 400, "VALIDATION_ERROR")
    _error(api.post(url, json={"question": "why?", "colour": "red"}), 400, "VALIDATION_ERROR")
    empty = api.post(url + "/", json={"question": "why?"})  # a trailing slash is accepted too
    assert empty.status_code == 200 and empty.json()["citations"] == []


def test_a_knowledge_thread_belongs_to_its_organization_and_workflow(api: httpx.Client,
                                                                     other_api: httpx.Client) -> None:
    """A client-chosen thread_id reaches no other organization's thread: its earlier question's words do not steer
    another organization's follow-up (they did, across organizations, when threads were keyed by id alone)."""
    body = v3.body()
    body["nodes"].append({"id": "knowledge_1", "type": "knowledge"})
    body["edges"].append({"source": "extract_1", "target": "knowledge_1"})
    ours = api.post("/v3/workflows/", json=body).json()["id"]
    theirs = other_api.post("/v3/workflows/", json={**body, "name": body["name"] + " b"}).json()["id"]
    v3.wait_run(other_api, v3.upload_run(other_api, theirs, "The pallets were shipped to the Antwerp depot.")["run_id"])
    thread = f"kb-shared-{theirs}"
    asked = api.post(f"/v3/workflows/{ours}/knowledge/ask", json={"question": "Where is the Antwerp depot?",
                                                                   "thread_id": thread})
    assert asked.status_code == 200 and asked.json()["citations"] == []  # our workflow has no documents
    follow = other_api.post(f"/v3/workflows/{theirs}/knowledge/ask",
                            json={"question": "zebra quantum?", "thread_id": thread})
    assert follow.status_code == 200 and follow.json()["citations"] == [], follow.json()
    assert follow.json()["thread_id"] == thread


@pytest.fixture(scope="module", params=MODES)
def small_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = live_server(request, tmp_path_factory.mktemp(f"small-v3-{request.param}"), request.param,
                       max_file_mb="1", rate_limit_submissions="4")
    live.key = live.create_key("small-v3")  # its own counters: the v2 small server shares the stack
    start_live(live, request.param)
    yield live
    live.stop()


def test_oversize_files_and_the_submission_limit(small_server: LiveServer) -> None:
    with small_server.client(small_server.key) as api:
        workflow = v3.create(api)
        big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
        _error(api.post(f"/v3/workflows/{workflow['id']}/upload/run/", files={"files": ("big.pdf", big)}), 413,
               "FILE_TOO_LARGE")
        _error(api.post("/v3/parse/", files={"file": ("big.pdf", big)}), 413, "FILE_TOO_LARGE")
        assert api.get(f"/v3/workflows/{workflow['id']}/document-packets/").json()["items"] == []
        for index in range(2):
            api.post(f"/v3/workflows/{workflow['id']}/upload/", files={"files": (f"{index}.txt", b"x", "text/plain")})
        limited = _error(api.post(f"/v3/workflows/{workflow['id']}/upload/",
                                  files={"files": ("z.txt", b"x", "text/plain")}), 429, "RATE_LIMITED")
        assert limited["retryable"] is True


@pytest.mark.parametrize("query", [{"expires": "²", "signature": "x"}, {"expires": "1", "signature": "é"},
                                   {"expires": "99999999999", "signature": "\u00ff" * 64}])
def test_a_signed_link_with_odd_characters_is_refused_not_a_crash(server: LiveServer, query: dict[str, str]) -> None:
    """Unicode digits in `expires` and non-ASCII text in `signature` once raised inside the check (a 500)."""
    response = httpx.get(f"{server.base_url}/v3/runs/01a2253e-0000-7000-8000-000000000000/results/", params=query)
    assert response.status_code == 403 and response.json()["error_code"] == "LINK_INVALID"
