"""Hostile files of issue 12, at any size: tests use them scaled down, benchmarks/hostile.py at full size.

Each is tiny on disk and was once huge in a worker: a table padded to its widest row, a DOCX cell spanning a
million grid columns, an XLSX cell far down a sheet without <dimension>, PPTX slides of blank XML each under
the old 1 MB per-part check, an e-mail whose attachments together pass the page limit."""

from __future__ import annotations

import io
import re
import zipfile
from email.message import EmailMessage
from typing import Any


def parts(data_or_thing: Any) -> dict[str, bytes]:
    """The parts of a ZIP archive (bytes), or of an Office object that can save() itself."""
    if isinstance(data_or_thing, bytes):
        data = data_or_thing
    else:
        buffer = io.BytesIO()
        data_or_thing.save(buffer)
        data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(contents: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in contents.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def padded_csv(columns: int, rows: int) -> bytes:
    """One row `columns` wide, then `rows` one-cell rows: columns x rows cells once every row is padded."""
    return (",".join(["h"] * columns) + "\n" + "x\n" * rows).encode()


def padded_html(columns: int, rows: int) -> bytes:
    return ("<table><tr>" + "<td>x</td>" * columns + "</tr>" + "<tr><td>y</td></tr>" * rows + "</table>").encode()


def padded_markdown(columns: int, rows: int) -> bytes:
    header = "|" + "|".join(f"h{i}" for i in range(columns)) + "|\n|" + "---|" * columns + "\n"
    return (header + "| y |\n" * rows).encode()


def wide_docx(span: int) -> bytes:
    """A DOCX whose one table cell spans `span` grid columns."""
    from docx import Document

    doc = Document()
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "wide"
    contents = parts(doc)
    contents["word/document.xml"] = contents["word/document.xml"].replace(
        b"<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{span}"/>'.encode(), 1)
    return rezip(contents)


def deep_xlsx(row: int) -> bytes:
    """A workbook whose only cell is A{row}, with no <dimension>: a reader walks every row above it."""
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "x"
    contents = parts(book)
    sheet = re.sub(r"<dimension[^>]*/>", "", contents["xl/worksheets/sheet1.xml"].decode())
    sheet = re.sub(r"<sheetData>.*</sheetData>", f'<sheetData><row r="{row}"><c r="A{row}" t="inlineStr">'
                   "<is><t>x</t></is></c></row></sheetData>", sheet, flags=re.S)
    contents["xl/worksheets/sheet1.xml"] = sheet.encode()
    return rezip(contents)


def padded_pptx(slides: int, padding: int) -> bytes:
    """Slides whose XML carries about `padding` bytes of empty elements each (in a namespace of their own, which
    the reader passes over but the XML parser builds a node for, one per six bytes)."""
    from pptx import Presentation

    deck = Presentation()
    for index in range(slides):
        deck.slides.add_slide(deck.slide_layouts[5]).shapes.title.text = f"Slide {index}"
    contents = parts(deck)
    for name in [n for n in contents if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]:
        pad = b'<x:pad xmlns:x="urn:pad">' + b"<x:e/>" * (padding // 6) + b"</x:pad>"
        contents[name] = contents[name].replace(b"<p:cSld>", b"<p:cSld>" + pad, 1)
    return rezip(contents)


def eml_with_pdfs(*pdfs: bytes) -> bytes:
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = "Scans", "a@example.com", "b@example.com"
    message.set_content("Scans attached.")
    for index, pdf in enumerate(pdfs):
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"scan-{index}.pdf")
    return message.as_bytes()


def scanned_pdf(pages: int, lines: int = 12) -> bytes:
    """`pages` copies of one scanned page of text (no text layer): each page costs the OCR about a second or
    more, and the image is stored once, so a few hundred pages stay a few hundred kilobytes."""
    from PIL import Image, ImageDraw

    from tests.documents.drawing import font
    from tests.documents.pdfs import build, image_page

    image = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(image)
    for index in range(lines):
        draw.text((60, 40 + index * 38), f"Line {index} Invoice number INV-{index:04d} total {index}.00 EUR",
                  fill=0, font=font(28))
    return build(*([image_page(image)] * pages))
