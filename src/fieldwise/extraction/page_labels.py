"""The labels a page prints: runs of words that name concepts of the lexicon, each closed by a colon or by a
word that names nothing, with the section heading in force on each line ("Verkäufer", "Bill to:") and what the
document says it is in its title. Read once per document (DocIndex.memo) and shared by every field."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from fieldwise.documents.model import BBox, Word
from fieldwise.extraction.index import DocIndex, LineRef
from fieldwise.extraction.meaning import GENERIC, MODIFIER_GROUPS, concepts, document_kinds, lexicon
from fieldwise.extraction.meaning import tokens as _split

_JOINERS = {"/", "&", "-", "of", "de", "du", "des", "der", "die", "und", "and", "et", "y", "e", "en", "d", "la", "le",
            "del", "van", "(", ")", "per"}

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


_CODE = re.compile(r"(?=.*[^\W\d_])(?=.*\d)")  # letters and figures in one word: 'INV-001', '#A12', 'DE89'


def _word_concepts(word: Word) -> list[str]:
    """What a word names; a code that mixes letters and figures ('#INV-001') is a value, never a label's word."""
    if _CODE.match(word.text):
        return []
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
            if not colon:
                j, colon = _qualified(words, j)
            out.append(Label(line, start, j, tuple(said), colon))
        i = max(j, i + 1)
    return out


_QUALIFIER_WORDS = 4  # the most words a parenthesis after a label may hold: '(incl. 19 % VAT)'


def _qualified(words: list[Word], end: int) -> tuple[int, bool]:
    """A parenthesis right after a label qualifies it ('Total due (EUR)', 'Betrag (brutto):'): the label takes it
    in, and the value is what follows. Returns the label's new end and whether a colon now closes it."""
    if end >= len(words) or not words[end].text.startswith("("):
        return end, False
    for k in range(end, min(end + _QUALIFIER_WORDS, len(words))):
        text = words[k].text
        if text.endswith((")", "):")) and k + 1 < len(words):
            return k + 1, text.endswith(":") or words[k + 1].text in (":", "=")
    return end, False


@dataclass(slots=True)
class PageLabels:
    labels: list[Label]
    by_line: dict[int, list[Label]]
    headings: dict[int, tuple[str, ...]]  # line position -> the section heading's concepts in force there
    kinds: tuple[str, ...] = ()  # what the document says it is, in its title lines


_PARTY_HEADINGS = {"seller", "buyer", "shipper", "consignee", "agency", "advertiser", "employer", "employee", "bank"}


def document_kinds_of(index: DocIndex) -> tuple[str, ...]:
    """What the document says it is in the title lines at the top of its first page (invoice, order ...)."""
    cached = index.memo.get("kinds")
    if cached is None:
        first = index.pages[0].lines if index.pages else []  # the document's first page, whatever its number
        cached = index.memo["kinds"] = document_kinds(" ".join(l.text for l in first if l.bbox.y0 < 0.2)[:2000])
    return cached  # type: ignore[return-value]


def scan_labels(index: DocIndex) -> dict[int, PageLabels]:
    cached = index.memo.get("pairs")
    if cached is not None:
        return cached  # type: ignore[return-value]
    pages: dict[int, PageLabels] = {}
    index_kinds = document_kinds_of(index)
    for page in index.pages:
        aspect = page_aspect(index, page.number)
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
        pages[page.number] = PageLabels(labels, by_line, headings, index_kinds)
    index.memo["pairs"] = pages
    return pages


def labels_of(index: DocIndex, line: LineRef) -> list[Label]:
    """The labels printed on one line."""
    return scan_labels(index)[line.page].by_line[line.position]


def page_aspect(index: DocIndex, page: int) -> float:
    width, height = index.page_size(page)
    return height / width if width else 1.0


def lines_from(index: DocIndex, page: int, top: float, bottom: float) -> list[LineRef]:
    """The page's lines whose top edge lies between `top` and `bottom`, in reading order: a label looks only at
    its neighbourhood, so a page of thousands of label lines costs n log n, not n squared."""
    key = f"tops:{page}"
    found = index.memo.get(key)
    if found is None:
        ordered = sorted(index.page_text(page).lines, key=lambda l: l.bbox.y0)
        found = index.memo[key] = ([l.bbox.y0 for l in ordered], ordered,
                                   max((l.bbox.height for l in ordered), default=0.0))
    tops, ordered, _ = found  # type: ignore[misc]
    chosen = ordered[bisect.bisect_left(tops, top):bisect.bisect_right(tops, bottom)]
    return sorted(chosen, key=lambda l: l.position)


def tallest_line(index: DocIndex, page: int) -> float:
    """The height of the page's tallest line (how far above a line another that overlaps it may start)."""
    lines_from(index, page, 0.0, -1.0)
    return index.memo[f"tops:{page}"][2]  # type: ignore[index]
