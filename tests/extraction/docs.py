"""Documents built in tests: lines of text at positions on a page, as a reader would give them."""

from fieldwise.documents.model import BBox, Block, Cell, Document, Line, Page, Word


def line(text: str, x0: float, y0: float, width: float = 0.4, height: float = 0.02,
         confidence: float | None = None) -> Line:
    tokens = text.split()
    span = max(len(text), 1)
    words, offset = [], 0
    for token in tokens:
        start = text.index(token, offset)
        words.append(Word(token, BBox(x0 + width * start / span, y0, x0 + width * (start + len(token)) / span,
                                      y0 + height), confidence))
        offset = start + len(token)
    return Line(words)


def page(rows: list[tuple[str, float, float]], number: int = 1, source: str = "text",
         tables: list[Block] | None = None) -> Page:
    confidence = 0.95 if source == "ocr" else None
    blocks = [Block([line(text, x, y, confidence=confidence)]) for text, x, y in rows]
    return Page(number, 600, 800, blocks + (tables or []), source=source)


def document(*pages: Page) -> Document:
    return Document(list(pages), "application/pdf")


def table(header: list[str], rows: list[list[str]], y0: float = 0.5) -> Block:
    cells = [[Cell(text, BBox(0.1 + 0.2 * c, y0 + 0.03 * r, 0.28 + 0.2 * c, y0 + 0.03 * r + 0.02))
              for c, text in enumerate(row)] for r, row in enumerate([header] + rows)]
    lines = [line("  ".join(row), 0.1, y0 + 0.03 * r, width=0.8) for r, row in enumerate([header] + rows)]
    return Block(lines, type="table", rows=cells)
