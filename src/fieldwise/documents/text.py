"""Plain text and Markdown: one page, a block per paragraph; Markdown headings, pipe tables and links kept."""

from __future__ import annotations

import re

from fieldwise.documents import sniff
from fieldwise.documents.limits import spend_pages
from fieldwise.documents.model import BlockType, Document, Page
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.structured import PageBuilder

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)")


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else Latin-1, which never fails."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _paragraphs(text: str) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def layout_text(text: str, page_number: int = 1) -> Page:
    """A page with a text block per paragraph (blank-line separated)."""
    builder = PageBuilder(page_number, what="the text")
    for paragraph in _paragraphs(text):
        builder.text("\n".join(paragraph))
    return builder.page()


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def layout_markdown(text: str, page_number: int = 1, options: ReadOptions | None = None) -> Page:
    builder = PageBuilder(page_number, options, "the Markdown")
    for paragraph in _paragraphs(text):
        pending: list[str] = []
        index = 0
        while index < len(paragraph):
            line = paragraph[index]
            heading = _HEADING.match(line)
            is_table = "|" in line and index + 1 < len(paragraph) and _TABLE_RULE.match(paragraph[index + 1])
            if heading or is_table:
                _flush(builder, pending)
            if heading:
                kind: BlockType = "title" if len(heading.group(1)) == 1 else "section-header"
                _add_text(builder, heading.group(2), kind)
                index += 1
            elif is_table:
                rows = [_cells(line)]
                index += 2
                while index < len(paragraph) and "|" in paragraph[index]:
                    rows.append(_cells(paragraph[index]))
                    index += 1
                builder.table([[_LINK.sub(r"\1", c) for c in row] for row in rows], _links("\n".join(paragraph)))
            else:
                pending.append(line)
                index += 1
        _flush(builder, pending)
    return builder.page()


def _links(text: str) -> list[dict[str, str]]:
    return [{"text": m.group(1), "uri": m.group(2)} for m in _LINK.finditer(text)]


def _add_text(builder: PageBuilder, text: str, kind: BlockType = "text") -> None:
    builder.text(_LINK.sub(r"\1", text), kind, _links(text))


def _flush(builder: PageBuilder, pending: list[str]) -> None:
    if pending:
        _add_text(builder, "\n".join(pending))
        pending.clear()


def read_text(data: bytes, media_type: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    spend_pages(options, 1, "the text")
    text = decode(data)
    page = layout_markdown(text, options=options) if media_type == sniff.MARKDOWN else layout_text(text)
    return Document(pages=[page], media_type=media_type)
