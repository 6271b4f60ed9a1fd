"""XLSX -> one page per sheet: the sheet name as a header, its used cells as one table block."""

from __future__ import annotations

import datetime as dt
import io

from fieldwise.documents.model import Document
from fieldwise.documents.ooxml import check_archive
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.structured import PageBuilder
from fieldwise.errors import UnreadableDocument

_MAX_CELLS = 2_000_000


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
    check_archive(data, "XLSX")
    from openpyxl import load_workbook

    options = options or ReadOptions()
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if len(workbook.worksheets) > options.max_pages:
            raise UnreadableDocument(f"the workbook has {len(workbook.worksheets)} sheets; "
                                     f"the limit is {options.max_pages}")
        pages = []
        cells = 0
        for number, sheet in enumerate(workbook.worksheets, start=1):
            rows: list[list[str]] = []
            for row in sheet.iter_rows(values_only=True):
                rows.append([_text(value) for value in row])
                cells += len(row)
                if cells > _MAX_CELLS:
                    raise UnreadableDocument(f"the workbook has more than {_MAX_CELLS} cells")
            builder = PageBuilder(number)
            builder.text(sheet.title, "section-header")
            builder.table(_trimmed(rows))
            pages.append(builder.page())
    finally:
        workbook.close()
    return Document(pages=pages, media_type=media_type)
