import pytest

from fieldwise import documents
from fieldwise.documents.model import Page
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.pdf import read_pdf
from fieldwise.errors import UnreadableDocument
from tests.documents.drawing import text_image
from tests.documents.pdfs import HEIGHT, WIDTH, build, image_page, rotated, table_page, text_page

PDF = "application/pdf"


def test_text_layer_words_are_whole_and_boxed_where_they_are_drawn():
    data = build(text_page("This Confidentiality Agreement (the “Agreement”) is dated", "AVAILABLE WAVE TAVERN"))
    document = documents.read(data)
    page = document.pages[0]
    assert (page.number, page.source, page.width, page.height) == (1, "text", WIDTH, HEIGHT)
    lines = [line.text for line in page.lines]
    assert lines == ["This Confidentiality Agreement (the “Agreement”) is dated", "AVAILABLE WAVE TAVERN"]
    first = next(page.words)
    assert first.text == "This" and first.confidence is None
    assert first.bbox.x0 == pytest.approx(72 / WIDTH, abs=0.005)
    assert first.bbox.y0 < 72 / HEIGHT < first.bbox.y1 + 0.01  # baseline 72 pt below the top edge


def test_a_rotated_page_keeps_boxes_in_the_displayed_orientation():
    page = documents.read(rotated(build(text_page("TOP LEFT CORNER OF THE PAGE")), 90)).pages[0]
    assert (page.width, page.height) == (HEIGHT, WIDTH)
    word = next(page.words)
    assert word.text == "TOP"
    # Turned a quarter clockwise, the unrotated top-left corner is shown at the top right.
    assert word.bbox.x0 > 0.8 and word.bbox.y0 < 0.2
    assert 0.0 <= word.bbox.x0 < word.bbox.x1 <= 1.0 and 0.0 <= word.bbox.y0 < word.bbox.y1 <= 1.0


def test_many_pages_are_read_in_order():
    data = build(*(text_page(f"This is page number {n} of the agreement") for n in range(1, 8)))
    document = documents.read(data)
    assert [p.number for p in document.pages] == list(range(1, 8))
    assert document.pages[6].text == "This is page number 7 of the agreement"


def test_a_table_in_the_text_layer_becomes_a_table_block():
    rows = [("Item", "Quantity", "Amount"), ("Paper A4", "10", "45.00"), ("Ink cartridge", "2", "61.90")]
    page = documents.read(build(text_page("Invoice 2024-17"), table_page(rows, top=200))).pages[1]
    (table,) = [b for b in page.blocks if b.type == "table"]
    assert [[c.text for c in row] for row in table.rows] == [list(r) for r in rows]
    assert table.rows[1][2].bbox.x0 == pytest.approx(450 / WIDTH, abs=0.005)


def test_a_table_split_by_a_page_break_is_marked_as_continued():
    head = ("Item", "Quantity", "Amount")
    first = [head] + [(f"Part {n}", str(n), f"{n * 3}.00") for n in range(1, 5)]
    second = [head] + [(f"Part {n}", str(n), f"{n * 3}.00") for n in range(5, 8)]
    document = documents.read(build(table_page(first, top=600), table_page(second, top=72)))
    tables = [b for p in document.pages for b in p.blocks if b.type == "table"]
    assert [t.continued for t in tables] == [False, True]
    from fieldwise.documents.tables import joined_rows

    ((page_number, block, rows),) = joined_rows(document)
    assert page_number == 1 and block is tables[0]
    assert [r[0].text for r in rows] == ["Item"] + [f"Part {n}" for n in range(1, 8)]


def test_prose_and_lists_are_not_tables():
    lines = ["(a)      the Employee can prove has entered the public domain;",
             "(b)      has been disclosed other than by a breach of this Agreement;",
             "(c)      was acquired from a third party without restriction."]
    page = documents.read(build(text_page("Plain words flow along the line as prose does.", *lines))).pages[0]
    assert all(block.type == "text" for block in page.blocks)


def test_a_scanned_page_falls_back_to_ocr():
    scan = text_image(("CERTIFICATE OF ORIGIN", "SHIPPER ACME TRADING LTD"), size=40, width=1200)
    document = documents.read(build(text_page("A cover page with a real text layer."), image_page(scan)))
    cover, scanned = document.pages
    assert cover.source == "text" and scanned.source == "ocr"
    assert (scanned.width, scanned.height) == (WIDTH, HEIGHT)
    assert "CERTIFICATE OF ORIGIN" in scanned.text and "ACME TRADING" in scanned.text
    assert all(w.confidence is not None for w in scanned.words)
    assert document.warnings == []


def test_a_page_that_fails_ocr_leaves_a_warning_not_a_crash():
    def broken(image, page_number, options):
        raise RuntimeError("no engine")

    data = build(text_page("Readable page with enough text."), image_page(text_image(("SCAN",))))
    document = read_pdf(data, PDF, ReadOptions(), recognize=broken)
    assert [p.source for p in document.pages] == ["text", "text"] and document.pages[1].blocks == []
    assert document.warnings == ["page 2: no text layer and OCR failed (RuntimeError: no engine)"]


def test_an_encrypted_pdf_is_unreadable_with_the_reason():
    with pytest.raises(UnreadableDocument, match="encrypted"):
        documents.read(build(text_page("Secret terms"), encrypt="hunter2"))


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF",
    b"%PDF-1.4\n" + bytes(range(256)) * 20,
])
def test_a_corrupt_pdf_is_unreadable_with_the_reason(data):
    with pytest.raises(UnreadableDocument, match="damaged|no pages"):
        documents.read(data)


def test_a_file_claiming_to_be_pdf_that_is_not_is_unreadable():
    with pytest.raises(UnreadableDocument, match="says it is application/pdf but its content is image/gif"):
        documents.read(b"GIF89a pretending", media_type=PDF)
    with pytest.raises(UnreadableDocument, match="not a PDF"):
        read_pdf(b"just some words", PDF, ReadOptions())


def test_the_page_limit_applies():
    with pytest.raises(UnreadableDocument, match="3 pages; the limit is 2"):
        documents.read(build(*(text_page("x") for _ in range(3))), options=ReadOptions(max_pages=2))


def test_the_ocr_render_stays_under_the_pixel_limit():
    seen: list[tuple[int, int]] = []

    def spy(image, page_number, options):
        seen.append(image.size)
        return Page(page_number, image.width, image.height, [], source="ocr")

    read_pdf(build(image_page(text_image(("SCAN",)))), PDF, ReadOptions(max_image_pixels=500_000), recognize=spy)
    ((width, height),) = seen
    assert width * height <= 500_000 and width > 400


def test_pdfium_hyphen_markers_and_ligatures_are_spelled_out():
    from fieldwise.documents.pdf_text import _word_text

    assert _word_text("non\ufffedisclosure") == "non-disclosure"
    assert _word_text("con\ufb01dential") == "confidential"
    assert _word_text("plain") == "plain"
