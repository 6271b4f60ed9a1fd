"""What a user writing their own schema meets first: a label whose value is a code glued to a '#', a parenthesis
after a label, a string field that asks for an amount, a description that lists the answers, a document that writes
decimal commas, a field whose description names a party but asks for its IBAN. Each document is small and made
here; none is a dev document."""

from __future__ import annotations

import pytest

from fieldwise import documents as readers
from fieldwise.extraction import extract
from fieldwise.extraction.meaning import closed_answers
from fieldwise.extraction.normalize.numbers import convention, parse_number, read_convention
from fieldwise.extraction.schema import FieldSpec
from tests.extraction.docs import document, page

INVOICE_ID = FieldSpec("invoice_number", "Invoice id")
TOTAL = FieldSpec("total", "Total due", "float")


def _text(text: str, *fields: FieldSpec):
    got = extract(readers.read(text.encode(), "text/plain", filename="upload.txt"), list(fields))
    return {name: value.value for name, value in got.items()}


@pytest.mark.parametrize("text", ["Invoice #INV-001 ... Total: 1250.00", "Invoice No: INV-001 Total: 1250.00"])
def test_the_readme_example_gives_every_field(text: str) -> None:
    assert _text(text, INVOICE_ID, TOTAL) == {"invoice_number": "INV-001", "total": 1250.0}


def test_a_parenthesis_after_a_label_qualifies_it_and_is_not_the_value() -> None:
    text = "ACME Ltd\nTotal due (EUR) 1,487.50\n"
    assert _text(text, TOTAL)["total"] == 1487.5
    assert _text(text, FieldSpec("total", "Total due", "string"))["total"] == "1,487.50"


def test_an_iban_asked_of_the_seller_is_the_iban_not_the_sellers_name() -> None:
    text = "ACME GmbH\nRechnung\nIBAN DE89 3704 0044 0532 0130 00\nGesamtbetrag 12,00 EUR\n"
    got = _text(text, FieldSpec("iban", "IBAN of the seller's bank account"))
    assert got["iban"] == "DE89370400440532013000"


@pytest.mark.parametrize(("description", "answers"), [
    ("Whether this is a purchase or a return: purchase or return", ("purchase", "return")),
    ("Status, one of: open, closed, pending", ("open", "closed", "pending")),
    ("Is it paid? yes or no", ("yes", "no")),
    ("Governing law: state or country", ()),
    ("The name of the seller or the buyer", ()),
    ("Invoice id", ()),
])
def test_a_description_that_lists_its_answers_closes_the_field(description: str, answers: tuple) -> None:
    assert closed_answers(description) == answers


def test_a_closed_field_answers_one_of_its_answers_or_nothing_never_free_text() -> None:
    kind = FieldSpec("kind", "Whether this is a purchase or a return: purchase or return")
    assert _text("Customer return\nReturn of goods, order 4411\nTotal 12.00\n", kind)["kind"] == "return"
    assert _text("Delivery note\nShipped: 3 boxes\nWeight 12 kg\n", kind)["kind"] is None


def test_the_document_says_how_it_writes_decimals() -> None:
    assert read_convention("Summe 1.234,56 EUR\nMwSt 19,00\n") == ","
    assert read_convention("Total 1,234.56\nTax 19.00\n") == "."
    assert read_convention("Menge 3\n") is None
    with convention(","):
        assert str(parse_number("1,363")) == "1.363"
    with convention("."):
        assert str(parse_number("1,363")) == "1363"
    assert str(parse_number("0,625")) == "0.625"  # no thousands group starts with 0


def test_a_german_page_reads_its_decimal_commas_as_decimals() -> None:
    rows = [("Lieferschein", 0.1, 0.05), ("Menge: 1,363 t", 0.1, 0.2), ("Preis je t: 12,50 EUR", 0.1, 0.25),
            ("Gesamt: 17,04 EUR", 0.1, 0.3)]
    got = extract(document(page(rows)), [FieldSpec("quantity", "Quantity delivered in tonnes", "float")])
    assert got["quantity"].value == 1.363


def test_a_field_the_document_never_names_is_null_with_low_confidence() -> None:
    got = extract(readers.read(b"Receipt\nDate: 12/03/2024\nTotal: 9.90\n", "text/plain", filename="r.txt"),
                  [FieldSpec("due_date", "Date by which the invoice must be paid", "date")])
    assert got["due_date"].value is None or got["due_date"].confidence <= 50


def test_a_name_broken_before_its_legal_form_is_read_whole() -> None:
    text = "Müller & Söhne\nMaschinenbau GmbH\nHauptstraße 12\n80331 München\n\nRechnung Nr. 2024-17\nGesamt: 12,00 EUR\n"
    got = _text(text, FieldSpec("seller_name", "Name of the company that issued the invoice"))
    assert got["seller_name"] == "Müller & Söhne Maschinenbau GmbH"


def test_a_legal_form_alone_is_never_a_name_and_a_name_stops_before_its_address() -> None:
    seller = FieldSpec("seller_name", "Name of the company that issued the invoice")
    assert _text("GmbH\nSchmidt Logistik\nRechnung 55\nBetrag 12,00\n", seller)["seller_name"] != "GmbH"
    text = "Verkäufer: ACME Industrial Supplies Ltd, 12 High Street, Leeds LS1 4AB\nInvoice 77\nTotal: 99.00\n"
    assert _text(text, seller)["seller_name"] == "ACME Industrial Supplies Ltd"
