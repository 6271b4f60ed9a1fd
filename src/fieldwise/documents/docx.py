"""DOCX -> one page of blocks in body order: headings, paragraphs (with their hyperlinks) and tables."""

from __future__ import annotations

import io

from fieldwise.documents.model import Document
from fieldwise.documents.ooxml import check_archive
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.structured import PageBuilder


def _kind(style_name: str) -> str:
    name = style_name.lower()
    if name == "title":
        return "title"
    if name.startswith("heading") or name == "subtitle":
        return "section-header"
    return "text"


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
    check_archive(data, "DOCX")
    from docx import Document as open_docx
    from docx.table import Table

    source = open_docx(io.BytesIO(data))
    builder = PageBuilder()
    for item in source.iter_inner_content():
        if isinstance(item, Table):
            builder.table(_table_rows(item))
            continue
        links = [{"text": link.text, "uri": link.address} for link in item.hyperlinks if link.address]
        style = item.style.name if item.style is not None else ""
        builder.text(item.text, _kind(style), links)
    return Document(pages=[builder.page()], media_type=media_type)
