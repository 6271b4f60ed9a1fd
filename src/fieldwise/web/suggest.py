"""Fields suggested from an example document: the labels the engine finds on its pages ("Invoice No.:",
"Rechnungsdatum") with a value printed after them become proposed fields, each with a name (from the label's
concepts where the lexicon knows them, so "Rechnungs-Nr." and "Invoice No." both give `invoice_number`), a
description quoting the label and its example value, and a type read from that value.

The example is read with the limits of a run, tightened: at most `suggest_max_pages` pages and
`suggest_timeout_s` seconds, in a thread, never on the event loop (the page reads one example at a time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fieldwise import documents
from fieldwise.documents.limits import Budget
from fieldwise.extraction.index import build_index
from fieldwise.extraction.normalize.dates import parse_date
from fieldwise.extraction.normalize.numbers import parse_money, parse_number
from fieldwise.extraction.page_labels import Label, scan_labels, words_of
from fieldwise.settings import Settings
from fieldwise.workflows.public import sanitize_field_name

MAX_SUGGESTIONS = 40  # more would be a wall of rows nobody reads; the first labels of the pages come first
_AMOUNT_CONCEPTS = {"amount", "total", "subtotal", "tax", "net", "gross", "balance", "price", "discount"}
_IDENTIFIER_CONCEPTS = {"number", "identifier", "reference", "iban", "bic", "vat_id", "phone", "postal"}


@dataclass(frozen=True, slots=True)
class Suggestion:
    name: str
    description: str
    data_type: str
    example: str


def _label_text(label: Label) -> str:
    text = " ".join(w.text for w in words_of(label.line)[label.start:label.end])
    return text.rstrip(":#= ").strip()


def _value_after(label: Label, labels_on_line: list[Label]) -> str:
    """The words after the label on its line, up to the next label."""
    words = words_of(label.line)
    stop = min((other.start for other in labels_on_line if other.start >= label.end), default=len(words))
    return " ".join(w.text for w in words[label.end:stop]).strip()


def data_type_of(concepts: set[str], value: str) -> str:
    """The type a value printed after a label reads as: an identifier's label keeps it text, whatever it looks
    like ("No. 20240315"); a date, an amount or a count by what the value is."""
    if concepts & _IDENTIFIER_CONCEPTS and not concepts & _AMOUNT_CONCEPTS:
        return "string"
    if "date" in concepts or parse_date(value) is not None:
        return "date" if parse_date(value) is not None or not value else "string"
    if concepts & _AMOUNT_CONCEPTS and (parse_money(value) is not None or parse_number(value) is not None):
        return "float"
    number = parse_number(value) if re.fullmatch(r"[\d.,\s'-]+", value) else None
    if number is not None:
        return "integer" if number == number.to_integral_value() and "." not in value and "," not in value \
            else "float"
    return "string"


def _name(label: Label, text: str) -> str:
    named = [c for c in label.concepts if not c.startswith("w:")]
    if named and len(named) == len(label.concepts):
        return sanitize_field_name("_".join(dict.fromkeys(named)))
    return sanitize_field_name(re.sub(r"[^\w]+", "_", text.lower()).strip("_"))


def suggest(document: documents.Document) -> list[Suggestion]:
    """The labels with a value after them, first seen first, one suggestion per name."""
    index = build_index(document)
    out: dict[str, Suggestion] = {}
    for page in scan_labels(index).values():
        for label in page.labels:
            text = _label_text(label)
            value = _value_after(label, page.by_line.get(label.line.position, []))
            if not text or not value or not re.search(r"\w", value):
                continue  # a column header or a heading: no value of its own on its line
            name = _name(label, text)
            if not name or name in out:
                continue
            concepts = {c for c in label.concepts if not c.startswith("w:")}
            out[name] = Suggestion(name, f'The "{text}" printed on the document, for example "{value[:80]}"',
                                   data_type_of(concepts, value), value[:200])
            if len(out) >= MAX_SUGGESTIONS:
                return list(out.values())
    return list(out.values())


def read_example(data: bytes, filename: str, settings: Settings) -> documents.Document:
    """The example document read under a run's limits, tightened to a few pages and seconds. Blocking: call it
    in a thread."""
    options = documents.ReadOptions(
        max_pages=min(settings.suggest_max_pages, settings.max_pages),
        max_image_pixels=settings.max_image_pixels,
        max_table_cells=settings.max_table_cells,
        max_table_columns=settings.max_table_columns,
        max_table_rows=settings.max_table_rows,
        max_inflated_bytes=int(settings.max_inflated_mb * 1024 * 1024),
        budget=Budget(timeout_s=settings.suggest_timeout_s),
    )
    return documents.read(data, None, options, filename=filename)


def suggest_from(data: bytes, filename: str, settings: Settings) -> list[Suggestion]:
    return suggest(read_example(data, filename, settings))
