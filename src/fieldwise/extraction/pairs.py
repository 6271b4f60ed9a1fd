"""Generic label -> value pairs, on any reader's output: a label and the value right of it on its line, on the
same row further right, or below it (a form's field, a table's header over its cells). A label is any run of words
that names concepts of the lexicon; it is scored against the field by meaning.label_match, with the section it
stands in ("Verkäufer", "Bill to") as context. A value never includes its label and stops where the next
'Label:' starts. Ranges ('02/07/20 - 02/13/20', '13.05.2026 bis 30.05.2026') give start fields their first date
and end fields their last."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fieldwise.documents.model import BBox, Word
from fieldwise.extraction.candidates import Candidate, clean_string, type_value
from fieldwise.extraction.index import DocIndex, LineRef
from fieldwise.extraction.meaning import (
    GENERIC, MODIFIER_GROUPS, FieldMeaning, clashes, concepts, document_kinds, label_match, lexicon, shape,
)
from fieldwise.extraction.meaning import tokens as _split
from fieldwise.extraction.normalize import find_amounts, find_dates
from fieldwise.extraction.normalize.numbers import CODES, SYMBOLS
from fieldwise.extraction.result import Evidence

_JOINERS = {"/", "&", "-", "of", "de", "du", "des", "der", "die", "und", "and", "et", "y", "e", "en", "d", "la", "le",
            "del", "van", "(", ")", "per"}
_RANGE = re.compile(r"^\s*(?:-|–|—|to|until|till|thru|through|bis|au|à|al|a|hasta|tot|t/m)\s*$", re.I)
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-/.]*[A-Za-z0-9]$|^\d$")
_TRAILING_CODE = re.compile(r"\s*\(\s*[A-Z]?\d[\d\s-]*[A-Z]?\s*\)\s*$")  # 'Moore for Congress (136642)'
_CURRENCY_NAMES = {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP",
                   "pounds": "GBP", "franken": "CHF", "francs": "CHF", "yen": "JPY"}


@dataclass(slots=True)
class Label:
    line: LineRef
    start: int  # first word of the label
    end: int  # one past its last word
    concepts: tuple[str, ...]
    colon: bool  # ends in ':' (or '#', '=')

    @property
    def bbox(self) -> BBox:
        return BBox.union(w.bbox for w in words_of(self.line)[self.start:self.end])


def _word_concepts(word: Word) -> list[str]:
    return concepts(word.text, keep_unknown=True)


def _named(found: list[str]) -> bool:
    return any(not c.startswith("w:") for c in found)


def words_of(line: LineRef) -> list[Word]:
    """The line's words left to right (a reader may give a line's words in another order)."""
    words = line.line.words
    if all(a.bbox.x0 <= b.bbox.x0 for a, b in zip(words, words[1:])):
        return words
    return sorted(words, key=lambda w: w.bbox.x0)


def _modifiers_only(names: list[str]) -> bool:
    groups = lexicon().group_of
    return bool(names) and all(groups.get(c, frozenset()) & MODIFIER_GROUPS for c in names)


def _closes(words: list[Word], i: int) -> bool:
    """Whether word `i` ends a label as a colon does: ':' or '=', or a '#' with a figure after it ('Order # 123';
    in a header row, 'No. # of Spots', it is a column's label word)."""
    text = words[i].text
    if text.endswith((":", "=")):
        return True
    return text.endswith("#") and (i + 1 == len(words) or bool(re.search(r"\d", words[i + 1].text)))


def _form_at(words: list[Word], i: int) -> int:
    """How many words from `i` on make one form of the lexicon of two or more words (0 when none does)."""
    lex = lexicon()
    if words[i].text.lower().strip(":.") not in lex.openers:
        return 0
    for size in range(min(lex.longest, len(words) - i), 1, -1):
        key = tuple(t.lower().strip(":") for w in words[i:i + size] for t in [w.text] if t.strip(":"))
        if len(key) == size and tuple(_split(" ".join(key))) in lex.forms:
            return size
    return 0


def _labels_on(line: LineRef, aspect: float = 1.0) -> list[Label]:
    """Runs of words that name concepts, each closed by a colon or by a word that names nothing. In a header row
    a new label starts where a qualifier follows a kind of value ('Start Date | End Date'), but not across a
    joiner ('Date de livraison', 'N° de client')."""
    words = words_of(line)
    out: list[Label] = []
    i = 0
    while i < len(words):
        found = _word_concepts(words[i])
        if not _named(found) and not words[i].text.endswith(":") and _form_at(words, i) < 2:
            i += 1
            continue
        size = _form_at(words, i)
        start, names = i, (concepts(" ".join(w.text for w in words[i:i + size])) if size > 1 else list(found))
        j = i + max(size, 1)
        colon = _closes(words, j - 1)
        joined = False
        while j < len(words) and not colon:
            text = words[j].text
            if words[j].bbox.x0 - words[j - 1].bbox.x1 > 1.2 * words[j - 1].bbox.height * aspect:
                break  # a wide gap: the next column's header
            if text in (":", "=", "#:"):
                colon = True
                j += 1
                break
            size = _form_at(words, j)
            if size > 1:  # 'To Be Paid', 'Amount To Be Paid': a form of several words is read whole
                names += concepts(" ".join(w.text for w in words[j:j + size]))
                j += size
                colon = words[j - 1].text.endswith(":")
                continue
            more = _word_concepts(words[j])
            if names and names[-1] in GENERIC and more and more[0] not in GENERIC and not joined \
                    and not text.endswith(":"):
                break
            if _named(more) or (more and len(text) > 2 and text[0].isupper() and not text.isupper()
                                and j + 1 < len(words) and _named(_word_concepts(words[j + 1]))) \
                    or text.lower().strip(":") in _JOINERS or text.lower() in lexicon().openers:
                joined = text.lower().strip(":") in _JOINERS
                names += more
                colon = _closes(words, j)
                j += 1
                continue
            ahead = next((k for k in range(j, min(j + 3, len(words))) if words[k].text.endswith(":")), None)
            if ahead is not None and all(re.search(r"[^\W\d]", w.text) for w in words[j:ahead + 1]):
                colon = True  # 'Date de facture associée :', 'Kunden Code:': unknown words up to the colon
                names += [c for w in words[j:ahead + 1] for c in _word_concepts(w)]
                j = ahead + 1
            break
        while j > start + 1 and words[j - 1].text.lower() in _JOINERS - {"(", ")"}:
            j -= 1
        if j < len(words) and not colon and _modifiers_only(names) and re.fullmatch(r"[^\W\d_]{3,}", words[j].text) \
                and not _named(_word_concepts(words[j])):
            names += _word_concepts(words[j])  # 'Last Modified': a qualifier names nothing without its head
            j += 1
        if start > 0 and names and names[0] in GENERIC and (not out or out[-1].end < start) \
                and re.fullmatch(r"[^\W\d_]{2,}(?:[/-][^\W\d_]+)*", words[start - 1].text) \
                and len(words[start - 1].text) >= 3:
            start -= 1  # 'Estimate #', 'Kunden Nr.': a word the lexicon does not know qualifies the number
        inside_value = not colon and out and out[-1].colon  # 'Name: Lieferant GmbH': a label's word in a value
        if (_named(names) or colon) and not inside_value:  # a 'Label:' of unknown words still names a field so called
            said = concepts(" ".join(w.text for w in words[start:j]), keep_unknown=True)  # forms of several words
            out.append(Label(line, start, j, tuple(said), colon))
        i = max(j, i + 1)
    return out


@dataclass(slots=True)
class _Page:
    labels: list[Label]
    by_line: dict[int, list[Label]]
    headings: dict[int, tuple[str, ...]]  # line position -> the section heading's concepts in force there
    kinds: tuple[str, ...] = ()  # what the document says it is, in its title lines


_PARTY_HEADINGS = {"seller", "buyer", "shipper", "consignee", "agency", "advertiser", "employer", "employee", "bank"}


def _scan(index: DocIndex) -> dict[int, _Page]:
    cached = index.memo.get("pairs")
    if cached is not None:
        return cached  # type: ignore[return-value]
    pages: dict[int, _Page] = {}
    first = index.pages[0].lines if index.pages else []  # the document's first page, whatever its number
    index_kinds = document_kinds(" ".join(l.text for l in first if l.bbox.y0 < 0.2)[:2000])
    for page in index.pages:
        aspect = _aspect(index, page.number)
        labels: list[Label] = []
        by_line: dict[int, list[Label]] = {}
        headings: dict[int, tuple[str, ...]] = {}
        heading: tuple[str, ...] = ()
        for line in page.lines:
            found = _labels_on(line, aspect)
            by_line[line.position] = found
            labels += found
            words = words_of(line)
            # A short line that names a party role and carries no value is a section heading ("Verkäufer",
            # "Bill to:", "Käufer/Leistungsempfänger") until the next one.
            lead = 1 if words and not re.search(r"\w", words[0].text) else 0  # a bullet before it
            if found and len(words) - lead <= 4 and found[0].start <= lead + 1 and found[-1].end >= len(words) - 1:
                named = {c for l in found for c in l.concepts if not c.startswith("w:")}
                if len(named) == 1 and named <= _PARTY_HEADINGS:  # a party and nothing else: no 'Art-Nr-Lieferant'
                    heading = tuple(named)
            headings[line.position] = heading
        pages[page.number] = _Page(labels, by_line, headings, index_kinds)
    index.memo["pairs"] = pages
    return pages


def labels_of(index: DocIndex, line: LineRef) -> list[Label]:
    """The labels printed on one line."""
    return _scan(index)[line.page].by_line[line.position]


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
    for other in index.page_text(label.line.page).lines:
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
    for other in index.page_text(label.line.page).lines:
        gap = other.bbox.y0 - box.y1
        if other is label.line or gap < -0.3 * height or gap > depth * height:
            continue
        words = [w for w in words_of(other) if w.bbox.x1 > box.x0 - 0.01 and w.bbox.x0 < box.x1 + 0.01]
        if words:
            out.append((gap, other, words))
    out.sort(key=lambda item: item[0])
    return [(line, words) for _, line, words in out[:most]]


def _total_row(index: DocIndex, page: "_Page", label: Label, meaning: FieldMeaning, day_first: bool):
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


def _aspect(index: DocIndex, page: int) -> float:
    width, height = index.page_size(page)
    return height / width if width else 1.0


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _evidence(line: LineRef, words: list[Word]) -> Evidence:
    return Evidence(_text(words), line.page, BBox.union(w.bbox for w in words) if words else line.bbox)


def currency_code(text: str) -> str | None:
    """The ISO 4217 code a text names: 'EUR', '€', 'US$', 'EURO (EUR)', 'euros'."""
    for token in re.findall(r"US\$|HK\$|[SACR]\$|[$€£¥₹₩₽₺]|\b[A-Z]{3}\b|[A-Za-z]+", text):
        if token in SYMBOLS:
            return SYMBOLS[token]
        if token in CODES:
            return token
        if token.lower() in _CURRENCY_NAMES:
            return _CURRENCY_NAMES[token.lower()]
    return None


def _identifier(text: str) -> str | None:
    """The code or number a label points at: its first token, made of letters, digits and - _ / ., holding a
    digit (or capitals joined by '-', 'INV-ABC'), and neither a date, an amount nor a clause number ('12.2.')."""
    token = text.split()[0].strip(",;:()[]") if text.split() else ""
    token = token.rstrip(".") if re.fullmatch(r"[\d.]+", token) is None else token
    coded = re.fullmatch(r"[A-Z][A-Z0-9]*(?:[-_/][A-Z0-9]+)+", token)  # 'INV-BYTES': a code without figures
    if not (re.search(r"\d", token) or coded) or len(token) > 40 or not _IDENTIFIER.match(token):
        return None
    if re.fullmatch(r"\d+(?:\.\d+)+\.?|\d{1,2}", token) or find_dates(token) or re.fullmatch(r"\d{1,3}(,\d{3})*\.\d{2}", token):
        return None
    return token


def _ranges(meaning: FieldMeaning) -> bool:
    return meaning.spec.data_type == "date" and any(meaning.asks(q) for q in ("start", "end", "expiry"))


def _range_part(text: str, meaning: FieldMeaning, day_first: bool) -> str | None:
    """For a start or end field, the first or last date of a range written in `text`."""
    dates = find_dates(text, day_first)
    if len(dates) < 2 or not _RANGE.match(text[dates[0].end:dates[1].start]):
        return None
    if meaning.asks("end") or meaning.asks("expiry"):
        return dates[1].value.isoformat()
    if meaning.asks("start"):
        return dates[0].value.isoformat()
    return None


def read_value(text: str, meaning: FieldMeaning, day_first: bool) -> tuple[object, str | None] | None:
    """The field's value in the text after its label, typed; None when the text holds none of the right shape."""
    read = _read(text, meaning, day_first)
    return read[:2] if read else None


def _several(text: str, meaning: FieldMeaning, day_first: bool) -> bool:
    """Whether the text holds more than one value of the field's kind (a row of amounts): the label alone does not
    say which is the field's."""
    kind = meaning.spec.data_type
    if kind in ("float", "integer"):
        return len([a for a in find_amounts(text) if not _date_like(text, a.start, a.end)]) > 1
    if kind == "date":
        return len(find_dates(text, day_first)) > 1 and _range_part(text, meaning, day_first) is None
    return False


def _read(text: str, meaning: FieldMeaning, day_first: bool) -> tuple[object, str | None] | None:
    spec = meaning.spec
    text = text.strip(" :=#\t")
    if not text:
        return None
    if spec.data_type == "date":
        ranged = _range_part(text, meaning, day_first)
        if ranged:
            return ranged, None
    if meaning.asks("currency") and spec.data_type == "string":
        code = currency_code(text)
        return (code, None) if code else None
    if meaning.identifier:
        token = _identifier(text)
        return (token, None) if token else None
    if spec.data_type in ("float", "integer"):
        amounts = [a for a in find_amounts(text) if not _date_like(text, a.start, a.end)]
        if not meaning.asks("rate"):
            amounts = [a for a in amounts if not text[a.end:a.end + 2].strip().startswith("%")]
        if len(amounts) > 1 and spec.data_type == "float":
            marked = [a for a in amounts if a.currency or a.has_cents]
            amounts = marked or amounts
        if not amounts:
            return None
        typed = type_value(amounts[0].raw, spec, day_first)
        return (typed.value, typed.unit) if typed else None
    typed = type_value(text, spec, day_first)
    if typed is None or typed.value in (None, "", []):
        return None
    if spec.data_type in ("string", "list"):
        value = typed.value[0] if isinstance(typed.value, list) else typed.value
        value = _TRAILING_CODE.sub("", value) or value
        typed = type_value(value, spec, day_first) or typed
        if meaning.example and shape(value) != meaning.example:
            return None  # the description's example says what the value looks like ('e.g. 2 years')
        if len(value.split()) > 12 or not re.search(r"[^\W\d_]{2}", value) or find_dates(value) and len(value) < 20:
            return None
    return typed.value, typed.unit


def _date_like(text: str, start: int, end: int) -> bool:
    return text[max(start - 1, 0):start] in ("/", ":", ".") or text[end:end + 1] in ("/", ":")


def pair_candidates(index: DocIndex, meaning: FieldMeaning, day_first: bool, floor: float = 0.3) -> list[Candidate]:
    """Every value that stands where a label naming the field points, scored by how well the label names it."""
    out: list[Candidate] = []
    for number, page in _scan(index).items():
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
            ranged = _ranges(meaning) and {"date", "period"} & set(label.concepts) and not (
                set(label.concepts) - GENERIC - {"period"} - lexicon().kinds - set(meaning.wanted)
                - {c for c in label.concepts if c.startswith("w:")})
            if match < floor and not ranged:
                continue
            strength = match * (1.0 if label.colon else 0.85)
            for value, unit, evidence, place in _readings(index, page, label, meaning, day_first):
                if clashes(meaning, evidence.text, hints=True):
                    continue  # 'Total' over 'EXCL.GST 28.11': the value belongs to another label
                several = _several(evidence.text, meaning, day_first)
                if ranged and evidence.text and _range_part(evidence.text, meaning, day_first) == value:
                    strength = max(strength, 0.45)  # a range under a 'Dates' label: where a start or end stands
                elif match < floor:
                    continue
                out.append(Candidate(value, evidence, round(strength * place, 4), "label", unit,
                                     label.line.confidence, extra={"match": match, "several": float(several), "place": place},
                                     label=_text(words_of(label.line)[label.start:label.end])))
    return out


def _wrapped(index: DocIndex, page: _Page, line: LineRef, words: list[Word], meaning: FieldMeaning,
             aspect: float) -> list[Word]:
    """A name that ends its line and goes on in the line under it, starting where it started ('Congressional' /
    'Leadership Fund'): the words that carry it on, at most one line."""
    if meaning.spec.data_type not in ("string", "list") or meaning.identifier or meaning.example:
        return []
    last = words_of(line)[-1]
    if words[-1] is not last:
        return []
    height = max(line.bbox.height, 0.004)
    for other in index.page_text(line.page).lines:
        gap = other.bbox.y0 - line.bbox.y1
        if other is line or not -0.2 * height < gap < 0.8 * height:
            continue
        below = words_of(other)
        if abs(below[0].bbox.x0 - words[0].bbox.x0) < 0.004 and not page.by_line[other.position] \
                and not re.search(r"\d", below[0].text):
            return _phrase(below, aspect)
    return []


def _sentence(page: _Page, line: LineRef) -> bool:
    """A line of prose: over ten words, most of them no label's (a header row of twelve labels is no sentence)."""
    words = len(line.line.words)
    return words > 10 and 2 * sum(l.end - l.start for l in page.by_line[line.position]) < words


def _all_label(page: _Page, line: LineRef) -> bool:
    """A line made of labels and nothing else ('Original Date / Revision'): no value stands on it."""
    labels = [l for l in page.by_line[line.position] if l.concepts and any(not c.startswith("w:") for c in l.concepts)]
    words = line.line.words
    covered = sum(l.end - l.start for l in labels)
    return bool(labels) and len(words) <= 6 and 2 * covered >= len(words) and \
        not any(re.search(r"\d", w.text) for w in words)


def _readings(index: DocIndex, page: _Page, label: Label, meaning: FieldMeaning, day_first: bool):
    aspect = _aspect(index, label.line.page)
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
