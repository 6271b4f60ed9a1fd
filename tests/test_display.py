"""Numbers in tables and CSV cells read as the document printed them; confidences sit beside values."""

from __future__ import annotations

import pytest

from fieldwise.display import confidence_of, number_text, value_text


@pytest.mark.parametrize(("value", "printed", "shown"), [
    (71.0, "Total: 71.00 EUR", "71.00"),
    (38.0, "Qty 38", "38"),
    (1250.0, "Gesamtbetrag 1.250,00 €", "1250.00"),
    (1250.0, "Total due 1,250.00", "1250.00"),
    (1250.0, "Montant 1 250,00", "1250.00"),
    (1250.0, "Summe 1.250", "1250"),
    (0.5, "Satz 0,50", "0.50"),
    (-12.5, "Balance -12.50", "-12.50"),
    (-5.0, "Total: 5.00", "-5"),  # a value the document does not print (a reviewer's) takes no decimals from it
    (12.345, "", "12.345"),
    (7, "", "7"),
])
def test_a_number_reads_as_its_evidence_prints_it(value, printed, shown):
    assert number_text(value, [{"text": printed}] if printed else None) == shown


def test_cells_and_confidences():
    assert value_text({"value": 38.0, "evidence": []}) == "38"
    assert value_text({"value": ["a", "b"]}) == '["a", "b"]' and value_text({"value": None}) is None
    assert value_text({"value": True}) is True and value_text({"value": "INV-1"}) == "INV-1"
    assert confidence_of({"value": 1, "confidence": 87.6}) == 88 and confidence_of(None) is None
    rows = [{"a": {"confidence": 90}, "b": {"confidence": 41}}, {"a": {"confidence": 77}}]
    assert confidence_of(rows) == 41 and confidence_of([]) is None
