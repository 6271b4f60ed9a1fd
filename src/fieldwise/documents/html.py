"""HTML -> one page: h1 as title, h2-h6 as section headers, tables as table blocks, links as hyperlinks."""

from __future__ import annotations

import re

from fieldwise.documents.limits import spend_pages
from fieldwise.documents.model import BlockType, Document
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.structured import PageBuilder

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select", "button"}
_HEADINGS: dict[str, BlockType] = {"h1": "title", "h2": "section-header", "h3": "section-header", "h4": "section-header",
             "h5": "section-header", "h6": "section-header"}
_BLOCK = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "section", "article", "header", "footer",
          "nav", "aside", "main", "form", "fieldset", "figure", "figcaption", "address", "hr", "pre", "body",
          "caption", "center"}
_SPACES = re.compile(r"\s+")


class _Walker:
    def __init__(self, builder: PageBuilder) -> None:
        self.builder = builder
        self.buffer: list[str] = []
        self.links: list[dict[str, str]] = []

    def flush(self) -> None:
        self.builder.text("".join(self.buffer), "text", self.links)
        self.buffer, self.links = [], []

    def inline(self, text: str | None, pre: bool) -> None:
        if text:
            self.buffer.append(text if pre else _SPACES.sub(" ", text))

    def walk(self, element, pre: bool = False) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in _SKIP:
            return
        if tag in _HEADINGS:
            self.flush()
            self.builder.text(_SPACES.sub(" ", element.text_content()), _HEADINGS[tag], _links(element))
            return
        if tag == "table":
            self.flush()
            self.builder.table(_rows(element), _links(element))
            return
        if tag == "br":
            self.buffer.append("\n")
            return
        block = tag in _BLOCK
        pre = pre or tag == "pre"
        if block:
            self.flush()
        if tag == "a" and element.get("href"):
            self.links.append({"text": _SPACES.sub(" ", element.text_content()).strip(), "uri": element.get("href")})
        self.inline(element.text, pre)
        for child in element:
            self.walk(child, pre)
            self.inline(child.tail, pre)
        if block:
            self.flush()


def _links(element) -> list[dict[str, str]]:
    return [{"text": _SPACES.sub(" ", a.text_content()).strip(), "uri": a.get("href")}
            for a in element.iter("a") if a.get("href")]


def _rows(table) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.iter("tr"):
        if _closest_table(row) is not table:
            continue  # a nested table's rows are read as its cell's text
        cells = [_SPACES.sub(" ", cell.text_content()).strip() for cell in row if cell.tag in ("td", "th")]
        rows.append(cells)
    return rows


def _closest_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def add_html(builder: PageBuilder, data: bytes | str) -> None:
    """Append the blocks of an HTML document or fragment to a page being built."""
    import lxml.html

    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data.strip():
        return
    root = lxml.html.document_fromstring(data)
    walker = _Walker(builder)
    walker.walk(root.find("body") if root.find("body") is not None else root)
    walker.flush()


def read_html(data: bytes, media_type: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    spend_pages(options, 1, "the HTML")
    builder = PageBuilder(options=options, what="the HTML")
    add_html(builder, data)
    return Document(pages=[builder.page()], media_type=media_type)
