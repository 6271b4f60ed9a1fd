"""Line items as an accounts-payable clerk checks them: every row's description, quantity, unit price and amount,
from invoices drawn here in English, German and French, as a text PDF and as a scan; position numbers and
measures in descriptions are never quantities; a row that does not add up is flagged and trusted less."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from fieldwise import documents
from fieldwise.extraction import extract
from fieldwise.extraction.schema import FieldSpec

ITEMS = FieldSpec("line_items", "Each billed line of the invoice", "object", nested_fields=(
    FieldSpec("description", "What was sold or the service"),
    FieldSpec("quantity", "Number of units billed", "float"),
    FieldSpec("unit_price", "Net price of one unit", "float"),
    FieldSpec("amount", "Net total of the line", "float"),
))

GERMAN = {
    "title": ["Möbelhaus Schmidt GmbH", "Rechnung Nr. 2024-117", "Datum: 12.03.2024"],
    "header": ["Pos.", "Bezeichnung", "Menge", "Einzelpreis", "Gesamtpreis"],
    "rows": [["1", ["Schreibtisch Eiche", "160x80 cm, geölt"], "2", "400,00", "800,00"],
             ["2", ["Bürostuhl ergonomisch"], "4", "189,50", "758,00"],
             ["3", ["Montage vor Ort"], "3,5", "48,00", "168,00"]],
    "totals": [("Nettobetrag", "1.726,00"), ("MwSt. 19 %", "327,94"), ("Gesamtbetrag", "2.053,94")],
}
GERMAN_ITEMS = [("Schreibtisch Eiche 160x80 cm, geölt", 2, 400, 800), ("Bürostuhl ergonomisch", 4, 189.5, 758),
                ("Montage vor Ort", 3.5, 48, 168)]

ENGLISH = {
    "title": ["Northwind Furniture Ltd", "Invoice INV-0042", "Date: 2024-03-12"],
    "header": ["No.", "Description", "Qty", "Unit price", "Amount"],
    "rows": [["1", ["Oak desk"], "2", "400.00", "800.00"], ["2", ["Lamp, brass"], "3", "25.00", "75.00"]],
    "totals": [("Subtotal", "875.00"), ("VAT 20%", "175.00"), ("Total", "1,050.00")],
}
ENGLISH_ITEMS = [("Oak desk", 2, 400, 800), ("Lamp, brass", 3, 25, 75)]

FRENCH = {
    "title": ["Atelier Dupont SARL", "Facture n° F-2024-31", "Date : 12/03/2024"],
    "header": ["Réf.", "Désignation", "Qté", "PU HT", "Montant HT"],
    "rows": [["A12", ["Table basse noyer"], "1", "320,00", "320,00"], ["B07", ["Chaise paillée"], "6", "45,00", "270,00"]],
    "totals": [("Total HT", "590,00"), ("TVA 20 %", "118,00"), ("Total TTC", "708,00")],
}
FRENCH_ITEMS = [("Table basse noyer", 1, 320, 320), ("Chaise paillée", 6, 45, 270)]

COLUMNS = (60, 95, 330, 420, 510)  # left edge of the first two columns, right edge of the three figures


def invoice_pdf(spec: dict) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    y = 790
    for line in spec["title"]:
        pdf.drawString(60, y, line)
        y -= 18
    y -= 30
    pdf.setFont("Helvetica-Bold", 10)
    for n, word in enumerate(spec["header"]):
        (pdf.drawString if n < 2 else pdf.drawRightString)(COLUMNS[n], y, word)
    pdf.setFont("Helvetica", 10)
    y -= 20
    for position, description, *figures in spec["rows"]:
        pdf.drawString(COLUMNS[0], y, position)
        for n, text in enumerate(figures):
            pdf.drawRightString(COLUMNS[2 + n], y, text)
        for line in description:
            pdf.drawString(COLUMNS[1], y, line)
            y -= 13
        y -= 9
    y -= 10
    for label, figure in spec["totals"]:
        pdf.drawString(330, y, label)
        pdf.drawRightString(COLUMNS[4], y, figure)
        y -= 16
    pdf.save()
    return out.getvalue()


def scan_of(pdf: bytes) -> bytes:
    """The PDF's page rasterized at 200 dpi, as a scanner would give it."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=200 / 72).to_pil().convert("L")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _rows(data: bytes, media_type: str) -> list[dict]:
    return extract(documents.read(data, media_type), [ITEMS])["line_items"]


def _plain(rows: list[dict]) -> list[tuple]:
    return [(r["description"].value, r["quantity"].value, r["unit_price"].value, r["amount"].value) for r in rows]


@pytest.mark.parametrize("spec, expected", [(GERMAN, GERMAN_ITEMS), (ENGLISH, ENGLISH_ITEMS), (FRENCH, FRENCH_ITEMS)],
                         ids=["de", "en", "fr"])
def test_every_row_right_from_the_text_pdf(spec: dict, expected: list[tuple]) -> None:
    rows = _rows(invoice_pdf(spec), "application/pdf")
    assert _plain(rows) == expected
    for row in rows:  # each cell points at its own words, and rows that add up are trusted
        assert all(cell.evidence and cell.evidence[0].bbox is not None for cell in row.values())
        assert min(cell.confidence for cell in row.values()) >= 80
        assert all(cell.validation is None for cell in row.values())


@pytest.mark.parametrize("spec, expected", [(GERMAN, GERMAN_ITEMS), (ENGLISH, ENGLISH_ITEMS)], ids=["de", "en"])
def test_every_row_right_from_a_scan(spec: dict, expected: list[tuple]) -> None:
    rows = _rows(scan_of(invoice_pdf(spec)), "image/png")
    assert [(q, p, a) for _, q, p, a in _plain(rows)] == [(q, p, a) for _, q, p, a in expected]
    for (description, *_), row in zip(expected, rows):
        assert row["description"].value.lower().split()[:2] == description.lower().split()[:2]


def test_a_row_that_does_not_add_up_is_flagged_and_trusted_less() -> None:
    wrong = {**ENGLISH, "rows": [["1", ["Oak desk"], "2", "400.00", "850.00"], ENGLISH["rows"][1]]}
    rows = _rows(invoice_pdf(wrong), "application/pdf")
    assert _plain(rows)[0] == ("Oak desk", 2, 400, 850)
    assert rows[0]["amount"].validation and "850.00" in rows[0]["amount"].validation
    assert rows[1]["amount"].validation is None
    assert rows[0]["amount"].confidence < rows[1]["amount"].confidence
    assert max(cell.confidence for cell in rows[0].values()) < 90  # a reviewer sees it


def test_positions_and_measures_are_never_figures() -> None:
    rows = _rows(invoice_pdf(GERMAN), "application/pdf")
    assert [r["quantity"].value for r in rows] == [2, 4, 3.5]  # not the positions 1, 2, 3, nor 160 of 160x80
    assert [r["amount"].value for r in rows] == [800, 758, 168]  # Gesamtpreis, not the positions


def test_an_html_table_in_spanish_reads_like_a_printed_one() -> None:
    html = ("<html><head><meta charset=\"utf-8\"></head><body><p>Factura 2024-88</p><table>"
            "<tr><th>Descripción</th><th>Cantidad</th><th>Precio unitario</th><th>Importe</th></tr>"
            "<tr><td>Mesa de roble</td><td>2</td><td>400,00</td><td>800,00</td></tr>"
            "<tr><td>Lámpara</td><td>3</td><td>25,00</td><td>75,00</td></tr>"
            "</table><p>Total: 875,00</p></body></html>").encode()
    rows = _rows(html, "text/html")
    assert _plain(rows) == [("Mesa de roble", 2, 400, 800), ("Lámpara", 3, 25, 75)]
    assert all(cell.confidence >= 80 for row in rows for cell in row.values())


def _draw_page(pdf: canvas.Canvas, spec: dict, y: float, before: list[tuple[str, str]]) -> float:
    for label, figure in before:  # a carried-over subtotal above the header
        pdf.drawString(COLUMNS[1], y, label)
        pdf.drawRightString(COLUMNS[4], y, figure)
        y -= 20
    for n, word in enumerate(spec["header"]):
        (pdf.drawString if n < 2 else pdf.drawRightString)(COLUMNS[n], y, word)
    y -= 20
    for position, description, *figures in spec["rows"]:
        pdf.drawString(COLUMNS[0], y, position)
        pdf.drawString(COLUMNS[1], y, description[0])
        for n, text in enumerate(figures):
            pdf.drawRightString(COLUMNS[2 + n], y, text)
        y -= 22
    return y


def test_a_table_over_a_page_break_with_its_header_repeated_and_a_subtotal_carried() -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.drawString(60, 790, "Rechnung Nr. 2024-118")
    y = _draw_page(pdf, {**GERMAN, "rows": GERMAN["rows"][:2]}, 720, [])
    pdf.drawString(COLUMNS[1], y - 10, "Zwischensumme")
    pdf.drawRightString(COLUMNS[4], y - 10, "1.558,00")
    pdf.showPage()
    y = _draw_page(pdf, {**GERMAN, "rows": GERMAN["rows"][2:]}, 790, [("Übertrag", "1.558,00")])
    for label, figure in GERMAN["totals"]:
        pdf.drawString(330, y - 10, label)
        pdf.drawRightString(COLUMNS[4], y - 10, figure)
        y -= 16
    pdf.save()
    rows = _rows(out.getvalue(), "application/pdf")
    assert [(q, p, a) for _, q, p, a in _plain(rows)] == [(q, p, a) for _, q, p, a in GERMAN_ITEMS]
    assert [r["amount"].evidence[0].page_number for r in rows] == [1, 1, 2]
    assert rows[0]["description"].value == "Schreibtisch Eiche"


def test_lines_without_a_header_read_figures_word_by_word() -> None:
    from tests.support.documents import text_pdf

    rows = extract(documents.read(text_pdf([["Oak desk 2 400.00 800.00", "Lamp 3 25.00 75.00", "Total 875.00"]]),
                                  "application/pdf"), [ITEMS])["line_items"]
    assert [(r["description"].value, r["amount"].value) for r in rows] == [("Oak desk", 800.0), ("Lamp", 75.0)]


def test_office_tables_read_like_printed_ones() -> None:
    """An XLSX sheet with numbers as numbers and a DOCX table, headers in Italian and Dutch."""
    from docx import Document as Docx
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in [["Fattura 2024-7"], [], ["Descrizione", "Quantità", "Prezzo unitario", "Importo"],
                ["Scrivania rovere", 2, 400, 800], ["Lampada", 3, 25.5, 76.5], [], ["Totale", None, None, 876.5]]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert _plain(_rows(out.getvalue(), xlsx)) == [("Scrivania rovere", 2, 400, 800), ("Lampada", 3, 25.5, 76.5)]

    word = Docx()
    word.add_paragraph("Factuur 2024-9")
    table = word.add_table(rows=3, cols=4)
    for r, cells in enumerate([["Omschrijving", "Aantal", "Prijs per stuk", "Bedrag"],
                               ["Eiken bureau", "2", "400,00", "800,00"], ["Lamp", "3", "25,50", "76,50"]]):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    out = io.BytesIO()
    word.save(out)
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert _plain(_rows(out.getvalue(), docx)) == [("Eiken bureau", 2, 400, 800), ("Lamp", 3, 25.5, 76.5)]
