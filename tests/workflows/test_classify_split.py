"""Classify and split on real PDFs the tests write: a packet of two invoices and a receipt."""

from __future__ import annotations

from fieldwise import documents
from fieldwise.workflows.classify import classify
from fieldwise.workflows.plan import Option, Router
from fieldwise.workflows.split import split
from tests.support.documents import INVOICE_LINES, PACKET_PAGES, PACKET_RULES, packet_pdf, text_pdf

RULES = tuple(Option(r["id"], r["name"], r["description"], r["partition_key"]) for r in PACKET_RULES)
SPLITTER = Router("split_1", "splitter", RULES, {"INVOICE": "extract_1", "RECEIPT": "extract_2"})
CLASSIFIER = Router("classify_1", "classify", tuple(Option(o.id, o.name, o.description) for o in RULES), {})


def test_a_packet_is_cut_into_two_invoices_and_a_receipt_with_the_right_pages() -> None:
    document = documents.read(packet_pdf(), "application/pdf")
    splits = split(document, SPLITTER)
    assert [(s.option.id, s.pages) for s in splits] == [("INVOICE", [1, 2, 3]), ("RECEIPT", [4])]
    invoices, receipt = splits
    assert [(p.partition, p.pages) for p in invoices.parts] == [("INV-2024-001", [1]), ("INV-2024-002", [2, 3])]
    assert [(p.partition, p.pages) for p in receipt.parts] == [(None, [4])]
    assert all(50 < p.confidence <= 100 for s in splits for p in s.parts)

    wire = invoices.to_wire(lambda pages: [{"file_id": "f", "file_name": "packet.pdf", "pages": pages}])
    assert wire["name"] == "Invoice" and wire["files"][0]["pages"] == [1, 2, 3]
    assert [(p["name"], p["files"][0]["pages"]) for p in wire["partitions"]] == [
        ("INV-2024-001", [1]), ("INV-2024-002", [2, 3])]
    assert receipt.to_wire(lambda pages: [])["partitions"] == []


ROUTING = Router("split_1", "splitter", tuple(Option(o.id, o.name, o.description) for o in RULES), {})
SCATTERED = [PACKET_PAGES[0], PACKET_PAGES[3], PACKET_PAGES[1], PACKET_PAGES[2]]  # invoice, receipt, invoice (2 pp)


def test_a_routing_rule_found_in_several_runs_is_one_partition_a_run() -> None:
    """v3 (D17) and v2 alike: two invoices around a receipt are two invoices."""
    document = documents.read(text_pdf(SCATTERED), "application/pdf")
    invoices, receipt = split(document, ROUTING)
    assert [(p.partition, p.pages) for p in invoices.parts] == [("Invoice 1", [1]), ("Invoice 2", [3, 4])]
    assert [(p.partition, p.pages) for p in receipt.parts] == [(None, [2])]  # one run: one part, no partition
    wire = invoices.to_wire(lambda pages: [{"pages": pages}])
    assert [(p["name"], p["files"]) for p in wire["partitions"]] == [("Invoice 1", [{"pages": [1]}]),
                                                                     ("Invoice 2", [{"pages": [3, 4]}])]


def test_classify_picks_the_category_with_confidence_and_evidence() -> None:
    invoice = classify(documents.read(text_pdf([INVOICE_LINES]), "application/pdf"), CLASSIFIER)
    assert invoice.category.id == "INVOICE" and invoice.confidence > 50
    assert invoice.evidence and "Invoice number" in invoice.evidence
    receipt = classify(documents.read(text_pdf([PACKET_PAGES[3]]), "application/pdf"), CLASSIFIER)
    assert receipt.category.id == "RECEIPT" and receipt.confidence > 50
    assert receipt.to_wire()["category"] == "Receipt"


KINDS = Router("classify_2", "classify", (
    Option("BANK", "Bank statement", "Transactions on an account with opening and closing balance"),
    Option("INVOICE", "Invoice", "A bill asking for payment"),
    Option("PAYSLIP", "Payslip", "An employee's pay for a month"),
), {})


def _classify(lines: list[str]) -> str:
    return classify(documents.read(text_pdf([lines]), "application/pdf"), KINDS).category.id


def test_categories_match_pages_written_in_other_languages() -> None:
    assert _classify(["Sparkasse Musterstadt", "Kontoauszug Nr. 7/2024", "IBAN DE02 1203 0000 0000 2020 51",
                      "Alter Kontostand 1.204,50", "Neuer Kontostand 1.388,20"]) == "BANK"
    assert _classify(["Société Exemple SARL", "FACTURE N° F2024-12", "Date : 03/04/2024", "Net à payer 120,00 €"]) \
        == "INVOICE"
    assert _classify(["Empresa Ejemplo S.L.", "Nómina de marzo 2024", "Trabajador: Ana Ruiz",
                      "Líquido a percibir 1.650,00"]) == "PAYSLIP"
    assert _classify(["Voorbeeld BV", "Loonstrook april 2024", "Werknemer: J. de Vries"]) == "PAYSLIP"
