"""Every data_type on small documents: value typed as the API says, evidence with page and box, null when absent."""

from fieldwise.extraction import extract
from fieldwise.extraction.schema import EnumOption, FieldSpec

from tests.extraction.docs import document, page, table

INVOICE = document(page([
    ("ACME TRADING SDN BHD", 0.3, 0.02),
    ("12, Jalan Maju 3, Taman Indah, 43000 Kajang, Selangor", 0.1, 0.05),
    ("Tel: 03-1234 5678", 0.3, 0.08),
    ("Invoice No: INV-2041", 0.05, 0.15),
    ("Date: 23/12/2017 14:05", 0.05, 0.18),
    ("Customer: Jane Doe", 0.05, 0.21),
    ("Items: 3", 0.05, 0.24),
    ("Payment method: Credit Card", 0.05, 0.27),
    ("Delivered: [x]", 0.05, 0.30),
    ("Tags: fragile, express", 0.05, 0.33),
    ("Subtotal 69.81", 0.05, 0.80),
    ("GST 6% 4.19", 0.05, 0.83),
    ("TOTAL RM 74.00", 0.05, 0.86),
], tables=[table(["Description", "Qty", "Amount"], [["Widget", "2", "20.00"], ["Gadget", "1", "49.81"]])]))


def _one(spec: FieldSpec):
    return extract(INVOICE, [spec])[spec.name]


def test_string_right_of_its_label():
    got = _one(FieldSpec("customer_name", "Name of the customer"))
    assert got.value == "Jane Doe"
    assert got.evidence[0].page_number == 1 and got.evidence[0].bbox is not None


def test_issuer_from_the_top_of_the_page():
    assert _one(FieldSpec("vendor", "Name of the company that issued the invoice")).value == "ACME TRADING SDN BHD"


def test_address_under_the_issuer():
    got = _one(FieldSpec("address", "Postal address of the store"))
    assert got.value.startswith("12, Jalan Maju 3") and "43000" in got.value


def test_total_is_money_with_currency_unit():
    got = _one(FieldSpec("amount_paid", "Total amount paid", "float"))
    assert got.value == 74.0 and got.value_unit == "MYR"
    assert "TOTAL" in got.evidence[0].text


def test_integer_date_datetime():
    assert _one(FieldSpec("items", "Number of items", "integer")).value == 3
    assert _one(FieldSpec("date", "Date of the invoice", "date")).value == "2017-12-23"
    assert _one(FieldSpec("date", "When it was issued", "datetime")).value == "2017-12-23T14:05:00"


def test_boolean_from_a_check_mark():
    assert _one(FieldSpec("delivered", "Whether delivered", "boolean")).value is True


def test_enum_and_multi_select_give_option_names():
    options = (EnumOption("cash"), EnumOption("card", "credit card or debit card"), EnumOption("transfer"))
    assert _one(FieldSpec("payment_method", "How it was paid", "enum", options)).value == "card"
    tags = (EnumOption("fragile"), EnumOption("express"), EnumOption("heavy"))
    assert _one(FieldSpec("tags", "Handling tags", "multi_select", tags)).value == ["fragile", "express"]


def test_list_has_items_each_with_evidence():
    got = _one(FieldSpec("invoice_no", "Invoice number", "list"))
    assert got.value == ["INV-2041"]
    assert len(got.items) == 1 and got.items[0].evidence


def test_object_rows_from_a_table_one_value_per_cell():
    spec = FieldSpec("line_items", "Items bought", "object", nested_fields=(
        FieldSpec("description", "What was bought"), FieldSpec("qty", "Quantity", "integer"),
        FieldSpec("amount", "Line amount", "float"),
    ))
    rows = _one(spec)
    assert [(r["description"].value, r["qty"].value, r["amount"].value) for r in rows] == [
        ("Widget", 2, 20.0), ("Gadget", 1, 49.81)]
    assert rows[0]["amount"].evidence[0].bbox is not None


def test_absent_field_is_null_with_low_confidence():
    got = _one(FieldSpec("passport_number", "Passport number of the traveller"))
    assert got.value is None and got.confidence <= 20
    assert extract(INVOICE, [FieldSpec("due", "Due date", "date")])["due"].confidence <= 60


def test_every_field_is_answered_in_any_casing():
    fields = [FieldSpec("CUSTOMER", "customer"), FieldSpec("Invoice_No", "")]
    got = extract(INVOICE, fields)
    assert got["CUSTOMER"].value == "Jane Doe" and got["Invoice_No"].value == "INV-2041"


AGREEMENT = document(page([
    ("MUTUAL NONDISCLOSURE AGREEMENT", 0.3, 0.05),
    ("This Agreement is made as of the 6th day of January, 2012 by and between Acme Widgets, Inc., a", 0.05, 0.1),
    ("Delaware corporation (the \"Company\"), and John Q. Smith (\"Recipient\").", 0.05, 0.12),
    ("The obligations hereunder shall continue for a period of two (2) years from the Effective Date.", 0.05, 0.3),
    ("This Agreement shall be governed by the laws of the State of New York.", 0.05, 0.5),
]))
NDA_FIELDS = [
    FieldSpec("effective_date", "Date on which the agreement takes effect", "date"),
    FieldSpec("governing_law", "State whose law governs the agreement"),
    FieldSpec("parties", "Who enters into the agreement", "list"),
    FieldSpec("duration", "How long the agreement lasts, e.g. 2 years"),
    FieldSpec("duration_number", "How long the agreement lasts", "integer"),
]


def test_agreement_prose():
    got = extract(AGREEMENT, NDA_FIELDS)
    assert got["effective_date"].value == "2012-01-06"
    assert got["governing_law"].value == "New York"
    assert got["parties"].value == ["Acme Widgets Inc.", "John Q. Smith"]
    assert got["duration"].value == "2 years"
    assert got["duration_number"].value == 2 and got["duration_number"].value_unit == "years"


def test_confidences_are_percentages():
    for value in extract(AGREEMENT, NDA_FIELDS).values():
        assert 0 <= value.confidence <= 100


def test_list_written_after_a_label_gives_one_item_per_element():
    got = _one(FieldSpec("tags", "Handling tags", "list"))
    assert got.value == ["fragile", "express"]
    assert [item.value for item in got.items] == ["fragile", "express"]
    assert all(item.evidence[0].page_number == 1 for item in got.items)
