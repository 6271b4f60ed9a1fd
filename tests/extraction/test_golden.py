"""Golden answers on committed documents (copied from the dev benchmark), through the whole pipeline.

What is compared is what a user relies on: each field's value, unit and the pages its evidence is on, plus that
every value has evidence with a box. Golden files change only with `pytest --update-golden`.
"""

import json
from pathlib import Path

import pytest

from fieldwise.extraction import wire
from fieldwise.extraction.schema import fields_from_schema
from fieldwise.jobs.pipeline import process_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extraction"
GOLDEN = Path(__file__).resolve().parent / "golden"

NDA = {"name": "NDA", "fields": [
    {"name": "effective_date", "description": "Date on which the agreement takes effect", "data_type": "date"},
    {"name": "jurisdiction", "description": "US state or country whose law governs the agreement"},
    {"name": "party", "description": "Names of the companies or persons that enter into the agreement",
     "data_type": "list"},
    {"name": "term", "description": "How long the agreement lasts, as a number and a unit, e.g. 2 years"},
]}
RECEIPT = {"name": "Receipts", "fields": [
    {"name": "company", "description": "Name of the company or store that issued the receipt"},
    {"name": "date", "description": "Date of the purchase", "data_type": "date"},
    {"name": "address", "description": "Full postal address of the store that issued the receipt"},
    {"name": "total", "description": "Total amount paid, after taxes and rounding", "data_type": "float"},
]}
CASES = [(name, schema) for name, schema in [("nda-haynes.pdf", NDA), ("receipt-sroie.jpg", RECEIPT)]
         if (FIXTURES / name).exists()]


def _essentials(flat: dict) -> dict:
    return {
        name: {"value": entry["value"], "value_unit": entry["value_unit"],
               "pages": sorted({e["page_number"] for e in entry["evidence"]})}
        for name, entry in flat.items()
    }


@pytest.mark.parametrize("name, schema", CASES, ids=[c[0] for c in CASES])
def test_golden(name, schema, update_golden):
    fields = fields_from_schema(schema)
    processed = process_document((FIXTURES / name).read_bytes(), fields, filename=name)
    flat = wire.flat_view(processed.extraction, fields)
    for entry in flat.values():
        if entry["value"] is not None:
            assert entry["evidence"] and all("bbox" in e for e in entry["evidence"])
            assert 0 <= entry["confidence"] <= 100
    got = _essentials(flat)
    golden = GOLDEN / f"{name}.json"
    if update_golden:
        golden.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n")
    assert golden.exists(), f"no golden file for {name}: run pytest --update-golden"
    assert got == json.loads(golden.read_text())
