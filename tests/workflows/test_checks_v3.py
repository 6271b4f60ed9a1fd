"""The check kinds v3 adds to validate rules and if_else conditions: confidence, and the tri-state all_of/any_of."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fieldwise.errors import ValidationFailed
from fieldwise.extraction.schema import FieldSpec
from fieldwise.workflows.rules import parse_rules
from fieldwise.workflows.validate import run_rules

FIELDS = (FieldSpec("total", "", "float"), FieldSpec("vendor", "", "string"),
          FieldSpec("Line items", "", "object", nested_fields=(FieldSpec("amount", "", "float"),)))
STORED = {"total": {"value": 120.0, "confidence": 91.0}, "vendor": {"value": None, "confidence": 0.0},
          "Line items": [{"amount": {"value": 100.0}}, {"amount": {"value": 20.0, "value_override": 25.0}}]}
POSITIVE = {"type": "range", "field": "total", "min": 0}
NEGATIVE = {"type": "range", "field": "total", "max": 0}
VENDOR = {"type": "regex", "field": "vendor", "pattern": "ACME"}  # vendor missing: inconclusive


def _outcome(check: dict[str, Any]) -> str:
    rules = parse_rules([{"id": "r", "kind": "deterministic", "check": check}], "rules", FIELDS)
    return run_rules(rules, STORED, date(2026, 1, 1))[0]["outcome"]


@pytest.mark.parametrize(("check", "outcome"), [
    ({"type": "confidence", "field": "total", "op": ">=", "threshold": 90}, "pass"),
    ({"type": "confidence", "field": "vendor", "op": ">", "threshold": 10}, "fail"),
    ({"type": "all_of", "checks": [POSITIVE, NEGATIVE]}, "fail"),
    ({"type": "all_of", "checks": [POSITIVE, VENDOR]}, "skipped"),  # inconclusive: no failure, a value missing
    ({"type": "all_of", "checks": [POSITIVE, {"type": "required", "field": "total"}]}, "pass"),
    ({"type": "any_of", "checks": [NEGATIVE, POSITIVE]}, "pass"),
    ({"type": "any_of", "checks": [NEGATIVE, VENDOR]}, "skipped"),
    ({"type": "any_of", "checks": [NEGATIVE, {"type": "all_of", "checks": [NEGATIVE]}]}, "fail"),
    ({"type": "expression", "expression": "data.total > 100 && size(data.line_items) == 2"}, "pass"),
    ({"type": "expression", "expression": "data.line_items.exists(l, l.amount == 25)"}, "pass"),  # corrections
    ({"type": "expression", "expression": "data.line_items.all(l, l.amount > 50)"}, "fail"),
    ({"type": "expression", "expression": "data.vendor == 'ACME'"}, "skipped"),  # a missing value
    ({"type": "expression", "expression": "matches(data.total, '1')"}, "skipped"),  # outside the subset
    ({"type": "expression", "expression": "data.total +"}, "skipped"),  # unparseable
])
def test_v3_check_kinds(check: dict[str, Any], outcome: str) -> None:
    assert _outcome(check) == outcome


@pytest.mark.parametrize("check", [
    {"type": "all_of", "checks": []},
    {"type": "any_of", "checks": [{"type": "range", "field": "nope"}]},
    {"type": "confidence", "field": "total", "op": ">", "threshold": 101},
    {"type": "expression", "expression": "(" * 450 + "data.total > 1" + ")" * 450},  # a RecursionError per run
    {"type": "expression", "expression": "!" * 200 + "true"},
    {"type": "expression", "expression": "data.total" + " + 1" * 200 + " > 0"},
    {"type": "expression", "expression": "size(" * 60 + "data.line_items" + ")" * 60 + " > 0"},
])
def test_bad_v3_checks_are_refused(check: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed):
        parse_rules([{"id": "r", "kind": "deterministic", "check": check}], "rules", FIELDS)


ROWS = {"total": {"value": 1.0}, "Line items": [{"amount": {"value": float(i)}} for i in range(100)]}


@pytest.mark.parametrize("expression", [
    # rows^depth: 100^4 items of nested maps, and four nested .all over 100 rows (27 CPU-seconds before)
    "size(data.line_items.map(a, data.line_items.map(b, data.line_items.map(c, data.line_items.map(d, 1))))) > 0",
    "data.line_items.all(a, data.line_items.all(b, data.line_items.all(c, data.line_items.all(d, true))))",
])
def test_an_expression_over_many_rows_stops_at_its_budget(expression: str) -> None:
    import time

    rules = parse_rules([{"id": "r", "kind": "deterministic", "check": {"type": "expression",
                                                                        "expression": expression}}], "rules", FIELDS)
    started = time.process_time()
    [outcome] = run_rules(rules, ROWS, date(2026, 1, 1))
    assert outcome["outcome"] == "skipped" and time.process_time() - started < 5, outcome
    assert outcome["message"] == "the expression could not be judged: the expression took more than 100000 steps"
