"""XLSX -> one page per sheet: the sheet name as a header, its used cells as one table block."""

from __future__ import annotations

import datetime as dt
import io

from fieldwise.documents.limits import check_cells, check_width, spend_pages, spend_rows, tick
from fieldwise.documents.model import Document
from fieldwise.documents.ooxml import check_archive
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.structured import PageBuilder


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Drop empty rows and the empty columns on the right that spreadsheets report as used."""
    rows = [row for row in rows if any(row)]
    width = max((max(i + 1 for i, c in enumerate(row) if c) for row in rows), default=0)
    return [row[:width] for row in rows]


def read_xlsx(data: bytes, media_type: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    check_archive(data, "XLSX", options)
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        spend_pages(options, len(workbook.worksheets), "the workbook")
        pages = []
        for number, sheet in enumerate(workbook.worksheets, start=1):
            tick(options)
            rows: list[list[str]] = []
            cells = 0
            for row in sheet.iter_rows(values_only=True):
                # every row read counts, empty ones too: a sheet with one cell at row 3,000,000 and no
                # <dimension> is read as three million empty rows
                spend_rows(options, 1, "the workbook")
                check_width(options, len(row), "the workbook")
                cells += len(row)
                check_cells(options, cells, "the workbook")
                rows.append([_text(value) for value in row])
            builder = PageBuilder(number, options, "the workbook")
            builder.text(sheet.title, "section-header")
            builder.table(_trimmed(rows))
            pages.append(builder.page())
    finally:
        workbook.close()
    return Document(pages=pages, media_type=media_type)
