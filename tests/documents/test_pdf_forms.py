"""A PDF's AcroForm widgets read and filled through pypdfium2 (the v3 edit node, spec v3 D7)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from fieldwise.documents.pdf_forms import fill, read_widgets
from fieldwise.errors import UnreadableDocument
from tests.support.documents import form_pdf, invoice_pdf

VALUES = {"p1_f0": "Ana Müller", "p1_f2": "must not be written", "p1_f3": "true", "p2_f0": "Sevilla"}


def _page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_widgets_are_read_in_page_order_with_their_labels_and_values() -> None:
    widgets, more = read_widgets(form_pdf(), 100)
    assert not more
    assert [(w.form_field_id, w.label, w.kind, w.value) for w in widgets] == [
        ("p1_f0", "Name", "text", None), ("p1_f1", "Date", "text", None),
        ("p1_f2", "Company", "text", "Prefilled Ltd"), ("p1_f3", "I accept the terms", "checkbox", None),
        ("p2_f0", "City", "text", None)]
    first = widgets[0].bbox
    assert 0 <= first["x0"] < first["x1"] <= 1 and 0 <= first["y0"] < first["y1"] <= 0.2  # near the top


def test_the_widget_limit_is_kept_and_said() -> None:
    widgets, more = read_widgets(form_pdf(), 2)
    assert len(widgets) == 2 and more


def test_editable_output_keeps_a_form_whose_fields_hold_the_values() -> None:
    filled = fill(form_pdf(), VALUES, flatten=False, limit=100)
    values = {w.form_field_id: w.value for w in read_widgets(filled, 100)[0]}
    assert values == {"p1_f0": "Ana Müller", "p1_f1": None, "p1_f2": "Prefilled Ltd", "p1_f3": "true",
                      "p2_f0": "Sevilla"}  # the prefilled Company is never overwritten


@pytest.mark.parametrize("font", ["sans", "serif", "mono"])
def test_flattened_output_has_no_form_and_prints_the_values(font: str) -> None:
    filled = fill(form_pdf(), VALUES, font=font, flatten=True, limit=100)
    assert read_widgets(filled, 100) == ([], False)
    first, second = _page_texts(filled)
    assert "Ana Müller" in first and "Prefilled Ltd" in first and "must not be written" not in first
    assert "Sevilla" in second


def test_a_pdf_without_a_form_has_no_widgets() -> None:
    assert read_widgets(invoice_pdf(), 100) == ([], False)


def test_a_broken_pdf_is_an_unreadable_document() -> None:
    with pytest.raises(UnreadableDocument):
        read_widgets(b"%PDF-1.7\nnot really a pdf", 100)
