"""The validate node's deterministic checks over stored extractions, and its rules checked when a workflow is saved."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fieldwise.errors import ValidationFailed
from fieldwise.extraction.schema import FieldSpec
from fieldwise.workflows.rules import parse_rules
from fieldwise.workflows.validate import run_rules

FIELDS = (
    FieldSpec("invoice_number"), FieldSpec("total", data_type="float"), FieldSpec("subtotal", data_type="float"),
    FieldSpec("tax", data_type="float"), FieldSpec("issued", data_type="date"), FieldSpec("currency"),
    FieldSpec("due", data_type="date"),
    FieldSpec("line_items", data_type="object", nested_fields=(FieldSpec("amount", data_type="float"),)),
)
TODAY = date(2025, 6, 1)


def _v(value: Any) -> dict[str, Any]:
    return {"value": value, "confidence": 80.0, "evidence": [], "value_unit": None}


def stored(**values: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        out[name] = [{"amount": _v(a)} for a in value] if name == "line_items" else _v(value)
    return out


def outcomes(checks: list[dict[str, Any]], data: dict[str, Any]) -> list[str]:
    raw = [{"id": f"r{i}", "kind": "deterministic", "check": c} for i, c in enumerate(checks)]
    return [o["outcome"] for o in run_rules(parse_rules(raw, "rules", FIELDS), data, TODAY)]


def test_line_items_that_do_not_add_up_to_the_total_fail_with_the_values_involved() -> None:
    rule = {"id": "sum", "name": "Lines add up", "kind": "deterministic", "severity": "error",
            "check": {"type": "arithmetic", "operands": ["line_items.amount"], "operator": "sum", "equals": "total",
                      "tolerance": 0.01}}
    rules = parse_rules([rule], "rules", FIELDS)
    bad = run_rules(rules, stored(total=70.0, line_items=[10.0, 50.0]))[0]
    assert (bad["outcome"], bad["passed"], bad["severity"]) == ("fail", False, "error")
    assert bad["values"] == {"line_items.amount": [10.0, 50.0], "total": 70.0} and bad["computed"] == 60.0
    assert "60" in bad["message"] and "70" in bad["message"]
    good = run_rules(rules, stored(total=60.0, line_items=[10.0, 50.0]))[0]
    assert (good["outcome"], good["passed"]) == ("pass", True)
    assert run_rules(rules, stored(total=60.004, line_items=["10.00", "50.00"]))[0]["outcome"] == "pass"


def test_every_deterministic_kind_passes_and_fails() -> None:
    data = stored(invoice_number="INV-2024-001", total=121.0, subtotal=100.0, tax=21.0, issued="2024-03-15",
                  currency="eur", due="2024-04-15")
    checks = [
        {"type": "range", "field": "total", "min": 0, "max": 1000},
        {"type": "range", "field": "total", "min": 200},
        {"type": "date", "field": "issued", "earliest": "2024-01-01", "latest": "today"},
        {"type": "date", "field": "issued", "earliest": "today"},
        {"type": "arithmetic", "operands": ["subtotal", "tax"], "operator": "sum", "equals": "total"},
        {"type": "arithmetic", "operands": ["total", "tax"], "operator": "subtract", "equals": "subtotal"},
        {"type": "arithmetic", "operands": ["subtotal", "tax"], "operator": "product", "equals": "total"},
        {"type": "comparison", "left": "due", "op": ">", "right": {"source": "field", "field": "issued"}},
        {"type": "comparison", "left": "total", "op": "<=", "right": {"source": "literal", "value": 100}},
        {"type": "one_of", "field": "currency", "allowed": ["EUR", "USD"]},
        {"type": "one_of", "field": "currency", "allowed": ["EUR", "USD"], "case_sensitive": True},
        {"type": "regex", "field": "invoice_number", "pattern": r"^INV-\d{4}-\d{3}$"},
        {"type": "regex", "field": "invoice_number", "pattern": r"^\d+$"},
        {"type": "required", "field": "invoice_number"},
        {"type": "required", "field": "line_items.amount"},
    ]
    assert outcomes(checks, data) == ["pass", "fail", "pass", "fail", "pass", "pass", "fail", "pass", "fail",
                                      "pass", "fail", "pass", "fail", "pass", "fail"]


def test_missing_values_skip_the_check_and_ai_rules_are_not_guessed() -> None:
    rules = parse_rules([
        {"id": "r1", "kind": "deterministic", "check": {"type": "range", "field": "total", "min": 0}},
        {"id": "r2", "kind": "ai", "description": "The vendor looks legitimate", "severity": "warning"},
        {"id": "r3", "kind": "deterministic", "check": {"type": "range", "field": "total", "min": 0}},
    ], "rules", FIELDS)
    first, ai = run_rules(rules[:2], stored(currency="EUR"))
    text = run_rules(rules[2:], stored(total="n/a"))[0]
    assert (first["outcome"], first["passed"]) == ("skipped", None)
    assert (ai["outcome"], ai["severity"], ai["kind"]) == ("not_supported", "warning", "ai")
    assert text["outcome"] == "fail" and "not a number" in text["message"]


@pytest.mark.parametrize("rule, message", [
    ({"id": "r", "kind": "deterministic"}, "requires a check"),
    ({"id": "r", "kind": "deterministic", "check": {"type": "sql", "field": "total"}}, "unknown check type"),
    ({"id": "r", "kind": "deterministic", "check": {"type": "range", "field": "totl"}}, "no field 'totl'"),
    ({"id": "r", "kind": "deterministic", "check": {"type": "regex", "field": "total", "pattern": "("}},
     "not a valid regular expression"),
    ({"id": "r", "kind": "deterministic", "check": {"type": "date", "field": "issued", "earliest": "soon"}},
     "ISO date"),
    ({"id": "r", "kind": "ai"}, "requires a description"),
    ({"id": "r", "kind": "deterministic", "severity": "fatal",
      "check": {"type": "required", "field": "total"}}, "error or warning"),
])
def test_bad_rules_are_refused_naming_the_problem(rule: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_rules([rule], "nodes[2].rules", FIELDS)
    assert message in str(caught.value.detail) or message in str(caught.value.summary)


_BACKTRACKING = """
from datetime import date
from fieldwise.extraction.schema import FieldSpec
from fieldwise.workflows.rules import parse_rules
from fieldwise.workflows.validate import run_rules
rules = parse_rules([{"id": "r", "kind": "deterministic",
                      "check": {"type": "regex", "field": "code", "pattern": "^(a|aa)+$"}}], "rules", (FieldSpec("code"),))
value = {"value": "a" * 5000 + "!", "confidence": 80.0, "evidence": [], "value_unit": None}
print(run_rules(rules, {"code": value}, date(2025, 6, 1))[0]["outcome"])
"""


def test_a_backtracking_pattern_on_a_long_value_answers_instead_of_pinning_the_worker() -> None:
    """`^(a|aa)+$` against 5,000 a's and a '!' takes exponential time on a backtracking engine. Run in a child
    process so that on such an engine the test fails at the bound rather than hanging the suite."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _BACKTRACKING], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "fail", out.stderr


def test_a_pattern_the_linear_engine_cannot_run_is_refused_when_the_workflow_is_saved() -> None:
    rule = {"id": "r", "kind": "deterministic", "check": {"type": "regex", "field": "total", "pattern": r"(a)\1"}}
    with pytest.raises(ValidationFailed, match="not a valid regular expression: invalid escape sequence"):
        parse_rules([rule], "rules", FIELDS)
