"""Bounded work per run (issue 12): every reader stops at the run's limits with the limit named, before it builds
what would pass them. Each hostile file here is a scaled-down copy of one that took a worker to gigabytes or for
ever; `benchmarks/hostile.py` submits the full-size ones to a real server."""

from __future__ import annotations

import io
import re
import zipfile
from email.message import EmailMessage

import pytest

from fieldwise import documents
from fieldwise.documents import sniff
from fieldwise.documents.limits import Budget
from fieldwise.documents.options import ReadOptions
from fieldwise.errors import LimitExceeded, TimeLimitExceeded, UnreadableDocument
from fieldwise.jobs.pipeline import Input, process_files
from tests.support.documents import text_pdf


def _save(thing) -> bytes:
    buffer = io.BytesIO()
    thing.save(buffer)
    return buffer.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def padded_csv(columns: int, rows: int) -> bytes:
    """One row `columns` wide, then `rows` one-cell rows: tiny on disk, columns x rows once padded."""
    return (",".join(f"c{i}" for i in range(columns)) + "\n" + "".join(f"r{i}\n" for i in range(rows))).encode()


def test_a_padded_csv_is_refused_by_its_padded_size_not_its_real_cells() -> None:
    data = padded_csv(200, 100)  # 300 real cells, 20,200 once every row is as wide as the first
    with pytest.raises(LimitExceeded, match="more than 10000 table cells"):
        documents.read(data, sniff.CSV, ReadOptions(max_table_cells=10_000))
    assert documents.read(data, sniff.CSV, ReadOptions(max_table_cells=30_000)).page_count == 1


def test_a_csv_wider_than_the_column_limit_is_refused_with_defaults() -> None:
    with pytest.raises(LimitExceeded, match="1001 columns wide; the limit is 1000"):
        documents.read(padded_csv(1_001, 3), sniff.CSV)


def test_html_and_markdown_tables_have_the_same_guard() -> None:
    html = ("<table><tr>" + "<td>x</td>" * 200 + "</tr>" + "<tr><td>y</td></tr>" * 100 + "</table>").encode()
    with pytest.raises(LimitExceeded, match="table cells"):
        documents.read(html, sniff.HTML, ReadOptions(max_table_cells=10_000))
    markdown = ("|" + "|".join(f"h{i}" for i in range(200)) + "|\n|" + "---|" * 200 + "\n" + "| y |\n" * 100)
    with pytest.raises(LimitExceeded, match="table cells"):
        documents.read(markdown.encode(), sniff.MARKDOWN, ReadOptions(max_table_cells=10_000))


def test_a_docx_cell_spanning_a_million_grid_columns_is_refused_before_it_is_expanded() -> None:
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "wide"
    data = _save(doc)
    parts = _parts(data)
    body = parts["word/document.xml"].decode()
    parts["word/document.xml"] = re.sub(r"<w:tcPr>", '<w:tcPr><w:gridSpan w:val="1000000"/>', body, count=1).encode()
    with pytest.raises(LimitExceeded, match="1000000 columns wide"):
        documents.read(_zip(parts), sniff.DOCX)


def _xlsx_with_one_cell_at(row: int) -> bytes:
    """A workbook whose only cell is A{row}, with no <dimension>, so a reader walks every row above it."""
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "x"
    parts = _parts(_save(book))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r"<dimension[^>]*/>", "", sheet)
    sheet = re.sub(r"<sheetData>.*</sheetData>",
                   f'<sheetData><row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
                   sheet, flags=re.S)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    return _zip(parts)


def test_an_xlsx_cell_far_down_an_undimensioned_sheet_counts_every_row_read() -> None:
    with pytest.raises(LimitExceeded, match="more than 1000 table rows"):
        documents.read(_xlsx_with_one_cell_at(5_000), sniff.XLSX, ReadOptions(max_table_rows=1_000))
    assert documents.read(_xlsx_with_one_cell_at(50), sniff.XLSX, ReadOptions(max_table_rows=1_000)).page_count == 1


def _pptx_with_padded_slides(slides: int, padding: int) -> bytes:
    """Slides whose XML carries `padding` bytes of blank space each: every part under 1 MB, all of them
    inflating far past the file's size."""
    from pptx import Presentation

    deck = Presentation()
    for index in range(slides):
        deck.slides.add_slide(deck.slide_layouts[5]).shapes.title.text = f"Slide {index}"
    parts = _parts(_save(deck))
    for name in [n for n in parts if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]:
        parts[name] = parts[name].replace(b"<p:cSld>", b"<p:cSld>" + b" " * padding, 1)
    return _zip(parts)


def test_pptx_parts_under_a_megabyte_count_towards_the_inflated_bytes() -> None:
    data = _pptx_with_padded_slides(5, 990_000)  # about 5 MB of XML in a file of a few kilobytes
    with pytest.raises(UnreadableDocument, match="zip bomb"):
        documents.read(data, sniff.PPTX)
    modest = _pptx_with_padded_slides(3, 2_000)
    with pytest.raises(LimitExceeded, match="would inflate to .* MB; the limit is"):
        documents.read(modest, sniff.PPTX, ReadOptions(max_inflated_bytes=len(modest)))
    assert documents.read(modest, sniff.PPTX).page_count == 3


def _eml_with_pdfs(*pdfs: bytes) -> bytes:
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = "Scans", "a@example.com", "b@example.com"
    message.set_content("Three scans attached.")
    for index, pdf in enumerate(pdfs):
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"scan-{index}.pdf")
    return message.as_bytes()


def test_the_page_limit_counts_every_attachment_together_and_ends_the_run() -> None:
    pdf = text_pdf([[f"page {p}"] for p in range(4)])
    data = _eml_with_pdfs(pdf, pdf, pdf)  # 1 + 3 x 4 = 13 pages, each attachment under the limit of 10
    with pytest.raises(LimitExceeded, match="brings the run to 13 pages; the limit is 10"):
        documents.read(data, sniff.EML, ReadOptions(max_pages=10))
    assert documents.read(data, sniff.EML, ReadOptions(max_pages=13)).page_count == 13


def test_the_page_limit_counts_every_file_of_a_collection_together() -> None:
    pdf = text_pdf([[f"Invoice number: A-{p}"] for p in range(4)])
    inputs = [Input(pdf, "a.pdf", sniff.PDF), Input(pdf, "b.pdf", sniff.PDF), Input(pdf, "c.pdf", sniff.PDF)]
    with pytest.raises(LimitExceeded, match="brings the run to 12 pages; the limit is 10"):
        process_files(inputs, (), ReadOptions(max_pages=10))


def test_the_time_limit_reaches_between_pages() -> None:
    pdf = text_pdf([[f"page {p}"] for p in range(3)])
    with pytest.raises(TimeLimitExceeded, match="longer than the time limit of 0 s"):
        documents.read(pdf, sniff.PDF, ReadOptions(budget=Budget(timeout_s=0)))
