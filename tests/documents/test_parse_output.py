from fieldwise.documents.model import BBox, Block, Cell, Document, Line, Page, Word
from fieldwise.documents.parse_output import parse_output


def _table(rows: list[list[str]], continued: bool = False) -> Block:
    cells = [[Cell(text, BBox(0.1 * c, 0.1 * r, 0.1 * c + 0.05, 0.1 * r + 0.05)) for c, text in enumerate(row)]
             for r, row in enumerate(rows)]
    lines = [Line([Word(c.text, c.bbox, 0.8) for c in row if c.text]) for row in cells]
    return Block(lines, type="table", rows=cells, continued=continued)


def test_tables_render_as_markdown_and_rows_with_cell_ids():
    title = Block([Line([Word("Prices", BBox(0.1, 0.0, 0.3, 0.05))])], type="title")
    document = Document([
        Page(1, 100, 100, [title, _table([["Item", "Price"], ["A|B", "1.00"]])]),
        Page(2, 100, 100, [_table([["C", "2.00"]], continued=True)]),
    ], media_type="application/pdf")
    parsed = parse_output(document, "prices.pdf")
    markdown = parsed["markdown"]
    assert markdown.startswith('<DOCUMENT name="prices.pdf" pages="2">')
    assert '<a id="p1_b0"></a>\n# Prices' in markdown
    assert '<a id="p1_b1"></a>\n| Item | Price |\n| --- | --- |\n| A\\|B | 1.00 |' in markdown
    assert '<a id="p2_b0"></a>\n<!-- continues the table at the end of the previous page -->\n| C | 2.00 |' in markdown
    blocks = parsed["blocks"]
    assert [b["id"] for b in blocks] == ["p1_b0", "p1_b1", "p2_b0"]
    assert blocks[1]["rows"][1] == [{"cell_id": "p1_b1_r1_c0", "text": "A|B"}, {"cell_id": "p1_b1_r1_c1", "text": "1.00"}]
    assert blocks[1]["parse_confidence"] == 80.0 and blocks[0]["rows"] is None
    assert set(blocks[0]) == {"id", "type", "page", "bbox", "layout_confidence", "parse_confidence", "content",
                              "hyperlinks", "rows", "image_base64"}
