"""The general engine on layouts and languages of every kind: labels read through the lexicon, qualifiers that keep
look-alikes apart, sections, ranges, forms and header rows. Each document is small and made here; none is a dev
document."""

from __future__ import annotations

import pytest

from fieldwise.extraction import extract
from fieldwise.extraction.explain import explain
from fieldwise.extraction.schema import EnumOption, FieldSpec

from tests.extraction.docs import document, page

INVOICE_NUMBER = FieldSpec("invoice_number", "Number or code that identifies the invoice")
INVOICE_DATE = FieldSpec("invoice_date", "Date the invoice was issued", "date")
DUE_DATE = FieldSpec("due_date", "Date by which the invoice must be paid", "date")
TOTAL = FieldSpec("total_amount", "Total amount including tax (the grand total)", "float")


def _value(spec: FieldSpec, *rows: tuple[str, float, float]):
    return extract(document(page(list(rows))), [spec])[spec.name].value


@pytest.mark.parametrize("label", [
    "Invoice No.:", "Invoice #", "Rechnungsnummer:", "Rechnungs-Nr.:", "N° de facture :", "Factura nº:",
    "Fattura n.", "Factuurnummer:", "Fatura n.º:",
])
def test_an_invoice_number_under_the_labels_of_seven_languages(label: str) -> None:
    assert _value(INVOICE_NUMBER, ("ACME GmbH", 0.1, 0.05), (f"{label} RE-2024-0042", 0.1, 0.2),
                  ("Kunden-Nr.: 77812", 0.1, 0.25)) == "RE-2024-0042"


def test_the_label_is_never_part_of_the_value_and_the_value_stops_at_the_next_label() -> None:
    got = extract(document(page([("Rechnungsnummer: 2014-03 Rechnungsdatum: 11. Juli 2014", 0.05, 0.2)])),
                  [INVOICE_NUMBER, INVOICE_DATE])
    assert got["invoice_number"].value == "2014-03"
    assert got["invoice_date"].value == "2014-07-11"


def test_qualifiers_keep_due_and_issue_dates_apart() -> None:
    rows = [("Date d'échéance : 02/03/2022", 0.1, 0.3), ("Date de facture : 31/01/2022", 0.1, 0.2)]
    got = extract(document(page(rows)), [INVOICE_DATE, DUE_DATE])
    assert got["invoice_date"].value == "2022-01-31"
    assert got["due_date"].value == "2022-03-02"


def test_gross_beats_net_when_the_field_asks_for_tax_included() -> None:
    rows = [("Nettobetrag: 845,00", 0.5, 0.7), ("MwSt. 19%: 160,55", 0.5, 0.73), ("Bruttobetrag: 1.005,55", 0.5, 0.76)]
    assert _value(FieldSpec("gross_amount", "Amount including VAT", "float"), *rows) == 1005.55
    assert _value(FieldSpec("net_amount", "Amount before tax", "float"), *rows) == 845.0


def test_a_section_heading_says_whose_name_it_is() -> None:
    rows = [("Verkäufer", 0.1, 0.2), ("Name: Musterlieferant GmbH", 0.1, 0.23), ("Käufer", 0.1, 0.3),
            ("Name: Kunde AG", 0.1, 0.33)]
    assert _value(FieldSpec("seller_name", "Name of the seller"), *rows) == "Musterlieferant GmbH"
    assert _value(FieldSpec("buyer_name", "Name of the buyer"), *rows) == "Kunde AG"


def test_a_range_gives_its_first_date_to_start_and_its_last_to_end() -> None:
    rows = [("Flight Dates: 4/7/20 - 4/13/20", 0.1, 0.2), ("Print date: 4/1/20", 0.6, 0.05)]
    assert _value(FieldSpec("flight_start", "First day the ads air", "date"), *rows) == "2020-04-07"
    assert _value(FieldSpec("flight_end", "Last day the ads air", "date"), *rows) == "2020-04-13"
    german = [("Abrechnungszeitraum: 13.05.2026 bis 30.05.2026", 0.1, 0.2)]
    assert _value(FieldSpec("period_end", "End of the billing period", "date"), *german) == "2026-05-30"


def test_a_form_label_above_its_value() -> None:
    rows = [("Contract #", 0.6, 0.10), ("Advertiser", 0.1, 0.10), ("569503", 0.6, 0.13),
            ("Jill Karofsky for Judge", 0.1, 0.13)]
    assert _value(FieldSpec("contract_number", "The contract number"), *rows) == "569503"
    assert _value(FieldSpec("advertiser", "Who bought the airtime"), *rows) == "Jill Karofsky for Judge"


def test_currency_from_a_symbol_and_a_status_word_for_a_boolean() -> None:
    rows = [("Summe: 1.234,50 €", 0.5, 0.7), ("Status: bezahlt", 0.1, 0.8)]
    assert _value(FieldSpec("currency", "Currency of the invoice, ISO 4217"), *rows) == "EUR"
    assert _value(FieldSpec("paid", "Whether it has been paid", "boolean"), *rows) is True
    assert _value(FieldSpec("paid", "Whether it has been paid", "boolean"), ("Status: offen", 0.1, 0.8)) is False
    plain = [("Beträge in EUR", 0.1, 0.3), ("Summe 1.234,50", 0.5, 0.7)]  # figures without a symbol
    assert _value(FieldSpec("currency", "Currency of the invoice, ISO 4217"), *plain) == "EUR"


def test_a_label_that_names_another_number_is_not_the_fields() -> None:
    got = extract(document(page([("Kundennummer: 22334455", 0.1, 0.2), ("Passport", 0.1, 0.5)])),
                  [INVOICE_NUMBER, FieldSpec("passport_number", "Passport number")])
    assert got["invoice_number"].value is None and got["invoice_number"].confidence <= 20
    assert got["passport_number"].value is None


def test_the_descriptions_example_gives_the_values_shape() -> None:
    rows = [("Term: of the essence", 0.1, 0.2), ("Duration: 24 months", 0.1, 0.3)]
    assert _value(FieldSpec("contract_length", "How long it runs, e.g. 12 months"), *rows) == "24 months"


NEWSLETTER = FieldSpec("newsletter", "Did they tick the box to get the newsletter?", "boolean")
APPLICANT = FieldSpec("applicant_name", "Applicant's name")
SIGNED = FieldSpec("signature_date", "Date the form was signed", "date")


@pytest.mark.parametrize("rows, ticked", [
    ([("X Nieuwsbrief", 0.1, 0.4), ("X Akkoord met de voorwaarden", 0.1, 0.43)], True),
    ([("☐ Newsletter", 0.1, 0.4), ("☒ I accept the terms", 0.1, 0.43)], False),
    ([("[x] Newsletter abonnieren", 0.1, 0.4)], True),
    # No box before it, on a form that ticks another: the empty square was lost with the text layer.
    ([("Desejo receber a newsletter", 0.1, 0.4), ("X Aceito as condições", 0.1, 0.43)], False),
])
def test_a_check_box_before_the_words_of_a_boolean_field(rows, ticked: bool) -> None:
    assert _value(NEWSLETTER, ("Registration", 0.1, 0.05), *rows) is ticked


def test_a_label_that_only_says_the_kind_of_value_still_places_it_on_a_form() -> None:
    """'Naam' and 'Date' name no applicant and no signature, yet on a form they place the value better than the
    first name or date found anywhere (the birth date above is no signature date)."""
    doc = document(page([("AANVRAAGFORMULIER", 0.1, 0.05), ("Naam", 0.1, 0.1), ("Eric Van Looveren", 0.1, 0.12),
                         ("Geboortedatum", 0.1, 0.16), ("03/04/1999", 0.1, 0.18), ("Date", 0.1, 0.5),
                         ("15/03/2025", 0.1, 0.52), ("Handtekening", 0.1, 0.56)]))
    got = extract(doc, [APPLICANT, SIGNED])
    assert got["applicant_name"].value == "Eric Van Looveren"
    # A label that only says 'Date' is weak evidence: the scorer may believe it too little to answer, but the date it
    # ranks first is the one under the label, never the birth date found first on the page.
    assert got["signature_date"].value in ("2025-03-15", None)
    best = explain(doc, [SIGNED], top=1)[0].candidates[0]
    assert best.value == "2025-03-15"


LETTER = [FieldSpec("sender_name", "Name of the sender (signatory)"),
          FieldSpec("recipient_name", "Name of the person the letter is addressed to"),
          FieldSpec("subject", "What the letter is about"),
          FieldSpec("reply_by", "Respond no later than", "date")]


def test_a_letter_names_its_signatory_addressee_subject_and_deadline_without_labels() -> None:
    got = extract(document(page([
        ("Eisl Hofer OG", 0.1, 0.03), ("Elvira-Falkner-Ring 3", 0.1, 0.05), ("1140 Voitsberg", 0.1, 0.07),
        ("Eisl Hofer OG - Elvira-Falkner-Ring 3 - 1140 Voitsberg", 0.1, 0.15), ("Marius Ott", 0.1, 0.17),
        ("Rösslerweg 7", 0.1, 0.19), ("9917 Grieskirchen", 0.1, 0.21), ("Linz, 07.03.2024", 0.6, 0.26),
        ("Änderung der Anschrift", 0.1, 0.30), ("Sehr geehrte Damen und Herren,", 0.1, 0.33),
        ("bitte teilen Sie uns Ihre Entscheidung bis 21.03.2024 mit.", 0.1, 0.36),
        ("Mit freundlichen Grüßen", 0.1, 0.45), ("Lucas Jovanovic", 0.1, 0.50)])), LETTER)
    assert got["sender_name"].value == "Lucas Jovanovic"
    assert got["recipient_name"].value == "Marius Ott"  # the greeting names nobody: the address window does
    assert got["subject"].value == "Änderung der Anschrift"
    assert got["reply_by"].value == "2024-03-21"


def test_a_greeting_names_the_addressee_and_a_subject_label_is_not_part_of_the_subject() -> None:
    got = extract(document(page([
        ("Bourgeois et Fils", 0.1, 0.03), ("Lyon, le 10 janvier 2023", 0.6, 0.1), ("Objet: Votre demande", 0.1, 0.3),
        ("Bonjour Quentin Joly,", 0.1, 0.33),
        ("Merci de nous répondre au plus tard le 24 janvier 2023.", 0.1, 0.36),
        ("Cordialement,", 0.1, 0.45), ("Julie Legrand", 0.1, 0.48)])), LETTER)
    assert got["recipient_name"].value == "Quentin Joly"
    assert got["subject"].value == "Votre demande"
    assert got["reply_by"].value == "2023-01-24"
    assert got["sender_name"].value == "Julie Legrand"


def test_every_word_of_the_lexicon_names_one_concept() -> None:
    """A form listed under two concepts silently belongs to whichever comes first ('alt' as alternate and as the
    opening balance turned 'Alt Order #' into an opening balance's label)."""
    import tomllib
    from collections import defaultdict
    from importlib import resources

    raw = tomllib.loads(resources.files("fieldwise.extraction").joinpath("data/lexicon.toml").read_text("utf-8"))
    owners = defaultdict(set)
    for concept, words in raw["concepts"].items():
        for word in words:
            owners[word].add(concept)
    shared = {w: c for w, c in owners.items() if len(c) > 1}
    assert shared.keys() <= {"cotización", "firmenname"}, shared  # a quote's price; a company's name: both meant


def test_a_purchase_order_is_issued_by_its_buyer_and_addressed_to_its_supplier() -> None:
    """On an invoice the name at the top is the seller's; on an order it is the buyer's, and the supplier is the
    name over the address block below (data/priors.toml says who issues each kind of document)."""
    rows = [("Pacheco Lda.", 0.1, 0.03), ("Praça do Penalva, S/N", 0.1, 0.05), ("1333-152 Bragança", 0.1, 0.07),
            ("Pedido de compra", 0.1, 0.12), ("Ao cuidado de", 0.1, 0.2), ("Gomes Freitas S.A.", 0.1, 0.22),
            ("Alameda Teresa Ramos, 5", 0.1, 0.24), ("5186-560 Vila Franca de Xira", 0.1, 0.26)]
    fields = [FieldSpec("buyer_name", "Name of the ordering company"),
              FieldSpec("supplier_name", "Company we are ordering from")]
    got = extract(document(page(rows)), fields)
    assert got["buyer_name"].value == "Pacheco Lda."
    assert got["supplier_name"].value == "Gomes Freitas S.A."
    invoice = [("Pacheco Lda.", 0.1, 0.03), ("Praça do Penalva, S/N", 0.1, 0.05), ("1333-152 Bragança", 0.1, 0.07),
               ("Fatura", 0.1, 0.12)]
    seller = FieldSpec("supplier_name", "Company that issued the invoice")
    assert extract(document(page(invoice)), [seller])["supplier_name"].value == "Pacheco Lda."


ADVERTISER = FieldSpec("advertiser", "Name of the advertiser buying the airtime")


def test_a_sentence_that_starts_with_the_fields_word_is_no_label() -> None:
    got = extract(document(page([
        ("Advertiser", 0.1, 0.1), ("Kweisi Mfume for Congress", 0.1, 0.12),
        ("Advertisers is four weeks prior to the a spot being", 0.1, 0.7), ("cancelled", 0.1, 0.72)])), [ADVERTISER])
    assert got["advertiser"].value == "Kweisi Mfume for Congress"


def test_a_name_ends_before_the_date_of_the_next_column() -> None:
    got = extract(document(page([("Advertiser: POL/Congressional Leadership Fund PAC 04/10/20", 0.1, 0.1)])),
                  [ADVERTISER])
    assert got["advertiser"].value == "POL/Congressional Leadership Fund PAC"


def test_a_subtotal_answers_a_net_amount_and_the_total_to_pay_never_does() -> None:
    net = FieldSpec("net_amount", "Total before VAT / net amount", "float")
    got = extract(document(page([("Factura", 0.1, 0.05), ("Subtotal 2.132,73 €", 0.1, 0.6), ("IVA 21 %", 0.1, 0.62),
                                 ("Importe IVA 447,87 €", 0.1, 0.64), ("Total a pagar 2.580,60 €", 0.1, 0.66)])),
                  [net, TOTAL])
    assert got["net_amount"].value == 2132.73
    assert got["total_amount"].value == 2580.6


def test_a_german_trade_confirmation_names_its_side_gross_and_final_amount() -> None:
    """A kind with no dev set: 'Wertpapierabrechnung Kauf' says the side is buy (enum options read through the
    lexicon in the document's language), 'Kurswert' is the gross amount and 'Ausmachender Betrag' the total."""
    fields = [FieldSpec("side", "Buy or sell", "enum", enum_options=(EnumOption("buy"), EnumOption("sell"))),
              FieldSpec("gross_amount", "Market value before fees", "float"),
              FieldSpec("total_amount", "Total amount charged or credited", "float"),
              FieldSpec("isin", "ISIN of the security")]
    got = extract(document(page([("Wertpapierabrechnung Kauf", 0.1, 0.05), ("Vonovia SE Namens-Aktien o.N.", 0.1, 0.1),
                                 ("DE000A1ML7J1", 0.6, 0.12), ("Stück 150", 0.1, 0.2), ("Kurs EUR 26,32", 0.1, 0.22),
                                 ("Kurswert EUR 3.948,00", 0.1, 0.24), ("Provision EUR 9,90", 0.1, 0.26),
                                 ("Ausmachender Betrag EUR 3.959,40", 0.1, 0.3)])), fields)
    assert got["side"].value == "buy"
    assert got["gross_amount"].value == 3948.0
    assert got["total_amount"].value == 3959.4
    assert got["isin"].value == "DE000A1ML7J1"


def test_a_customer_is_read_from_the_address_block_of_a_bill_of_an_unlisted_kind() -> None:
    rows = [("Stadtwerke Musterstadt GmbH", 0.1, 0.03), ("Postfach 1234, 12345 Musterstadt", 0.1, 0.05),
            ("Frau", 0.1, 0.12), ("Erika Beispiel", 0.1, 0.14), ("Lindenweg 5", 0.1, 0.16),
            ("12345 Musterstadt", 0.1, 0.18), ("Jahresabrechnung Strom 2023", 0.1, 0.25),
            ("Zählernummer: 1ESY1160512345", 0.1, 0.3), ("Verbrauch: 2.431 kWh", 0.1, 0.32)]
    fields = [FieldSpec("provider", "Utility company that issued the bill"),
              FieldSpec("customer_name", "Name of the customer"),
              FieldSpec("meter_number", "Meter number"),
              FieldSpec("consumption_kwh", "Energy consumed in kWh", "float")]
    got = extract(document(page(rows)), fields)
    assert got["provider"].value == "Stadtwerke Musterstadt GmbH"
    assert got["customer_name"].value == "Erika Beispiel"
    assert got["meter_number"].value == "1ESY1160512345"
    assert got["consumption_kwh"].value == 2431.0
