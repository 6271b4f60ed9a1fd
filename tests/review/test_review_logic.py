"""Review changes as pure functions: paths into object rows, the stored form they write, typed values."""

from __future__ import annotations

from typing import Any

import pytest

from fieldwise.errors import NotFound, ValidationFailed
from fieldwise.extraction import review, values, wire
from fieldwise.extraction.schema import EnumOption, FieldSpec

ITEMS = FieldSpec("line_items", "", "object", (), (FieldSpec("description"), FieldSpec("amount", "", "float")))
FIELDS = [FieldSpec("total", "", "float"), ITEMS]


def _cell(value: Any) -> dict[str, Any]:
    return {"value": value, "confidence": 70.0, "evidence": [], "value_unit": None}


STORED = {"total": _cell(60.0), "line_items": [{"description": _cell("Paper"), "amount": _cell(10.0)},
                                               {"description": _cell("Toner"), "amount": _cell(5.0)}]}


@pytest.mark.parametrize("path", ["line_items/1/amount", "line_items.1.amount", "/line_items/1/amount/"])
def test_an_object_cell_is_corrected_in_place(path: str) -> None:
    where = review.resolve(FIELDS, path)
    updated, change = review.apply(STORED, where, {"value": "50"})
    assert str(where) == "line_items/1/amount"
    assert (change.action, change.old_value, change.new_value) == ("correct", 5.0, 50.0)
    assert STORED["line_items"][1]["amount"] == _cell(5.0)  # the input is not changed
    flat = wire.flat_view(updated, FIELDS)
    assert flat["line_items"][1]["amount"]["value"] == 50.0
    assert flat["line_items"][1]["amount"]["verification_status"] == "verified"
    assert flat["line_items"][0]["amount"]["verification_status"] == "not_verified"
    assert wire.envelope_fields(updated, FIELDS)["line_items"][1]["amount"]["value_override"] == 50.0


def test_verify_then_unverify_keeps_the_value() -> None:
    where = review.resolve(FIELDS, "total")
    verified, change = review.apply(STORED, where, {"verified": True})
    assert change.action == "verify" and change.old_value == change.new_value == 60.0
    assert wire.flat_view(verified, FIELDS)["total"]["verification_status"] == "verified"
    undone, change = review.apply(verified, where, {"verification_status": "not_verified"})
    assert change.action == "unverify" and "verified" not in undone["total"]


def test_a_field_the_engine_did_not_find_can_be_filled_in() -> None:
    updated, change = review.apply({}, review.resolve(FIELDS, "total"), {"value": 12})
    assert change.old_value is None and updated["total"]["value_override"] == 12.0


@pytest.mark.parametrize("path, error", [("nope", NotFound), ("line_items", ValidationFailed),
                                         ("line_items/0", ValidationFailed), ("line_items/0/colour", NotFound),
                                         ("total/0/x", ValidationFailed), ("line_items/9/amount", NotFound)])
def test_bad_paths(path: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        review.apply(STORED, review.resolve(FIELDS, path), {"verified": True})


@pytest.mark.parametrize("spec, given, expected", [
    (FieldSpec("n", "", "integer"), "12", 12), (FieldSpec("n", "", "integer"), 12.0, 12),
    (FieldSpec("f", "", "float"), "1,300.50", 1300.5), (FieldSpec("d", "", "date"), "2024-03-15", "2024-03-15"),
    (FieldSpec("t", "", "datetime"), "2024-03-15T10:00:00Z", "2024-03-15T10:00:00Z"),
    (FieldSpec("b", "", "boolean"), False, False), (FieldSpec("s"), "x", "x"), (FieldSpec("s"), None, None),
    (FieldSpec("m", "", "multi_select", (EnumOption("a"), EnumOption("b"))), ["b", "a", "b"], ["b", "a"]),
    (FieldSpec("l", "", "list"), [1, "x"], [1, "x"]),
])
def test_values_are_put_in_canonical_form(spec: FieldSpec, given: Any, expected: Any) -> None:
    assert values.check(spec, given) == expected


@pytest.mark.parametrize("spec, given", [
    (FieldSpec("n", "", "integer"), 1.5), (FieldSpec("n", "", "integer"), True), (FieldSpec("f", "", "float"), "nan"),
    (FieldSpec("d", "", "date"), "2024-3-5"), (FieldSpec("t", "", "datetime"), "yesterday"),
    (FieldSpec("e", "", "enum", (EnumOption("a"),)), "b"), (FieldSpec("l", "", "list"), [{"a": 1}]),
    (FieldSpec("m", "", "multi_select", (EnumOption("a"),)), "a"), (FieldSpec("s"), ["x"]),
])
def test_values_of_the_wrong_type_are_refused(spec: FieldSpec, given: Any) -> None:
    with pytest.raises(ValidationFailed):
        values.check(spec, given)


def test_a_drawn_box_is_the_corrected_values_evidence_until_the_next_correction() -> None:
    where = review.resolve(FIELDS, "total")
    box = {"page_number": 2, "bbox": {"x0": 0.1, "y0": 0.2, "x1": 0.3, "y1": 0.25}}
    drawn, _ = review.apply(STORED, where, {"value": "61.5", "evidence": box})
    evidence = wire.flat_view(drawn, FIELDS)["total"]["evidence"]
    assert [(e["page_number"], e["bbox"]) for e in evidence] == [(2, box["bbox"])]
    again, _ = review.apply(drawn, where, {"value": "62"})
    assert wire.flat_view(again, FIELDS)["total"]["evidence"] == []  # the engine's (none here), not the old box


@pytest.mark.parametrize("evidence", [
    {"page_number": 1, "bbox": {"x0": 0.5, "y0": 0.1, "x1": 0.4, "y1": 0.2}},  # x1 before x0
    {"page_number": 0, "bbox": {"x0": 0.1, "y0": 0.1, "x1": 0.2, "y1": 0.2}},
    {"page_number": 1, "bbox": {"x0": 0.1, "y0": 0.1, "x1": 1.2, "y1": 0.2}},
    {"page_number": 1, "bbox": {"x0": "a", "y0": 0.1, "x1": 0.2, "y1": 0.2}},
    {"page_number": 1}, "page 1",
])
def test_a_box_off_the_page_is_refused(evidence: Any) -> None:
    with pytest.raises(ValidationFailed):
        review.apply(STORED, review.resolve(FIELDS, "total"), {"value": "1", "evidence": evidence})


def test_a_box_goes_with_a_corrected_value_only() -> None:
    box = {"page_number": 1, "bbox": {"x0": 0.1, "y0": 0.1, "x1": 0.2, "y1": 0.2}}
    with pytest.raises(ValidationFailed):
        review.apply(STORED, review.resolve(FIELDS, "total"), {"verified": True, "evidence": box})


def test_a_long_value_is_edited_whole_in_a_text_area() -> None:
    from fieldwise.review import cells

    clause = "The supplier shall deliver the goods to the buyer's warehouse within thirty days of the order."
    stored = {"total": _cell(60.0), "line_items": [{"description": _cell(clause), "amount": _cell(1.0)}]}
    shown = {c.path: c for c in cells.cells(stored, FIELDS, 95)}
    assert shown["line_items/0/description"].long and shown["line_items/0/description"].shown == clause
    assert not shown["total"].long
