"""Bounded work per run (issue 12): every reader stops at the run's limits with the limit named, before it builds
what would pass them. Each hostile file here is a scaled-down copy of one that took a worker to gigabytes or for
ever; `benchmarks/hostile.py` submits the full-size ones to a real server."""

from __future__ import annotations

import pytest

from fieldwise import documents
from fieldwise.documents import sniff
from fieldwise.documents.limits import Budget
from fieldwise.documents.options import ReadOptions
from fieldwise.errors import LimitExceeded, TimeLimitExceeded, UnreadableDocument
from fieldwise.jobs.pipeline import Input, process_files
from tests.support.documents import text_pdf
from tests.support.hostile import (deep_xlsx, eml_with_pdfs, padded_csv, padded_html, padded_markdown,
                                   padded_pptx, wide_docx)


def test_a_padded_csv_is_refused_by_its_padded_size_not_its_real_cells() -> None:
    data = padded_csv(200, 100)  # 300 real cells, 20,200 once every row is as wide as the first
    with pytest.raises(LimitExceeded, match="more than 10000 table cells"):
        documents.read(data, sniff.CSV, ReadOptions(max_table_cells=10_000))
    assert documents.read(data, sniff.CSV, ReadOptions(max_table_cells=30_000)).page_count == 1


def test_a_csv_wider_than_the_column_limit_is_refused_with_defaults() -> None:
    with pytest.raises(LimitExceeded, match="1001 columns wide; the limit is 1000"):
        documents.read(padded_csv(1_001, 3), sniff.CSV)


def test_html_and_markdown_tables_have_the_same_guard() -> None:
    with pytest.raises(LimitExceeded, match="table cells"):
        documents.read(padded_html(200, 100), sniff.HTML, ReadOptions(max_table_cells=10_000))
    with pytest.raises(LimitExceeded, match="table cells"):
        documents.read(padded_markdown(200, 100), sniff.MARKDOWN, ReadOptions(max_table_cells=10_000))


def test_a_docx_cell_spanning_a_million_grid_columns_is_refused_before_it_is_expanded() -> None:
    with pytest.raises(LimitExceeded, match="1000000 columns wide"):
        documents.read(wide_docx(1_000_000), sniff.DOCX)


def test_an_xlsx_cell_far_down_an_undimensioned_sheet_counts_every_row_read() -> None:
    with pytest.raises(LimitExceeded, match="more than 1000 table rows"):
        documents.read(deep_xlsx(5_000), sniff.XLSX, ReadOptions(max_table_rows=1_000))
    assert documents.read(deep_xlsx(50), sniff.XLSX, ReadOptions(max_table_rows=1_000)).page_count == 1


def test_pptx_parts_under_a_megabyte_count_towards_the_inflated_bytes() -> None:
    with pytest.raises(UnreadableDocument, match="zip bomb"):
        documents.read(padded_pptx(5, 990_000), sniff.PPTX)  # about 5 MB of XML in a few kilobytes
    modest = padded_pptx(3, 2_000)
    with pytest.raises(LimitExceeded, match="would inflate to .* MB; the limit is"):
        documents.read(modest, sniff.PPTX, ReadOptions(max_inflated_bytes=len(modest)))
    assert documents.read(modest, sniff.PPTX).page_count == 3


def test_the_page_limit_counts_every_attachment_together_and_ends_the_run() -> None:
    pdf = text_pdf([[f"page {p}"] for p in range(4)])
    data = eml_with_pdfs(pdf, pdf, pdf)  # 1 + 3 x 4 = 13 pages, each attachment under the limit of 10
    with pytest.raises(LimitExceeded, match="attachments bring the run to 13 pages; the limit is 10"):
        documents.read(data, sniff.EML, ReadOptions(max_pages=10))
    assert documents.read(data, sniff.EML, ReadOptions(max_pages=13)).page_count == 13


def test_the_page_limit_counts_every_file_of_a_collection_together() -> None:
    pdf = text_pdf([[f"Invoice number: A-{p}"] for p in range(4)])
    inputs = [Input(pdf, "a.pdf", sniff.PDF), Input(pdf, "b.pdf", sniff.PDF), Input(pdf, "c.pdf", sniff.PDF)]
    with pytest.raises(LimitExceeded, match="files bring the run to 12 pages; the limit is 10"):
        process_files(inputs, (), ReadOptions(max_pages=10))


def test_the_time_limit_reaches_between_pages() -> None:
    pdf = text_pdf([[f"page {p}"] for p in range(3)])
    with pytest.raises(TimeLimitExceeded, match="longer than the time limit of 0 s"):
        documents.read(pdf, sniff.PDF, ReadOptions(budget=Budget(timeout_s=0)))
