"""CSV (and other delimited text) -> one page with one table block."""

from __future__ import annotations

import csv
import io

from fieldwise.documents.limits import check_cells, check_width, spend_pages, spend_rows
from fieldwise.documents.model import Document
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.structured import PageBuilder
from fieldwise.documents.text import decode


def read_csv(data: bytes, media_type: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    spend_pages(options, 1, "the CSV")
    text = decode(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[str]] = []
    cells = 0
    for row in csv.reader(io.StringIO(text, newline=""), dialect):
        check_width(options, len(row), "the CSV")
        spend_rows(options, 1, "the CSV")
        cells += len(row)
        check_cells(options, cells, "the CSV")
        rows.append(row)
    builder = PageBuilder(options=options, what="the CSV")
    builder.table(rows)
    return Document(pages=[builder.page()], media_type=media_type)
