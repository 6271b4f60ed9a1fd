import datetime as dt
import io
import zipfile

import pytest

from fieldwise import documents
from fieldwise.documents import sniff
from fieldwise.errors import UnreadableDocument


def _save(thing) -> bytes:
    buffer = io.BytesIO()
    thing.save(buffer)
    return buffer.getvalue()


def make_docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading("Mutual Non-Disclosure Agreement", level=0)
    doc.add_heading("1. Parties", level=1)
    doc.add_paragraph("This Agreement is made between Acme Corp and Globex LLC.")
    table = doc.add_table(rows=2, cols=2)
    for r, row in enumerate([("Party", "State"), ("Acme Corp", "Delaware")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph("Signed in New York.")
    return _save(doc)


def test_docx_keeps_headings_paragraphs_and_tables_in_order():
    document = documents.read(make_docx())
    assert document.media_type == sniff.DOCX and document.page_count == 1
    blocks = document.pages[0].blocks
    assert [b.type for b in blocks] == ["title", "section-header", "text", "table", "text"]
    assert blocks[0].text == "Mutual Non-Disclosure Agreement"
    assert [[c.text for c in row] for row in blocks[3].rows] == [["Party", "State"], ["Acme Corp", "Delaware"]]
    assert blocks[4].text == "Signed in New York."
    words = list(document.pages[0].words)
    assert all(0 <= w.bbox.x0 < w.bbox.x1 <= 1 and 0 <= w.bbox.y0 < w.bbox.y1 <= 1 for w in words)
    assert words[0].bbox.y0 < words[-1].bbox.y0


def test_xlsx_gives_a_page_per_sheet_with_a_table():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Invoices"
    sheet.append(["Number", "Date", "Total"])
    sheet.append(["INV-1", dt.datetime(2024, 3, 1), 120.5])
    sheet.append(["INV-2", dt.datetime(2024, 3, 9), 80.0])
    other = book.create_sheet("Notes")
    other["B2"] = "Paid by wire"
    document = documents.read(_save(book))
    assert document.media_type == sniff.XLSX and document.page_count == 2
    header, table = document.pages[0].blocks
    assert (header.type, header.text) == ("section-header", "Invoices")
    assert [[c.text for c in row] for row in table.rows] == [
        ["Number", "Date", "Total"], ["INV-1", "2024-03-01", "120.5"], ["INV-2", "2024-03-09", "80"]]
    assert [[c.text for c in row] for row in document.pages[1].blocks[1].rows] == [["", "Paid by wire"]]


def test_pptx_gives_a_page_per_slide_with_title_text_table_and_links():
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Quarterly results"
    body = slide.placeholders[1].text_frame
    body.text = "Revenue grew 12%"
    run = body.paragraphs[0].add_run()
    run.text = " details"
    run.hyperlink.address = "https://example.com/q3"
    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "Numbers"
    table = second.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(4), Inches(1)).table
    for r, row in enumerate([("Region", "Sales"), ("North", "4.2M")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document = documents.read(_save(deck))
    assert document.media_type == sniff.PPTX and [p.number for p in document.pages] == [1, 2]
    first = document.pages[0].blocks
    assert (first[0].type, first[0].text) == ("title", "Quarterly results")
    assert first[1].text == "Revenue grew 12% details"
    assert first[1].hyperlinks == [{"text": " details", "uri": "https://example.com/q3"}]
    tables = [b for b in document.pages[1].blocks if b.type == "table"]
    assert [[c.text for c in row] for row in tables[0].rows] == [["Region", "Sales"], ["North", "4.2M"]]


def test_a_zip_bomb_disguised_as_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * 50_000_000)
    with pytest.raises(UnreadableDocument, match="zip bomb"):
        documents.read(buffer.getvalue())


def test_a_damaged_docx_is_unreadable():
    data = bytearray(make_docx())
    data[len(data) // 3: len(data) // 3 + 400] = b"\x00" * 400
    with pytest.raises(UnreadableDocument):
        documents.read(bytes(data), media_type=sniff.DOCX)


def test_an_xlsx_that_is_really_a_docx_is_unreadable():
    with pytest.raises(UnreadableDocument, match="says it is .*spreadsheetml.* but its content is .*word"):
        documents.read(make_docx(), media_type=sniff.XLSX)


def test_a_password_protected_office_file_says_so():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(UnreadableDocument, match="password-protected"):
        documents.read(ole, filename="secret.docx")
    from fieldwise.errors import UnsupportedFileType

    with pytest.raises(UnsupportedFileType, match="legacy Office"):
        documents.read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, filename="old.doc")
