"""Values a field's name is itself written as: a boolean `paid` reads true from 'Payment status: PAID' and false
from 'Status: unpaid', a boolean `newsletter` from a ticked or empty box before 'Newsletter'; a `currency` field
reads the ISO code the document's amounts are written in."""

from __future__ import annotations

import re

from fieldwise.extraction.candidates import Candidate
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.meaning import GENERIC, FieldMeaning, concepts, lexicon
from fieldwise.extraction.normalize import find_amounts
from fieldwise.extraction.normalize.numbers import CODES
from fieldwise.extraction.result import Evidence


_CODE = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])")
_TICKED = re.compile(r"^\s*(?:[☑☒✓✔✗✘xX]|\[\s*[xX✓✔]\s*\]|\(\s*[xX✓✔]\s*\))\s+(?=\w)")
_EMPTY = re.compile(r"^\s*(?:[☐□❏]|\[\s*\]|\(\s*\))\s*(?=\w)")


def status_candidates(index: DocIndex, meaning: FieldMeaning) -> list[Candidate]:
    """For a boolean field: every short line or 'Label: value' that says the field's own status word, or its
    opposite ('PAID', 'bezahlt'; 'unpaid', 'offen')."""
    if meaning.spec.data_type != "boolean":
        return []
    opposites = lexicon().opposites
    yes = {c for c in meaning.name if c in opposites}
    no = {opposites[c] for c in yes}
    if not yes:
        return []
    out: list[Candidate] = []
    for line in index.lines:
        text = line.text
        value = text.split(":", 1)[1] if ":" in text else text
        if len(value.split()) > 4:
            continue
        said = set(concepts(value))
        if said & no:
            out.append(Candidate(False, line.evidence(), 0.7, "status", ocr_confidence=line.confidence))
        elif said & yes:
            out.append(Candidate(True, line.evidence(), 0.7, "status", ocr_confidence=line.confidence))
    return out


def checkbox_candidates(index: DocIndex, meaning: FieldMeaning) -> list[Candidate]:
    """For a boolean field: a short line naming the field after a check box, true when ticked ('X Newsletter',
    '[x] Nieuwsbrief'), false when empty ('☐ Newsletter'). On a form that ticks some boxes, a line naming the field
    with no box at all is an unticked one whose empty square the text layer did not keep."""
    if meaning.spec.data_type != "boolean":
        return []
    named = {c for c in meaning.name if c not in GENERIC}
    if not named:
        return []
    lines = [line for line in index.lines if len(line.text) <= 120]
    checklist = any(_TICKED.match(line.text) or _EMPTY.match(line.text) for line in lines)
    out: list[Candidate] = []
    for line in lines:
        ticked, empty = _TICKED.match(line.text), _EMPTY.match(line.text)
        mark = ticked or empty
        rest = line.text[mark.end():] if mark is not None else line.text
        if len(rest.split()) > 10 or not named & set(concepts(rest, keep_unknown=True)):
            continue
        if ticked or empty:
            out.append(Candidate(bool(ticked), line.evidence(), 0.75, "checkbox", ocr_confidence=line.confidence))
        elif checklist and ":" not in rest:
            out.append(Candidate(False, line.evidence(), 0.5, "checkbox", ocr_confidence=line.confidence))
    return out


def currency_candidates(index: DocIndex, meaning: FieldMeaning) -> list[Candidate]:
    """For a currency field: the ISO code most of the document's amounts are written with."""
    if meaning.spec.data_type != "string" or "currency" not in meaning.name:
        return []
    seen: dict[str, float] = {}  # amounts written with it count 1, the code alone a half
    where: dict[str, Evidence] = {}
    for line in index.lines:
        for amount in find_amounts(line.text):
            if amount.currency:
                seen[amount.currency] = seen.get(amount.currency, 0.0) + 1
                where.setdefault(amount.currency, line.evidence(amount.raw))
        for code in _CODE.findall(line.text):  # 'Beträge in EUR', 'Währung EUR': a code standing on its own
            if code in CODES:
                seen[code] = seen.get(code, 0.0) + 0.5
                where.setdefault(code, line.evidence(code))
    if not seen:
        return []
    total = sum(seen.values())
    return [Candidate(code, where[code], round(0.3 + 0.3 * count / total, 3), "currency")
            for code, count in sorted(seen.items(), key=lambda item: -item[1])[:3]]
