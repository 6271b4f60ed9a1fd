"""The edit node (spec v3 D7): a PDF's own AcroForm widgets filled from the node's instructions and references.

What fills a widget is a (label, value) pair: an instruction fragment `Label: value` (the instructions are split on
`;` and on line breaks; a fragment without a colon ticks the checkbox it names), or a row of a reference file (a
CSV's header over its first row, or `label,value` rows under a `…,value` header; `label: value` lines of txt, md,
rst and the text of PDF references). A pair fills the widget whose label (its tooltip, else its name) matches best
after normalisation (accents, case, punctuation), when the match scores at least MIN_SCORE of 100; the score is the
field's `confidence`. Instructions come first and take precedence; each widget is filled once; a widget that
already holds a value is never written. Instruction fragments that match no widget are reported verbatim.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from fieldwise.documents.pdf_forms import Widget, fill, read_widgets

MIN_SCORE = 80
MAX_WIDGETS = 500  # widgets read and filled per document; a warning names what was left out
MAX_FRAGMENTS = 200  # instruction fragments considered
MAX_PAIRS = 5000  # reference rows considered, over all references
MAX_VALUE = 1000  # characters written into one field
_TRUE = frozenset({"yes", "y", "true", "x", "1", "on", "checked", "tick", "si", "ja", "oui", "sim"})
_FALSE = frozenset({"no", "n", "false", "0", "off", "unchecked", "nein", "non", "nao"})
_VALUE_HEADERS = frozenset({"value", "values", "answer", "valor", "wert", "valeur"})
_LINE = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?::(?P<rst>[^:]+):\s*(?P<rv>.*)|(?P<label>[^:]{1,200}?)\s*:\s*"
                   r"(?P<value>.*))$")


@dataclass(frozen=True, slots=True)
class Pair:
    label: str
    value: str  # "true" for a fragment without a colon: it names a checkbox to tick
    fragment: str | None = None  # the instruction fragment verbatim; None for a reference row
    tick_only: bool = False


@dataclass(frozen=True, slots=True)
class EditStep:
    node_id: str
    instructions: str | None
    reference_ids: tuple[str, ...]
    font: str
    output_mode: str


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def instruction_pairs(instructions: str | None) -> list[Pair]:
    pairs = []
    for fragment in re.split(r"[;\n]", instructions or "")[:MAX_FRAGMENTS]:
        fragment = fragment.strip()
        if not fragment:
            continue
        label, colon, value = fragment.partition(":")
        if colon and label.strip():
            pairs.append(Pair(label.strip(), value.strip(), fragment))
        else:
            pairs.append(Pair(fragment, "true", fragment, tick_only=True))
    return pairs


def reference_pairs(name: str, text: str) -> list[Pair]:
    """The (label, value) rows of one reference file."""
    if name.lower().endswith(".csv"):
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
        if len(rows) < 2:
            return []
        header = rows[0]
        if len(header) == 2 and normalise(header[1]) in _VALUE_HEADERS:
            return [Pair(row[0], row[1]) for row in rows[1:MAX_PAIRS + 1] if len(row) >= 2 and row[0]]
        return [Pair(label, value) for label, value in zip(header, rows[1]) if label and value]
    pairs = []
    for line in text.splitlines():
        found = _LINE.match(line.replace("**", "").replace("__", ""))
        if found is None:
            continue
        label = (found.group("rst") or found.group("label") or "").strip()
        value = (found.group("rv") if found.group("rst") is not None else found.group("value") or "").strip()
        if label and value and not value.startswith("//"):  # "see https://…" is a link, not a row
            pairs.append(Pair(label, value))
    return pairs


def _labels(widget: Widget) -> set[str]:
    names = {widget.tooltip, widget.name, widget.name.rsplit(".", 1)[-1]}
    return {normalise(n) for n in names if n and normalise(n)}


def _checkbox_value(value: str) -> str | None:
    word = normalise(value)
    return "true" if word in _TRUE else "false" if word in _FALSE else None


def _score(pair: Pair, widget: Widget) -> int:
    if widget.kind == "checkbox" and _checkbox_value(pair.value) is None:
        return 0
    if widget.kind == "text" and pair.tick_only:
        return 0
    wanted = normalise(pair.label)
    if not wanted:
        return 0
    return int(round(max(max(fuzz.ratio(wanted, label), fuzz.token_sort_ratio(wanted, label))
                         for label in _labels(widget)) if _labels(widget) else 0))


def match(widgets: list[Widget], pairs: list[Pair]) -> tuple[dict[str, tuple[str | None, int]], list[str]]:
    """form_field_id -> (value to write, or None for a prefilled widget; score), and the instruction fragments
    that matched nothing. Pairs are taken in order; each takes the best free widget."""
    taken: dict[str, tuple[str | None, int]] = {}
    unmatched = []
    for pair in pairs:
        best, best_score = None, 0
        for widget in widgets:
            if widget.form_field_id in taken:
                continue
            score = _score(pair, widget)
            if score > best_score:
                best, best_score = widget, score
        if best is None or best_score < MIN_SCORE:
            if pair.fragment is not None:
                unmatched.append(pair.fragment)
            continue
        if best.value is not None:
            taken[best.form_field_id] = (None, best_score)
            continue
        value = _checkbox_value(pair.value) if best.kind == "checkbox" else pair.value[:MAX_VALUE]
        taken[best.form_field_id] = (value, best_score)
    return taken, unmatched


def edit_pdf(data: bytes, step: EditStep, pairs: list[Pair]) -> tuple[dict[str, Any], bytes | None, list[str]]:
    """One PDF's Edit entry (without file_id, file_name, download link), the filled PDF (None when the PDF has no
    widgets) and warnings. Raises fieldwise.errors.UnreadableDocument when the PDF cannot be opened."""
    widgets, more = read_widgets(data, MAX_WIDGETS)
    warnings = [f"{step.node_id}: only the first {MAX_WIDGETS} form fields were read and filled"] if more else []
    taken, unmatched = match(widgets, pairs)
    fields: list[dict[str, Any]] = []
    for widget in widgets:
        value, score = taken.get(widget.form_field_id, (None, None))
        fields.append({"form_field_id": widget.form_field_id, "label": widget.label, "kind": widget.kind,
                       "state": "prefilled" if widget.value is not None else "empty", "page": widget.page,
                       "bbox": widget.bbox, "value": value if widget.value is None else None, "confidence": score})
    entry = {"node_id": step.node_id, "fields": fields, "unmatched_instructions": unmatched}
    if not widgets:
        return entry, None, warnings
    values = {f["form_field_id"]: f["value"] for f in fields if f["value"] is not None}
    filled = fill(data, values, font=step.font, flatten=step.output_mode != "editable", limit=MAX_WIDGETS)
    return entry, filled, warnings


def all_pairs(step: EditStep, references: list[tuple[str, str]]) -> list[Pair]:
    """The instructions' pairs, then each reference's rows in the order the node lists them."""
    pairs = instruction_pairs(step.instructions)
    budget = MAX_PAIRS
    for name, text in references:
        rows = reference_pairs(name, text)[:budget]
        budget -= len(rows)
        pairs.extend(rows)
    return pairs
