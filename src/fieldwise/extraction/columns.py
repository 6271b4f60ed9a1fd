"""Line items under a header row, on any reader's output: a line whose labels name two or more of an object
field's children ('Description  Qty  Unit price  Amount') gives the columns; each line under it, until a total or a
gap, is a row whose words fall into the column whose span holds their centre."""

from __future__ import annotations

from fieldwise.documents.model import BBox, Word
from fieldwise.extraction.candidates import type_value
from fieldwise.extraction.index import DocIndex, LineRef
from fieldwise.extraction.meaning import concepts, label_match, read_field
from fieldwise.extraction.page_labels import labels_of, words_of
from fieldwise.extraction.result import Evidence, ExtractedValue, Row
from fieldwise.extraction.schema import FieldSpec

_ENDS = {"total", "subtotal", "tax", "gross", "net", "balance", "change", "tendered"}
_MATCH = 0.45


def _header(index: DocIndex, spec: FieldSpec) -> tuple[LineRef, list[tuple[FieldSpec | None, BBox]]] | None:
    """The first line without figures whose words name at least two of the children, with the box of the words
    each child took (one to three words: 'Qty', 'Unit price')."""
    children = [(child, read_field(child)) for child in spec.nested_fields]
    for line in index.lines:
        words = words_of(line)
        if len(words) < 2 or len(words) > 16 or any(ch.isdigit() for ch in line.text) or not labels_of(index, line):
            continue
        spans = [(a, b) for a in range(len(words)) for b in range(a + 1, min(a + 4, len(words) + 1))]
        said = {span: concepts(" ".join(w.text for w in words[span[0]:span[1]]), keep_unknown=True) for span in spans}
        taken: list[tuple[FieldSpec, BBox]] = []
        used: set[int] = set()
        for child, meaning in children:
            best, where = 0.0, None
            for (a, b), found in said.items():
                if found and not used & set(range(a, b)):
                    score = label_match(meaning, found) - 0.01 * (b - a)  # the shortest span that says it
                    if score > best:
                        best, where = score, (a, b)
            if where is not None and best >= _MATCH:
                used |= set(range(*where))
                taken.append((child, BBox.union(w.bbox for w in words[where[0]:where[1]])))
        if len(taken) >= 2:
            others = [n for n in range(len(words)) if n not in used]
            runs = [[others[0]]] if others else []
            for n in others[1:]:
                runs[-1].append(n) if n == runs[-1][-1] + 1 else runs.append([n])
            # Headers no child asked for ('Unit price') are columns too: their cells belong to nobody.
            taken += [(None, BBox.union(words[n].bbox for n in run)) for run in runs]
            return line, taken
    return None


def _spans(columns: list[tuple[FieldSpec | None, BBox]]) -> list[tuple[FieldSpec | None, float, float]]:
    """Each column from halfway to its left neighbour's header to halfway to its right neighbour's."""
    ordered = sorted(columns, key=lambda c: c[1].cx)
    centres = [box.cx for _, box in ordered]
    out = []
    for n, (child, _) in enumerate(ordered):
        left = (centres[n - 1] + centres[n]) / 2 if n else 0.0
        right = (centres[n] + centres[n + 1]) / 2 if n + 1 < len(centres) else 1.0
        out.append((child, left, right))
    return out


def _ends_items(line: LineRef) -> bool:
    return bool(set(concepts(line.text)) & _ENDS)


def header_rows(index: DocIndex, spec: FieldSpec, day_first: bool) -> list[Row]:
    found = _header(index, spec)
    if found is None:
        return []
    header, columns = found
    spans = _spans(columns)
    rows: list[Row] = []
    previous = header
    for line in index.lines[header.position + 1:]:
        height = max(previous.bbox.height, 0.004)
        if line.page != header.page or _ends_items(line) or line.bbox.y0 - previous.bbox.y1 > 3 * height:
            break
        previous = line
        cells: dict[str, list[Word]] = {}
        for word in words_of(line):
            for child, left, right in spans:
                if left <= word.bbox.cx < right and child is not None:
                    cells.setdefault(child.name, []).append(word)
        row: Row = {child.name: ExtractedValue.missing() for child in spec.nested_fields}
        for child, _, _ in spans:
            if child is None:
                continue
            words = cells.get(child.name)
            text = " ".join(w.text for w in words) if words else ""
            typed = type_value(text, child, day_first) if text else None
            if typed is not None and typed.value not in (None, "", []):
                box = BBox.union(w.bbox for w in words)
                row[child.name] = ExtractedValue(typed.value, 70.0, [Evidence(text, line.page, box)], typed.unit)
        if sum(v.value is not None for v in row.values()) >= 2:
            rows.append(row)
    return rows
