"""Plain text and Markdown: one page, a block per paragraph, boxes laid out as if printed one line per row."""

from __future__ import annotations

from fieldwise.documents.model import BBox, Block, Document, Line, Page, Word

_LINES_PER_PAGE_UNIT = 60.0
_CHARS_PER_LINE_UNIT = 100.0


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def layout_text(text: str, page_number: int = 1) -> Page:
    """A page whose words have boxes from their row and column in the text, so evidence can still be located."""
    rows = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    n_rows = max(len(rows), _LINES_PER_PAGE_UNIT)
    width = max(max((len(r) for r in rows), default=0), _CHARS_PER_LINE_UNIT)
    blocks: list[Block] = []
    current: list[Line] = []
    for index, row in enumerate(rows):
        words: list[Word] = []
        column = 0
        for token in row.split(" "):
            if token.strip():
                words.append(
                    Word(
                        token.strip(),
                        BBox(column / width, index / n_rows, (column + len(token)) / width, (index + 1) / n_rows),
                    )
                )
            column += len(token) + 1
        if words:
            current.append(Line(words))
        elif current:
            blocks.append(Block(current))
            current = []
    if current:
        blocks.append(Block(current))
    return Page(number=page_number, width=width, height=n_rows, blocks=blocks, source="structured")


def read_text(data: bytes, media_type: str, options: object = None) -> Document:
    return Document(pages=[layout_text(decode(data))], media_type=media_type)
