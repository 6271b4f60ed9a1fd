"""CSV (and other delimited text) -> one page with one table block."""

from __future__ import annotations

import csv
import io

from fieldwise.documents.model import Document
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.structured import PageBuilder
from fieldwise.documents.text import decode
from fieldwise.errors import UnreadableDocument

_MAX_CELLS = 2_000_000  # past this a "CSV" is a data dump, not a document


def read_csv(data: bytes, media_type: str, options: ReadOptions | None = None) -> Document:
    text = decode(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[str]] = []
    cells = 0
    for row in csv.reader(io.StringIO(text, newline=""), dialect):
        rows.append(row)
        cells += len(row)
        if cells > _MAX_CELLS:
            raise UnreadableDocument(f"the CSV has more than {_MAX_CELLS} cells")
    builder = PageBuilder()
    builder.table(rows)
    return Document(pages=[builder.page()], media_type=media_type)
