"""Fields suggested from an example document: the labels the engine finds on its pages ("Invoice No.:",
"Rechnungsdatum") with a value printed after them become proposed fields, each with a name (from the label's
concepts where the lexicon knows them, so "Rechnungs-Nr." and "Invoice No." both give `invoice_number`), a
description quoting the label and its example value, and a type read from that value.

A header row (a line of labels with no value after any, over lines of as many values) becomes an `object`
field, `line_items` for the first table, its columns named by the header words above each value.

The example is read with the limits of a run, tightened: at most `suggest_max_pages` pages and
`suggest_timeout_s` seconds, in a thread, never on the event loop (the page reads one example at a time).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pypdfium2 as pdfium

from fieldwise import documents
from fieldwise.documents.limits import Budget
from fieldwise.documents.model import Word
from fieldwise.documents.sniff import PDF
from fieldwise.extraction.index import DocIndex, LineRef, build_index
from fieldwise.extraction.meaning import concepts as concepts_of
from fieldwise.extraction.normalize.dates import parse_date
from fieldwise.extraction.normalize.numbers import parse_money, parse_number
from fieldwise.extraction.page_labels import Label, labels_of, scan_labels, words_of
from fieldwise.settings import Settings
from fieldwise.workflows.public import sanitize_field_name

MAX_SUGGESTIONS = 40  # more would be a wall of rows nobody reads; the first labels of the pages come first
_AMOUNT_CONCEPTS = {"amount", "total", "subtotal", "tax", "net", "gross", "balance", "price", "discount"}
_IDENTIFIER_CONCEPTS = {"number", "identifier", "reference", "iban", "bic", "vat_id", "phone", "postal"}


_CENTS = re.compile(r"\d[.,]\d{2}(?!\d)")
PROSE_WORDS = 6  # a line longer than this is a sentence, whose labels count only when closed by a colon
MAX_TABLE_ROWS = 3  # value rows under a header read to type its columns


@dataclass(frozen=True, slots=True)
class Suggestion:
    name: str
    description: str
    data_type: str
    example: str
    nested: tuple["Suggestion", ...] = ()  # the columns of an object field


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
    like ("No. 20240315", "Tax No. 001234"), unless an amount's label reads a sum with cents; a date, an amount
    or a count by what the value is."""
    if concepts & _IDENTIFIER_CONCEPTS and not (concepts & _AMOUNT_CONCEPTS and _CENTS.search(value)):
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


def _header(labels: list[Label], words: list[Word]) -> bool:
    """A table's header row: two or more words, no figure, no 'Label:' pair, and labels for half of it or more
    ('Pos Artikel Menge Einzelpreis Betrag')."""
    covered = sum(label.end - label.start for label in labels)
    return (len(words) >= 2 and labels != [] and 2 * covered >= len(words) and not any(l.colon for l in labels)
            and not any(re.search(r"\d", w.text) for w in words))


def _center(word: Word) -> float:
    return (word.bbox.x0 + word.bbox.x1) / 2


def _columns(header: list[Word], rows: list[list[Word]]) -> list[tuple[list[Word], list[str]]]:
    """Each column of the first value row, with the header words nearest above it and the values below."""
    firsts = rows[0]
    columns: list[tuple[list[Word], list[str]]] = [([], []) for _ in firsts]
    for word in header:
        nearest = min(range(len(firsts)), key=lambda i: abs(_center(firsts[i]) - _center(word)))
        columns[nearest][0].append(word)
    for row in rows:
        for word in row:
            nearest = min(range(len(firsts)), key=lambda i: abs(_center(firsts[i]) - _center(word)))
            columns[nearest][1].append(word.text)
    return columns


def _table(index: DocIndex, lines: list[LineRef], at: int, number: int) -> Suggestion | None:
    """The object field of the header row `lines[at]`: its value rows are the lines right under it with as many
    words as the first of them (two or more) and no label."""
    header = words_of(lines[at])
    rows: list[list[Word]] = []
    for line in lines[at + 1:at + 1 + MAX_TABLE_ROWS]:
        words = words_of(line)
        if (len(words) < 2 or labels_of(index, line) or (rows and len(words) != len(rows[0]))
                or not any(re.search(r"\d", w.text) for w in words)):  # an item row has a figure
            break
        rows.append(words)
    if not rows:
        return None
    children: dict[str, Suggestion] = {}
    for names, found in _columns(header, rows):
        text = " ".join(w.text for w in names).rstrip(":").strip()
        name = sanitize_field_name(re.sub(r"[^\w]+", "_", text.lower())) if text else ""
        if not name or name in children:
            continue
        concepts = {c for c in concepts_of(text) if not c.startswith("w:")}
        kinds = [data_type_of(concepts, value) for value in found]
        kind = kinds[0] if len(set(kinds)) == 1 else "string"
        children[name] = Suggestion(name, f'The "{text}" column of each row', kind, found[0] if found else "")
    if len(children) < 2:
        return None
    title = ", ".join(c.name for c in children.values())
    return Suggestion("line_items" if number == 1 else f"table_{number}",
                      f"The rows of the table with the columns {title}", "object", "", tuple(children.values()))


def suggest(document: documents.Document) -> list[Suggestion]:
    """The labels with a value after them, first seen first, one suggestion per name; and the tables."""
    index = build_index(document)
    out: dict[str, Suggestion] = {}
    for number, page in scan_labels(index).items():
        lines = [line for line in index.lines if line.page == number]
        for at, line in enumerate(lines):
            on_line = page.by_line.get(line.position, [])
            if _header(on_line, words_of(line)):
                table = _table(index, lines, at, sum(1 for s in out.values() if s.data_type == "object") + 1)
                if table is not None and table.name not in out:
                    out[table.name] = table
                continue
            prose = len(words_of(line)) > PROSE_WORDS
            for label in on_line:
                if prose and not label.colon:
                    continue  # a word of a sentence that names a concept is no label ('the Company shall')
                found = _suggestion(label, on_line)
                if found is not None and found.name not in out:
                    out[found.name] = found
            if len(out) >= MAX_SUGGESTIONS:
                return list(out.values())[:MAX_SUGGESTIONS]
    return list(out.values())


def _suggestion(label: Label, on_line: list[Label]) -> Suggestion | None:
    text = _label_text(label)
    value = _value_after(label, on_line)
    if not text or not value or not re.search(r"\w", value):
        return None  # a heading: no value of its own on its line
    name = _name(label, text)
    if not name:
        return None
    concepts = {c for c in label.concepts if not c.startswith("w:")}
    return Suggestion(name, f'The "{text}" printed on the document, for example "{value[:80]}"',
                      data_type_of(concepts, value), value[:200])


def first_pages(data: bytes, count: int) -> bytes:
    """A PDF of the first `count` pages of the PDF `data` (the rest of a long example says nothing new about
    the fields; pdfium opens the file lazily, so only those pages are read)."""
    source = pdfium.PdfDocument(data)
    try:
        if len(source) <= count:
            return data
        cut = pdfium.PdfDocument.new()
        cut.import_pages(source, list(range(count)))
        out = io.BytesIO()
        cut.save(out)
        cut.close()
        return out.getvalue()
    finally:
        source.close()


def read_example(data: bytes, filename: str, settings: Settings) -> documents.Document:
    """The example document read under a run's limits, tightened to a few pages and seconds (a longer PDF is
    read from its first pages). Blocking: call it in a thread."""
    media_type = documents.detect_media_type(data, filename)
    if media_type == PDF:
        try:
            data = first_pages(data, settings.suggest_max_pages)
        except pdfium.PdfiumError:
            pass  # the reader says what is wrong with it
    options = documents.ReadOptions(
        max_pages=min(settings.suggest_max_pages, settings.max_pages),
        max_image_pixels=settings.max_image_pixels,
        max_table_cells=settings.max_table_cells,
        max_table_columns=settings.max_table_columns,
        max_table_rows=settings.max_table_rows,
        max_inflated_bytes=int(settings.max_inflated_mb * 1024 * 1024),
        budget=Budget(timeout_s=settings.suggest_timeout_s),
    )
    return documents.read(data, media_type, options, filename=filename)


def suggest_from(data: bytes, filename: str, settings: Settings) -> list[Suggestion]:
    return suggest(read_example(data, filename, settings))
