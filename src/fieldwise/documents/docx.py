"""DOCX -> one page of blocks in body order: headings, paragraphs (with their hyperlinks) and tables."""

from __future__ import annotations

import io

from fieldwise.documents.limits import check_cells, check_width, spend_pages
from fieldwise.documents.model import BlockType, Document
from fieldwise.documents.ooxml import check_archive
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.structured import PageBuilder


def _kind(style_name: str) -> BlockType:
    name = style_name.lower()
    if name == "title":
        return "title"
    if name.startswith("heading") or name == "subtitle":
        return "section-header"
    return "text"


def _check_grid(table, options: ReadOptions) -> None:
    """The table's size from its XML, before python-docx expands each merged cell once per grid column it spans
    (a 0.9 KB file with w:gridSpan=1000000 would otherwise make a million cells). Nothing is spent here:
    PageBuilder.table counts the cells it lays out."""
    rows = table._tbl.tr_lst
    width = 0
    for tr in rows:
        span = sum(tc.grid_span for tc in tr.tc_lst) + tr.grid_before + tr.grid_after
        check_width(options, span, "the DOCX")
        width = max(width, span)
    check_cells(options, len(rows) * width, "the DOCX")


def _table_rows(table) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # a merged cell is returned once per grid column it spans: keep its text in the first only
            cells.append("" if cell._tc is previous else cell.text)
            previous = cell._tc
        rows.append(cells)
    return rows


def read_docx(data: bytes, media_type: str, options: ReadOptions | None = None) -> Document:
    check_archive(data, "DOCX", options)
    from docx import Document as open_docx
    from docx.table import Table

    options = options or ReadOptions()
    spend_pages(options, 1, "the DOCX")
    source = open_docx(io.BytesIO(data))
    builder = PageBuilder(options=options, what="the DOCX")
    for item in source.iter_inner_content():
        if isinstance(item, Table):
            _check_grid(item, options)
            builder.table(_table_rows(item))
            continue
        links = [{"text": link.text, "uri": link.address} for link in item.hyperlinks if link.address]
        style = item.style.name if item.style is not None else ""
        builder.text(item.text, _kind(style), links)
    return Document(pages=[builder.page()], media_type=media_type)
