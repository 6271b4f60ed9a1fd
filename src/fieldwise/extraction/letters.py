"""Readers for correspondence, where few values carry labels: who signed the letter (the name under its closing
words), whom it is addressed to (the name after its greeting), its subject (the line that stands before the
greeting) and a deadline stated in running text ("... your answer before April 19, 2022"). Their words, in seven
languages, are in data/letters.toml."""

from __future__ import annotations

import re
from typing import Callable

from fieldwise.extraction import datafiles
from fieldwise.extraction.candidates import Candidate, clean_string
from fieldwise.extraction.index import DocIndex, LineRef
from fieldwise.extraction.layout_words import pattern
from fieldwise.extraction.normalize import find_dates

_GREETING = re.compile(r"^\s*" + pattern(datafiles.words("letters", "greeting")).pattern + r"\s*", re.I)
_HONORIFIC = re.compile(r"^(?:" + pattern(datafiles.words("letters", "honorific")).pattern + r"\s*)+", re.I)
_SUBJECT = re.compile(r"^\s*" + pattern(datafiles.words("letters", "subject")).pattern + r"\s*:\s*", re.I)
_NOBODY = pattern(datafiles.words("letters", "nobody"))
_CLOSING = re.compile(r"^\s*" + pattern(datafiles.words("letters", "closing")).pattern + r"\W*$", re.I)
_ARTICLE = "|".join(re.escape(w) for w in datafiles.words("letters", "article"))
_DEADLINE = re.compile(pattern(datafiles.words("letters", "deadline")).pattern + rf"\W{{0,3}}(?:(?:{_ARTICLE})\s+)?$",
                       re.I)
# A person's name: two to five words, each capitalised or a particle ('van', 'de').
_WORD = r"(?:[A-ZÀ-ÝŁŚŻ][\w'’.-]+|" + "|".join(re.escape(w) for w in datafiles.words("letters", "particle")) + ")"
_PERSON = re.compile(rf"^{_WORD}(?:\s+{_WORD}){{1,4}}$")


# The sender's address on one line, its parts between dashes or dots, above the window of the addressee.
_RETURN_ADDRESS = re.compile(r"\S\s+[-–·•|]\s+\S.*\d.*\s[-–·•|]\s+\S")
_POSTCODE_CITY = re.compile(r"^\s*(?:[A-Z]{1,2}-)?(?:\d{4,5}|\d{4}\s?[A-Z]{2}|\d{2}-\d{3}|\d{4,5}-\d{3})\s+[^\W\d]")


def _person(text: str) -> str | None:
    name = clean_string(_HONORIFIC.sub("", text.strip().rstrip(",!:;")))
    if not _PERSON.match(name) or any(c.isdigit() for c in name) or _NOBODY.search(name):
        return None
    return name


def signatory_candidates(index: DocIndex) -> list[Candidate]:
    """The name in the lines under a letter's closing words ('Kind regards,' / 'Kyle Mendoza')."""
    out: list[Candidate] = []
    for line in index.lines:
        if len(line.text) > 60 or not _CLOSING.match(line.text):
            continue
        for offset, below in enumerate(index.lines[line.position + 1:line.position + 4]):
            name = _person(below.text)
            if name:
                out.append(Candidate(name, below.evidence(), 0.75 - 0.1 * offset, "signatory",
                                     ocr_confidence=below.confidence))
                break
    return out


def addressee_candidates(index: DocIndex) -> list[Candidate]:
    """The name a letter's greeting speaks to ('Dear Marc Jones,', 'Sehr geehrter Herr Ott,'), and the name that
    opens the address block of its first page: under the sender's one-line return address ('Murray Group - 17985
    Oconnor Wall - 85380 Schmidtberg'), or over a line that starts with a postcode."""
    out: list[Candidate] = []
    for line in index.lines:
        greeting = _GREETING.match(line.text)
        if not greeting or len(line.text) > 60:
            continue
        name = _person(line.text[greeting.end():])
        if name:
            out.append(Candidate(name, line.evidence(name), 0.7, "addressee", ocr_confidence=line.confidence))
    return out + address_block_candidates(index, _person)


def _party_name(text: str) -> str | None:
    """A person's or a company's name: a short line of words, no figures, starting with a capital."""
    name = clean_string(_HONORIFIC.sub("", text.strip()))
    words = name.split()
    if not 1 <= len(words) <= 8 or any(c.isdigit() for c in name) or not name[:1].isupper() or name.endswith(":"):
        return None
    return name


def address_block_candidates(index: DocIndex, name_of: Callable[[str], str | None] = _party_name) -> list[Candidate]:
    """The name that opens an address block of the first page, the letterhead aside: under the sender's one-line
    return address ('Murray Group - 17985 Oconnor Wall - 85380 Schmidtberg'), or two lines over a line that starts
    with a postcode (name / street / postcode and town). Earlier blocks first: the addressee's window comes before a
    delivery address."""
    out: list[Candidate] = []
    first = [line for line in index.lines if line.page == 1][:40]
    for at, line in enumerate(first):
        if len(line.text) <= 200 and _RETURN_ADDRESS.search(line.text) and at + 1 < len(first):
            name_line, score = first[at + 1], 0.55
        elif _POSTCODE_CITY.match(line.text) and at >= 3:  # not the letterhead, which opens the page
            name_line, score = first[at - 2], 0.45
        else:
            continue
        name = name_of(name_line.text)
        if name:
            out.append(Candidate(name, name_line.evidence(), round(score - 0.02 * len(out), 3), "addressee",
                                 ocr_confidence=name_line.confidence))
    return out


def subject_candidates(index: DocIndex) -> list[Candidate]:
    """The short line that stands right before a letter's greeting, when no label says what the letter is about."""
    out: list[Candidate] = []
    for line in index.lines:
        if line.position == 0 or not _GREETING.match(line.text) or len(line.text) > 60:
            continue
        above: LineRef = index.lines[line.position - 1]
        text = clean_string(_SUBJECT.sub("", above.text))
        if above.page != line.page or not 3 <= len(text) <= 80 or find_dates(text, True) or text.endswith("."):
            continue
        out.append(Candidate(text, above.evidence(), 0.45, "subject_line", ocr_confidence=above.confidence))
    return out


def deadline_candidates(index: DocIndex, day_first: bool) -> list[Candidate]:
    """Dates that running text says something is due by ('before April 19, 2022', 'bis 21.03.2024')."""
    out: list[Candidate] = []
    for page in index.pages:
        for d in find_dates(page.text, day_first):
            before = re.sub(r"\s+", " ", page.text[max(d.start - 40, 0):d.start])
            if _DEADLINE.search(before):
                out.append(Candidate(d.value.isoformat(), page.evidence(d.start, d.end, d.raw), 0.6, "deadline"))
    return out
