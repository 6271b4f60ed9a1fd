"""Generic label -> value pairs, on any reader's output: a label and the value right of it on its line, on the
same row further right, or below it (a form's field, a table's header over its cells). A label is any run of words
that names concepts of the lexicon; it is scored against the field by meaning.label_match, with the section it
stands in ("Verkäufer", "Bill to") as context. A value never includes its label and stops where the next
'Label:' starts. Ranges ('02/07/20 - 02/13/20', '13.05.2026 bis 30.05.2026') give start fields their first date
and end fields their last."""

from __future__ import annotations

import re

from fieldwise.documents.model import BBox, Word
from fieldwise.extraction.candidates import Candidate, Signals
from fieldwise.extraction.index import DocIndex, LineRef
from fieldwise.extraction.label_values import asks_range, range_part, read_value, running_text, several_values
from fieldwise.extraction.meaning import GENERIC, FieldMeaning, clashes, concepts, label_match, lexicon
from fieldwise.extraction.org_names import suffix_only
from fieldwise.extraction.page_labels import (
    Label,
    PageLabels,
    lines_from,
    page_aspect,
    scan_labels,
    tallest_line,
    words_of,
)
from fieldwise.extraction.result import Evidence


def _after(label: Label, stops: list[Label]) -> list[Word]:
    """The words after a label up to the next label: a 'Label:' ends the value of a 'Label:'; after a label
    without a colon (a header, a label in a sentence) the value must follow at once, so any label ends it."""
    words = words_of(label.line)
    nxt = next((s for s in stops if s.start >= label.end and (s.colon or not label.colon)), None)
    after = words[label.end:nxt.start if nxt else len(words)]
    return after if label.colon else after[:4]


def _right(index: DocIndex, label: Label) -> LineRef | None:
    box = label.line.bbox
    best = None
    page = label.line.page
    for other in lines_from(index, page, box.y0 - tallest_line(index, page), box.y1):
        if other is label.line or other.bbox.x0 < box.x1 - 0.005:
            continue
        overlap = min(other.bbox.y1, box.y1) - max(other.bbox.y0, box.y0)
        if overlap > 0.5 * min(box.height, other.bbox.height) and (best is None or other.bbox.x0 < best.bbox.x0):
            best = other
    return best if best is not None and best.bbox.x0 - box.x1 < 0.35 else None


def _below(index: DocIndex, label: Label, depth: float = 4, most: int = 3) -> list[tuple[LineRef, list[Word]]]:
    """Lines under the label whose words overlap its columns, within `depth` line heights: nearest first."""
    box = label.bbox
    height = max(label.line.bbox.height, 0.004)
    out = []
    for other in lines_from(index, label.line.page, box.y1 - 0.3 * height, box.y1 + depth * height):
        gap = other.bbox.y0 - box.y1
        if other is label.line or gap < -0.3 * height or gap > depth * height:
            continue
        words = [w for w in words_of(other) if w.bbox.x1 > box.x0 - 0.01 and w.bbox.x0 < box.x1 + 0.01]
        if words:
            out.append((gap, other, words))
    out.sort(key=lambda item: item[0])
    return [(line, words) for _, line, words in out[:most]]


def _total_row(index: DocIndex, page: PageLabels, label: Label, meaning: FieldMeaning, day_first: bool):
    """For a field that asks for a total: the cell of the label's column on the row that says 'Total(s)', further
    down the column (a table of monthly rows closed by its totals row)."""
    if not meaning.asks("total") or meaning.spec.data_type not in ("float", "integer"):
        return None
    for line, words in _below(index, label, depth=30, most=40):
        if "total" not in concepts(" ".join(w.text for w in words_of(line)[:3])):
            continue
        ordered = words_of(line)
        read = read_value(_text(ordered[ordered.index(words[0]):ordered.index(words[-1]) + 1]), meaning, day_first)
        if read is not None:
            return read[0], read[1], _evidence(line, words)
    return None


def _phrase(words: list[Word], aspect: float) -> list[Word]:
    """The first phrase of a run of words: it ends at a gap wider than 2.5 times its letters' height (the next
    column). `aspect` is the page's height over its width, since boxes are fractions of each."""
    if not words:
        return words
    height = max(min(w.bbox.height for w in words), 1e-4) * aspect
    for i in range(1, len(words)):
        if words[i].bbox.x0 - words[i - 1].bbox.x1 > 2.5 * height:
            return words[:i]
    return words


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _evidence(line: LineRef, words: list[Word]) -> Evidence:
    return Evidence(_text(words), line.page, BBox.union(w.bbox for w in words) if words else line.bbox)


GENERIC_FLOOR = 0.15


def pair_candidates(index: DocIndex, meaning: FieldMeaning, day_first: bool, floor: float = 0.3) -> list[Candidate]:
    """Every value that stands where a label naming the field points, scored by how well the label names it."""
    out: list[Candidate] = []
    for number, page in scan_labels(index).items():
        for label in page.labels:
            if not label.concepts or not label.colon and _sentence(page, label.line):
                continue  # a word in a sentence is no label
            heading = page.headings.get(label.line.position, ())
            if "party_role" not in meaning.qualifiers and not set(label.concepts) <= GENERIC:
                heading = ()  # a 'Seller' section says whose name or number it is, not which amount
            # Words before a label that says only the kind of value ('Handelsrechnung (380) Nr.') tell which one;
            # before any other label they are another column's header.
            before = [c for l in page.by_line[label.line.position] if l.end <= label.start for c in l.concepts] \
                if set(label.concepts) <= GENERIC else []
            match = label_match(meaning, list(label.concepts), list(heading) + before[-2:], page.kinds)
            ranged = asks_range(meaning) and {"date", "period"} & set(label.concepts) and not (
                set(label.concepts) - GENERIC - {"period"} - lexicon().kinds - set(meaning.wanted)
                - {c for c in label.concepts if c.startswith("w:")})
            # A label that only says the kind of value ('Name', 'Date') still places one: weak evidence, yet better
            # than a value of the type anywhere on the page. A clash has already made it 0.
            least = GENERIC_FLOOR if set(label.concepts) <= GENERIC else floor
            if match < least and not ranged:
                continue
            strength = match * (1.0 if label.colon else 0.85)
            for value, unit, evidence, place in _readings(index, page, label, meaning, day_first):
                if clashes(meaning, evidence.text, hints=True):
                    continue  # 'Total' over 'EXCL.GST 28.11': the value belongs to another label
                several = several_values(evidence.text, meaning, day_first)
                if ranged and evidence.text and range_part(evidence.text, meaning, day_first) == value:
                    strength = max(strength, 0.45)  # a range under a 'Dates' label: where a start or end stands
                elif match < least:
                    continue
                out.append(Candidate(value, evidence, round(strength * place, 4), "label", unit,
                                     label.line.confidence, signals=Signals(match=match, several=several, place=place),
                                     label=_text(words_of(label.line)[label.start:label.end])))
    return out


def _wrapped(index: DocIndex, page: PageLabels, line: LineRef, words: list[Word], meaning: FieldMeaning,
             aspect: float) -> list[Word]:
    """A name that ends its line and goes on in the line under it, starting where it started ('Congressional' /
    'Leadership Fund'): the words that carry it on, at most one line."""
    if meaning.spec.data_type not in ("string", "list") or meaning.identifier or meaning.example:
        return []
    last = words_of(line)[-1]
    if words[-1] is not last:
        return []
    height = max(line.bbox.height, 0.004)
    for other in lines_from(index, line.page, line.bbox.y1 - 0.2 * height, line.bbox.y1 + 0.8 * height):
        gap = other.bbox.y0 - line.bbox.y1
        if other is line or not -0.2 * height < gap < 0.8 * height:
            continue
        below = words_of(other)
        if suffix_only(other.text) and below[0].bbox.x0 < words[-1].bbox.x1:
            return below  # 'Kunde: Beispiel Handels' over a lone 'GmbH': the name's legal form wrapped
        if abs(below[0].bbox.x0 - words[0].bbox.x0) < 0.004 and not page.by_line[other.position] \
                and not re.search(r"\d", below[0].text):
            return _phrase(below, aspect)
    return []


def _sentence(page: PageLabels, line: LineRef) -> bool:
    """A line of prose: over ten words, most of them no label's (a header row of twelve labels is no sentence), or
    a shorter one that reads as running text."""
    words = len(line.line.words)
    if words > 10 and 2 * sum(l.end - l.start for l in page.by_line[line.position]) < words:
        return True
    return running_text(line.text)  # 'Advertisers is four weeks prior to the a spot being


def _all_label(page: PageLabels, line: LineRef) -> bool:
    """A line made of labels and nothing else ('Original Date / Revision'): no value stands on it."""
    labels = [l for l in page.by_line[line.position] if l.concepts and any(not c.startswith("w:") for c in l.concepts)]
    words = line.line.words
    covered = sum(l.end - l.start for l in labels)
    return bool(labels) and len(words) <= 6 and 2 * covered >= len(words) and \
        not any(re.search(r"\d", w.text) for w in words)


def _readings(index: DocIndex, page: PageLabels, label: Label, meaning: FieldMeaning, day_first: bool):
    aspect = page_aspect(index, label.line.page)
    words = _after(label, page.by_line[label.line.position])
    if meaning.spec.data_type in ("string", "list"):
        words = _phrase(words, aspect)
        if not label.colon and not meaning.identifier and (label.start > 0 or len(words_of(label.line)) > 6):
            words = []  # text after a bare word is a value only on a short 'Label Value' line
    if words and words_of(label.line)[label.end - 1].text.endswith("@") and not meaning.asks("rate"):
        words = []  # 'GST @ 6': '@' puts a rate or a unit price after it, not the amount
    if words and not label.colon and meaning.spec.data_type in ("float", "integer") \
            and not re.match(r"[\d(+\-−$€£¥]", words[0].text):
        words = []  # 'Gesamtbetrag der Zuschläge 0,00': after a bare label the value comes first
    if words:
        words = words + _wrapped(index, page, label.line, words, meaning, aspect)
        read = read_value(_text(words), meaning, day_first)
        if read is not None:
            yield read[0], read[1], _evidence(label.line, words), 1.0
            return
        if len(words) > 2 or not label.colon and len(words_of(label.line)) > 10:
            return  # the label's line goes on with something else (a sentence): not a label of this value
    right = _right(index, label)
    starts_labelled = right is not None and bool(page.by_line[right.position]) and \
        page.by_line[right.position][0].start == 0 and bool(page.by_line[right.position][0].concepts)
    if right is not None and not _all_label(page, right) and not starts_labelled:
        stops = page.by_line[right.position]
        first_stop = next((s.start for s in stops if s.colon), len(right.line.words))
        words = _phrase(words_of(right)[:first_stop], aspect)
        read = read_value(_text(words), meaning, day_first) if words else None
        if read is not None:
            yield read[0], read[1], _evidence(right, words), 0.9
            return
    below = _below(index, label)
    column = len(below) > 1 and sum(read_value(_text(w), meaning, day_first) is not None for _, w in below) > 1
    totals = _total_row(index, page, label, meaning, day_first) if column else None
    if totals is not None:
        yield totals[0], totals[1], totals[2], 0.8
        return
    for rank, (line, words) in enumerate(below):
        if page.by_line[line.position] and page.by_line[line.position][0].start == 0 and \
                page.by_line[line.position][0].colon:
            break  # the next label of a form: its value is not ours
        ordered = words_of(line)
        words = _phrase(ordered[ordered.index(words[0]):], aspect)
        if _all_label(page, line):
            continue  # the next row of a header
        read = read_value(_text(words), meaning, day_first)
        if read is not None:
            # Under a header with more values of its kind below, a cell is one of a column's: which row the field
            # means, the header does not say.
            yield read[0], read[1], _evidence(line, words), (0.5 if column else 0.8) - 0.1 * rank
            return
