"""Lines and tables from loose word boxes, as OCR and PDF text layers give them."""

from fieldwise.documents.layout import build_blocks, group_lines
from fieldwise.documents.model import BBox, Word


def _word(text: str, x0: float, y0: float, x1: float, y1: float) -> Word:
    return Word(text, BBox(x0, y0, x1, y1), 0.9)


def test_stacked_lines_of_a_tilted_photo_stay_apart():
    # The name line's box is tall because the photo is tilted; the date printed under it overlaps it in height
    # but sits right under its middle, so it cannot be part of the same line.
    words = [
        _word("UNIHAKKA", 0.28, 0.250, 0.37, 0.272), _word("INTERNATIONAL", 0.38, 0.250, 0.50, 0.272),
        _word("SDN", 0.51, 0.250, 0.53, 0.272), _word("BHD", 0.54, 0.250, 0.56, 0.272),
        _word("30", 0.37, 0.262, 0.39, 0.281), _word("May", 0.40, 0.262, 0.43, 0.281),
        _word("2018", 0.44, 0.262, 0.48, 0.281),
    ]
    lines = [" ".join(w.text for w in line.words) for line in group_lines(words)]
    assert lines == ["UNIHAKKA INTERNATIONAL SDN BHD", "30 May 2018"]


def test_words_side_by_side_share_a_line():
    words = [_word("Total", 0.1, 0.5, 0.2, 0.52), _word("12.50", 0.7, 0.505, 0.8, 0.525)]
    (line,) = group_lines(words)
    assert [w.text for w in line.words] == ["Total", "12.50"]


def test_columns_on_a_wide_page_are_measured_in_the_same_units_as_line_heights():
    # A 900 x 220 px strip: a gap of 0.16 of the width is 144 px, three times the 44 px line height.
    rows = [("DESCRIPTION", "QTY", "AMOUNT"), ("COFFEE BEANS", "2", "31.80"), ("MILK", "1", "4.20")]
    words = []
    for r, (name, qty, amount) in enumerate(rows):
        y0 = 0.1 + 0.3 * r
        x = 0.04
        for token in name.split():
            words.append(_word(token, x, y0, x + 0.012 * len(token), y0 + 0.2))
            x += 0.012 * len(token) + 0.02
        words.append(_word(qty, 0.46, y0, 0.46 + 0.012 * len(qty), y0 + 0.2))
        words.append(_word(amount, 0.70, y0, 0.70 + 0.012 * len(amount), y0 + 0.2))
    (table,) = build_blocks(group_lines(words), 900, 220)
    assert table.type == "table"
    assert [[cell.text for cell in row] for row in table.rows] == [list(row) for row in rows]
