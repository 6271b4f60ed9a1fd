"""Reads stay small: a stored parse over FIELDWISE_MAX_READ_MB is never loaded into the API process; the results
envelope, exports and parse jobs leave it out and say so, while the extraction is complete."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterator

import httpx
import pytest

from tests.conftest import INVOICE_FIELDS, MODES, live_server, start_live, wait_processed
from tests.support.live_server import LiveServer

BIG_TEXT = "Invoice number: BIG-1\nTotal: 12.50\n" + "".join(f"Line {i}: a widget of some kind\n" for i in range(3000))


@pytest.fixture(scope="module", params=MODES)
def reads(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = live_server(request, tmp_path_factory.mktemp(f"reads-{request.param}"), request.param,
                       max_read_mb="0.05")
    live.key = live.create_key("reads")
    start_live(live, request.param)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def runs(reads: LiveServer) -> dict[str, str]:
    with reads.client(reads.key) as api:
        workflow = api.post("/v2/workflows/", json={"name": "Reads", "fields": INVOICE_FIELDS}).json()
        ids = {}
        for name, text in (("big.txt", BIG_TEXT), ("small.txt", "Invoice number: SMALL-1\nTotal: 3.00")):
            run = api.post(f"/v2/workflows/{workflow['id']}/run/", files={"file": (name, text, "text/plain")})
            ids[name] = run.json()["id"]
            assert wait_processed(api, ids[name]).status_code == 200
    return {"workflow_id": workflow["id"], **ids}


def _envelope(api: httpx.Client, runs: dict[str, str], name: str) -> dict[str, Any]:
    response = api.get(f"/v2/workflows/{runs['workflow_id']}/files/{runs[name]}/results/")
    assert response.status_code == 200, response.text[:300]
    return response.json()


def test_an_envelope_over_the_read_limit_leaves_the_parse_out_and_says_so(reads: LiveServer,
                                                                          runs: dict[str, str]) -> None:
    with reads.client(reads.key) as api:
        big = _envelope(api, runs, "big.txt")
        assert big["extraction"]["invoice_number"]["value"] == "BIG-1"
        assert big["parse"]["blocks"] is None and big["parse"]["markdown"] is None
        assert "FIELDWISE_MAX_READ_MB" in big["parse"]["omitted"]
        assert any("FIELDWISE_MAX_READ_MB" in w for w in big["warnings"])
        small = _envelope(api, runs, "small.txt")
        assert "SMALL-1" in small["parse"]["markdown"] and small["parse"]["blocks"]
        assert "omitted" not in small["parse"] and small["warnings"] == []


def test_exports_leave_out_what_is_over_the_limit(reads: LiveServer, runs: dict[str, str]) -> None:
    with reads.client(reads.key) as api:
        path = f"/v2/workflows/{runs['workflow_id']}/results/"
        whole = api.get(path)
        assert whole.status_code == 200 and whole.headers["content-type"] == "application/json"
        body = whole.json()
        assert body["big.txt"]["results"]["parse"]["markdown"] is None
        assert "FIELDWISE_MAX_READ_MB" in body["big.txt"]["results"]["parse"]["omitted"]
        assert body["big.txt"]["results"]["extraction"]["invoice_number"]["value"] == "BIG-1"
        assert "SMALL-1" in body["small.txt"]["results"]["parse"]["markdown"]
        lines = {json.loads(line)["file_name"]: json.loads(line)
                 for line in api.get(path, params={"output_format": "jsonl"}).text.splitlines()}
        assert lines["big.txt"]["results"]["parse"]["markdown"] is None and set(lines) == {"big.txt", "small.txt"}
        rows = {r["file_name"]: r for r in csv.DictReader(io.StringIO(api.get(
            path, params={"output_format": "csv"}).text))}
        assert rows["big.txt"]["invoice_number"] == "BIG-1" and rows["small.txt"]["total"] == "3.00"  # as printed
