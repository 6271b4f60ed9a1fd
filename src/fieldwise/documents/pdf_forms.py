"""A PDF's own AcroForm widgets, read and filled through pypdfium2 (spec v3 D7, the `edit` node).

Only text fields and checkboxes are fillable here; radio buttons, choice lists, push buttons, signatures and
read-only fields are left as they are. Values are written through PDFium's form-fill layer, the way a viewer would
type them, so the field's appearance is regenerated and the value reads back from the field:

    editable   the form stays a form: the values sit in its fields (drawn in the form's own font)
    flattened  the widgets become page content: checkbox ticks and prefilled values keep their appearance, the
               filled text values are drawn in the chosen standard font (sans Helvetica, serif Times, mono Courier)
"""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from fieldwise.documents.pdf import open_pdf

FONTS = {"sans": b"Helvetica", "serif": b"Times-Roman", "mono": b"Courier"}
_KINDS = {raw.FPDF_FORMFIELD_TEXTFIELD: "text", raw.FPDF_FORMFIELD_CHECKBOX: "checkbox"}
_READ_ONLY = 1  # field flag bit 1 (PDF 32000-1, 12.7.3.1)


@dataclass(frozen=True, slots=True)
class Widget:
    """One fillable widget: `index` counts the page's fillable widgets from 0, in the page's annotation order."""

    page: int  # 1-based page of the file
    index: int
    name: str  # the field's full name
    tooltip: str  # its alternate name (TU), often the printed caption; "" when none
    kind: str  # text | checkbox
    value: str | None  # what it already holds (checkbox: "true" when ticked), None when empty
    bbox: dict[str, float]  # page fractions, origin top-left

    @property
    def form_field_id(self) -> str:
        return f"p{self.page}_f{self.index}"

    @property
    def label(self) -> str:
        return self.tooltip or self.name


def _text(function: Any, *args: Any) -> str:
    size = function(*args, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    function(*args, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)), size)
    return buffer.raw[:size].decode("utf-16-le", errors="replace").rstrip("\x00")


def _wide(text: str) -> Any:
    data = text.encode("utf-16-le") + b"\x00\x00"
    return ctypes.cast(ctypes.c_char_p(data), raw.FPDF_WIDESTRING), data  # the bytes must outlive the call


def _walk(pdf: pdfium.PdfDocument, limit: int, visit: Any = None) -> tuple[list[Widget], bool]:
    """Every fillable widget up to `limit` (and whether more were left out); `visit(page, annot, widget)` is called
    on each while its page is open."""
    form = pdf.formenv
    found: list[Widget] = []
    if form is None:
        return found, False
    for page_index in range(len(pdf)):
        page = pdf[page_index]
        width, height = page.get_size()
        index = 0
        for annot_index in range(raw.FPDFPage_GetAnnotCount(page.raw)):
            annot = raw.FPDFPage_GetAnnot(page.raw, annot_index)
            try:
                if raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_WIDGET:
                    continue
                kind = _KINDS.get(raw.FPDFAnnot_GetFormFieldType(form.raw, annot))
                if kind is None or raw.FPDFAnnot_GetFormFieldFlags(form.raw, annot) & _READ_ONLY:
                    continue
                if len(found) >= limit:
                    return found, True
                rect = raw.FS_RECTF()
                raw.FPDFAnnot_GetRect(annot, rect)
                if kind == "checkbox":
                    value = "true" if raw.FPDFAnnot_IsChecked(form.raw, annot) else None
                else:
                    value = _text(raw.FPDFAnnot_GetFormFieldValue, form.raw, annot) or None
                bbox = {"x0": max(0.0, min(1.0, rect.left / width)), "y0": max(0.0, min(1.0, 1 - rect.top / height)),
                        "x1": max(0.0, min(1.0, rect.right / width)),
                        "y1": max(0.0, min(1.0, 1 - rect.bottom / height))} if width and height else \
                    {"x0": 0.0, "y0": 0.0, "x1": 1.0, "y1": 1.0}
                widget = Widget(page_index + 1, index, _text(raw.FPDFAnnot_GetFormFieldName, form.raw, annot).strip(),
                                _text(raw.FPDFAnnot_GetFormFieldAlternateName, form.raw, annot).strip(), kind, value,
                                {k: round(v, 4) for k, v in bbox.items()})
                index += 1
                found.append(widget)
                if visit is not None:
                    visit(page, annot, widget, rect)
            finally:
                raw.FPDFPage_CloseAnnot(annot)
    return found, False


def read_widgets(data: bytes, limit: int) -> tuple[list[Widget], bool]:
    """The PDF's fillable widgets in page order (at most `limit`; True when more were left out). A PDF without a
    form has none. Raises UnreadableDocument for a PDF that cannot be opened."""
    pdf = open_pdf(data)
    try:
        pdf.init_forms()
        return _walk(pdf, limit)
    finally:
        pdf.close()


def fill(data: bytes, values: dict[str, str], *, font: str = "sans", flatten: bool = True, limit: int) -> bytes:
    """The PDF with `values` (form_field_id -> text, or "true"/"false" for a checkbox) written into its widgets.
    Widgets that already hold a value are never written."""
    pdf = open_pdf(data)
    try:
        pdf.init_forms()
        form = pdf.formenv
        drawn: dict[int, list[tuple[raw.FS_RECTF, str]]] = {}

        def write(page: pdfium.PdfPage, annot: Any, widget: Widget, rect: raw.FS_RECTF) -> None:
            value = values.get(widget.form_field_id)
            if value is None or widget.value is not None:
                return
            if widget.kind == "checkbox":
                if value == "true":
                    x, y = (rect.left + rect.right) / 2, (rect.bottom + rect.top) / 2
                    raw.FORM_OnLButtonDown(form.raw, page.raw, 0, x, y)
                    raw.FORM_OnLButtonUp(form.raw, page.raw, 0, x, y)
                    raw.FORM_ForceToKillFocus(form.raw)
            elif flatten:  # drawn after the page is flattened, in the chosen font
                copy = raw.FS_RECTF(rect.left, rect.top, rect.right, rect.bottom)
                drawn.setdefault(widget.page - 1, []).append((copy, value))
            else:
                raw.FORM_SetFocusedAnnot(form.raw, annot)
                raw.FORM_SelectAllText(form.raw, page.raw)
                text, _keep = _wide(value)
                raw.FORM_ReplaceSelection(form.raw, page.raw, text)
                raw.FORM_ForceToKillFocus(form.raw)

        _walk(pdf, limit, write)
        if flatten:
            for page_index in range(len(pdf)):
                page = pdf[page_index]
                raw.FPDFPage_Flatten(page.raw, raw.FLAT_NORMALDISPLAY)
                if page_index not in drawn:
                    continue
                page.close()  # flattening rewrote the content stream: text goes on top of a fresh load of it
                page = pdf[page_index]
                for rect, value in drawn[page_index]:
                    _draw(pdf, page, rect, value, FONTS.get(font, FONTS["sans"]))
                raw.FPDFPage_GenerateContent(page.raw)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    finally:
        pdf.close()


def _draw(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, rect: raw.FS_RECTF, value: str, font: bytes) -> None:
    """One line of text inside a widget's rectangle, shrunk to fit its width, vertically centred."""
    text = " ".join(value.split())
    if not text:
        return
    height, width = rect.top - rect.bottom, rect.right - rect.left
    size = max(4.0, min(11.0, height * 0.65))
    padding = 2.0
    obj = _text_object(pdf, text, font, size)
    left, right = ctypes.c_float(), ctypes.c_float()
    bottom, top = ctypes.c_float(), ctypes.c_float()
    raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    natural = right.value - left.value
    if natural > width - 2 * padding > 0:
        raw.FPDFPageObj_Destroy(obj)
        size = max(4.0, size * (width - 2 * padding) / natural)
        obj = _text_object(pdf, text, font, size)
    raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, rect.left + padding, rect.bottom + (height - size * 0.7) / 2)
    raw.FPDFPage_InsertObject(page.raw, obj)


def _text_object(pdf: pdfium.PdfDocument, text: str, font: bytes, size: float) -> Any:
    obj = raw.FPDFPageObj_NewTextObj(pdf.raw, font, ctypes.c_float(size))
    wide, _keep = _wide(text)
    raw.FPDFText_SetText(obj, wide)
    return obj

