"""The web app's pure parts: suggested fields from a real PDF's labels, the editor's rows to the API's body and
back, the templates file, and the results table's words and risk."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from starlette.datastructures import FormData

from fieldwise.documents.limits import TimeLimitExceeded
from fieldwise.errors import ValidationFailed
from fieldwise.extraction.schema import DATA_TYPES, field_from_dict
from fieldwise.settings import Settings
from fieldwise.web import editor, results, suggest
from fieldwise.workflows.definitions import parse_definition
from tests.support.documents import invoice_pdf, text_pdf


def test_an_invoice_suggests_its_labelled_fields_with_types() -> None:
    found = {s.name: s for s in suggest.suggest_from(invoice_pdf(), "invoice.pdf", Settings())}
    assert found["invoice_number"].data_type == "string" and "INV-2024-001" in found["invoice_number"].description
    assert found["invoice_date"].data_type == "date"
    assert found["total"].data_type == "float"


def test_german_labels_suggest_the_same_names() -> None:
    pdf = text_pdf([["Muster GmbH", "Rechnungsnummer: R-77", "Rechnungsdatum: 03.04.2024", "Gesamtbetrag: 119,00 EUR"]])
    names = {s.name: s.data_type for s in suggest.suggest_from(pdf, "rechnung.pdf", Settings())}
    assert names.get("invoice_number") == "string" and names.get("invoice_date") == "date", names


def test_a_long_example_is_read_from_its_first_pages_only() -> None:
    pdf = text_pdf([["ACME Ltd", "Invoice number: A-1"], ["ACME Ltd", "Invoice date: 2024-03-15"],
                    ["ACME Ltd", "Total: 60.00 EUR"]])
    names = [s.name for s in suggest.suggest_from(pdf, "long.pdf", Settings(suggest_max_pages=2))]
    assert names == ["invoice_number", "invoice_date"]


def test_prose_gives_no_suggestions_but_its_colon_labels() -> None:
    pdf = text_pdf([["This Agreement is made between the Company and the Employee on the date below.",
                     "Effective date: 2024-01-01"]])
    found = suggest.suggest_from(pdf, "nda.pdf", Settings())
    assert [s.data_type for s in found] == ["date"] and found[0].name.endswith("_date")  # start_date, by the lexicon


def test_an_example_past_the_time_limit_is_refused() -> None:
    with pytest.raises(TimeLimitExceeded):
        suggest.suggest_from(invoice_pdf(), "slow.pdf", Settings(suggest_timeout_s=1e-9))


def _form(rows: list[tuple[str, str, str, str, str]]) -> FormData:
    keys = ("field_name", "field_description", "field_type", "field_options", "field_level")
    return FormData([(key, row[i]) for row in rows for i, key in enumerate(keys)])


def test_rows_become_a_body_the_api_accepts_with_nested_fields_and_options() -> None:
    rows = editor.rows_from_form(_form([
        ("invoice_number", "The invoice id", "string", "", "0"),
        ("", "a blank row", "string", "", "0"),
        ("status", "", "enum", "paid, open ,", "0"),
        ("lines", "The lines", "object", "", "0"),
        ("amount", "", "float", "", "1"),
    ]))
    body = editor.body_of("Invoices", "", rows)
    definition = parse_definition(body)
    assert [f.name for f in definition.fields] == ["invoice_number", "status", "lines"]
    assert [o.name for o in definition.fields[1].enum_options] == ["paid", "open"]
    assert [c.name for c in definition.fields[2].nested_fields] == ["amount"]
    assert editor.rows_of_specs(definition.fields)[-1].nested


def test_a_nested_row_without_an_object_above_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        editor.body_of("W", "", editor.rows_from_form(_form([("amount", "", "float", "", "1")])))


def test_rows_with_missing_inputs_are_refused() -> None:
    form = FormData([("field_name", "a"), ("field_name", "b"), ("field_description", ""), ("field_type", "string"),
                     ("field_options", ""), ("field_level", "0")])
    with pytest.raises(ValidationFailed):
        editor.rows_from_form(form)


@pytest.mark.parametrize("key", ["invoice", "receipt", "purchase_order", "bank_statement", "contract", "form"])
def test_every_template_is_a_valid_workflow(key: str) -> None:
    rows = editor.template_rows(key)
    definition = parse_definition(editor.body_of(editor.templates()[key]["title"], "", rows))
    assert definition.fields and all(f.data_type in DATA_TYPES for f in definition.fields)


def test_a_document_needs_review_when_a_value_is_less_likely_right_than_the_target() -> None:
    specs = [field_from_dict({"name": "total", "data_type": "float"}),
             field_from_dict({"name": "number", "data_type": "string"})]
    row = SimpleNamespace(id="c1", status="processed", error=None, created_at=datetime(2026, 1, 2, 3, 4))
    sure = {"total": {"value": 1.0, "confidence": 97}, "number": {"value": "A", "confidence": 40, "verified": True}}
    assert not results.line(row, "a.pdf", sure, None, specs, 0.95).needs_review
    unsure = {**sure, "total": {"value": 1.0, "confidence": 94}}
    found = results.line(row, "a.pdf", unsure, None, specs, 0.95)
    assert found.needs_review and [v.low for v in found.values] == [True, False]
    assert results.line(row, "a.pdf", sure, [{"passed": False}], specs, 0.95).needs_review
    assert results.status_word("in_progress") == "processing" and results.status_word("error") == "failed"


def test_a_table_under_a_header_row_is_suggested_as_an_object_with_its_columns() -> None:
    found = {s.name: s for s in suggest.suggest_from(invoice_pdf(), "invoice.pdf", Settings())}
    table = found["line_items"]
    assert table.data_type == "object"
    assert [(c.name, c.data_type) for c in table.nested] == [("item", "string"), ("qty", "integer"),
                                                             ("amount", "float")]
    rows = editor.merge([editor.Row("total", "mine", "float")],
                        [editor.Row("total", "", "float", suggested=True), editor.Row("line_items", "", "object"),
                         editor.Row("amount", "", "float", nested=True)])
    assert [(r.name, r.nested) for r in rows] == [("total", False), ("line_items", False), ("amount", True)]
    assert parse_definition(editor.body_of("W", "", rows)).fields[1].nested_fields[0].name == "amount"
