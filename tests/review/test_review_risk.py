"""Review by risk: a document is as risky as its riskiest unverified value; a value a failed check read comes
before any the engine is merely unsure of; verified values never need review."""

from __future__ import annotations

from fieldwise.extraction.schema import field_from_dict
from fieldwise.review import risk

FIELDS = [field_from_dict({"name": "invoice_number", "data_type": "string"}),
          field_from_dict({"name": "total", "data_type": "float"}),
          field_from_dict({"name": "lines", "data_type": "object",
                           "nested_fields": [{"name": "amount", "data_type": "float"}]})]


def _doc(number: float, total: float, amount: float = 99, verified: bool = False) -> dict:
    return {"invoice_number": {"value": "A-1", "confidence": number},
            "total": {"value": 10.0, "confidence": total, **({"verified": True} if verified else {})},
            "lines": [{"amount": {"value": 10.0, "confidence": amount}}]}


def test_a_workflow_whose_values_are_ninety_percent_right_shows_the_wrong_ones_first() -> None:
    # ten documents: nine read right and sure (97-99), one whose total the engine got wrong and said so (60),
    # and one whose cell in a table is unsure (80)
    documents = {f"doc-{i}": _doc(98, 97 + i % 3) for i in range(8)}
    documents["wrong-total"] = _doc(98, 60)
    documents["unsure-cell"] = _doc(99, 99, amount=80)
    assessed = {name: risk.assess(stored, FIELDS, None, 0.95) for name, stored in documents.items()}
    queue = sorted((r.chance, name) for name, r in assessed.items() if r is not None)
    assert [name for _, name in queue] == ["wrong-total", "unsure-cell"]
    assert assessed["wrong-total"].path == "total" and assessed["unsure-cell"].path == "lines/0/amount"


def test_a_failed_check_puts_the_values_it_read_first() -> None:
    failed = [{"passed": False, "message": "total = 10 is not the sum of the lines", "values": {"total": 10.0}}]
    found = risk.assess(_doc(90, 99), FIELDS, failed, 0.95)
    assert found is not None and found.path == "total" and found.chance == 0.0 and "sum" in (found.check or "")
    assert found.count == 2  # the total, and the invoice number under the target


def test_verified_values_and_sure_ones_need_no_review() -> None:
    assert risk.assess(_doc(99, 40, verified=True), FIELDS, None, 0.95) is None
    assert risk.assess(_doc(96, 96), FIELDS, [{"passed": True, "values": {"total": 10}}], 0.95) is None
