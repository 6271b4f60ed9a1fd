"""A field's effective value has one definition: a reviewer's correction (even to null) wins over the engine's."""

from __future__ import annotations

from datetime import date

from fieldwise.extraction import wire
from fieldwise.extraction.schema import FieldSpec
from fieldwise.workflows.rules import Rule
from fieldwise.workflows.validate import run_rules


def test_correction_wins_even_when_it_is_null() -> None:
    assert wire.effective_value({"value": 5}) == 5
    assert wire.effective_value({"value": 5, "value_override": 7}) == 7
    assert wire.effective_value({"value": 5, "value_override": None}) is None
    assert wire.effective_value(None) is None


def test_every_reader_agrees_on_a_null_correction() -> None:
    stored = {"total": {"value": 5.0, "confidence": 90.0, "evidence": [], "value_unit": None,
                        "value_override": None}}
    flat = wire.flat_view(stored, [FieldSpec("total", "", "float")])
    rule = Rule("r1", None, "deterministic", "error", {"type": "required", "field": "total"})
    [outcome] = run_rules((rule,), stored, date(2026, 1, 1))
    assert flat["total"]["value"] is None and outcome["outcome"] == "fail"
