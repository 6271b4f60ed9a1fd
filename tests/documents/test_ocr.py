import socket

import pytest

from fieldwise.documents.model import BBox
from fieldwise.documents.ocr import (
    ENGINES, INT8_DETECTOR, RapidOcrEngine, get_engine, line_words, recognize, shipped_model,
)
from fieldwise.documents.options import ReadOptions
from tests.documents.drawing import RECEIPT_LINES, text_image


def test_line_words_share_the_line_box_by_characters():
    words = line_words("AB  CDEF", BBox(0.1, 0.2, 0.8, 0.3), 0.9)
    assert [w.text for w in words] == ["AB", "CDEF"]
    assert words[0].bbox.x0 == pytest.approx(0.1)
    assert words[0].bbox.x1 == pytest.approx(0.1 + 0.7 * 2 / 7)
    assert words[1].bbox.x0 == pytest.approx(0.1 + 0.7 * 3 / 7)
    assert words[1].bbox.x1 == pytest.approx(0.8)
    assert all(w.bbox.y0 == 0.2 and w.bbox.y1 == 0.3 and w.confidence == 0.9 for w in words)
    assert line_words("   ", BBox(0, 0, 1, 1), 0.5) == []


def test_rapidocr_reads_a_drawn_receipt_with_word_boxes_and_confidences():
    page = recognize(text_image(), 3, ReadOptions())
    assert page.number == 3 and page.source == "ocr"
    text = " ".join(line.text for line in page.lines)
    for expected in ("GOLDEN BAKERY", "KUALA LUMPUR", "23/12/2017", "TOTAL", "15.00"):
        assert expected in text
    words = list(page.words)
    assert all(0.0 <= w.bbox.x0 < w.bbox.x1 <= 1.0 and 0.0 <= w.bbox.y0 < w.bbox.y1 <= 1.0 for w in words)
    assert all(w.confidence is not None and 0.5 <= w.confidence <= 1.0 for w in words)
    total = next(w for w in words if w.text == "15.00")
    bakery = next(w for w in words if w.text == "BAKERY")
    assert total.bbox.y0 > bakery.bbox.y1  # the last line sits below the first
    assert len(list(page.lines)) == len(RECEIPT_LINES)


def test_the_engine_is_loaded_once_per_process():
    assert get_engine(ReadOptions()) is get_engine(ReadOptions())
    with pytest.raises(ValueError, match="unknown OCR engine"):
        get_engine(ReadOptions(ocr_engine="nope"))
    assert set(ENGINES) == {"rapidocr"}


def test_rapidocr_uses_only_the_models_in_its_wheel(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the OCR engine tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    engine = RapidOcrEngine(threads=1)
    page = engine.recognize(text_image(("OFFLINE 42",), size=40, width=500), 1, ReadOptions())
    assert "OFFLINE" in [w.text for w in page.words]


def test_columns_of_ocr_words_become_a_table_block():
    from tests.documents.drawing import table_image

    rows = [("DESCRIPTION", "QTY", "AMOUNT"), ("COFFEE BEANS", "2", "31.80"), ("MILK", "1", "4.20")]
    page = recognize(table_image(rows), 1, ReadOptions())
    (table,) = [b for b in page.blocks if b.type == "table"]
    assert [[c.text for c in row] for row in table.rows] == [list(r) for r in rows]
    assert all(c.bbox is not None for row in table.rows for c in row)


def test_high_effort_reads_a_line_printed_upside_down():
    upside_down = text_image(("INVOICE 2041",), size=40, width=600).rotate(180)
    standard = recognize(upside_down, 1, ReadOptions())
    high = recognize(upside_down, 1, ReadOptions(effort="high"))
    assert "INVOICE" not in [w.text for w in standard.words]  # the fast profile skips the angle classifier
    assert [w.text for w in high.words] == ["INVOICE", "2041"]
    assert get_engine(ReadOptions(effort="high")) is not get_engine(ReadOptions())


def test_a_shipped_model_that_does_not_match_its_checksum_is_refused(tmp_path, monkeypatch):
    from fieldwise.documents import ocr

    assert shipped_model(INT8_DETECTOR).is_file()  # the real file matches meta.json
    (tmp_path / "meta.json").write_text((ocr.MODELS_DIR / "meta.json").read_text())
    (tmp_path / INT8_DETECTOR).write_bytes(b"not the model")
    monkeypatch.setattr(ocr, "MODELS_DIR", tmp_path)
    with pytest.raises(RuntimeError, match="does not match its checksum"):
        shipped_model(INT8_DETECTOR)
