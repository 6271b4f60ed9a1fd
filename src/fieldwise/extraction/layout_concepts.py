"""Concepts found by where things sit on a page: who issued it (top), its address (under the issuer), the total
(a "total" line near the bottom, agreeing with the amounts around it)."""

from __future__ import annotations

import re
from decimal import Decimal

from fieldwise.extraction.candidates import Candidate, clean_string
from fieldwise.extraction.index import DocIndex, LineRef
from fieldwise.extraction.normalize import find_amounts
from fieldwise.extraction.result import Evidence
from fieldwise.documents.model import BBox

ORG_SUFFIX = re.compile(
    r"\b(sdn\.?\s*bhd|bhd|berhad|inc|incorporated|llc|l\.l\.c|ltd|limited|plc|corp|corporation|co|company|gmbh|"
    r"s\.?a|s\.?l|s\.?r\.?l|b\.?v|n\.?v|ag|pty|lp|llp|enterprise|enterprises|trading|store|stores|restaurant|"
    r"restoran|mart|supermarket|bakery|cafe|hardware|pharmacy|hotel|kedai|shop|market|station|centre|center)\b\.?",
    re.I,
)
_NOT_NAME = re.compile(
    r"\b(receipt|invoice|tax|gst|tel|fax|phone|email|www|http|cashier|date|time|table|bill|no\.?\s*:|reg|"
    r"welcome|thank|order|counter|document|official|simplified|copy|member|total|qty)\b", re.I,
)
ADDRESS_WORD = re.compile(
    r"\b(jalan|jln|lorong|taman|tmn|lot|no\.?|street|st\.?|road|rd\.?|avenue|ave|blvd|boulevard|lane|drive|floor|"
    r"flr|level|blok|block|bandar|kampung|kg|persiaran|off|suite|building|plaza|mall|park|industrial|"
    r"perindustrian|seksyen|section|km|batu|city|selangor|kuala|lumpur|johor|penang|melaka|perak|sabah|"
    r"sarawak|kedah|pahang|negeri|darul|ehsan|malaysia|singapore)\b", re.I,
)
_ADDRESS_STOP = re.compile(r"\b(tel|fax|phone|email|e-mail|www|gst|reg|co\.?\s*no|company no|website|h/p|hp)\b|@",
                           re.I)
POSTCODE = re.compile(r"\b\d{5}(?:-\d{4})?\b|\b\d{2}\s\d{3}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b")
_TOTAL = re.compile(r"\b(total|amount\s+(?:paid|due|payable)|balance\s+due|grand|nett?|jumlah|to\s+pay|payable)\b",
                    re.I)
_NOT_TOTAL = re.compile(r"sub[\s-]*total|total\s*(?:qty|quantity|items?|disc|discount|savings?|tax|gst|sst|excl|"
                        r"points|saving|weight|units?)|\b(?:qty|item|gst|tax|sst|change|tender|cash|discount|saving)"
                        r"\b", re.I)
_STRONG_TOTAL = re.compile(r"round|grand|incl|nett?|amount\s+(?:paid|due|payable)|to\s+pay|total\s*\(?rm|payable",
                           re.I)


def _top_lines(index: DocIndex, count: int = 10) -> list[LineRef]:
    return [line for line in index.lines if line.page == 1][:count]


def _name_score(line: LineRef, rank: int) -> float:
    text = line.text.strip()
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return 0.0
    score = 0.35 - 0.03 * rank
    if ORG_SUFFIX.search(text):
        score += 0.45
    upper = sum(c.isupper() for c in letters) / len(letters)
    score += 0.1 * upper
    digits = sum(c.isdigit() for c in text)
    score -= 0.08 * min(digits, 5)
    if _NOT_NAME.search(text):
        score -= 0.4
    if ADDRESS_WORD.search(text) and not ORG_SUFFIX.search(text):
        score -= 0.25
    return max(score, 0.0)


def issuer_candidates(index: DocIndex) -> list[Candidate]:
    """Names of who issued a document: lines at the top of the first page that look like a business name."""
    out = []
    for rank, line in enumerate(_top_lines(index)):
        score = _name_score(line, rank)
        if score > 0.1:
            text = clean_string(line.text)
            out.append(Candidate(text, line.evidence(), min(score, 1.0), "issuer", None, line.confidence,
                                 extra={"rank": rank}))
    return out


def address_candidates(index: DocIndex) -> list[Candidate]:
    """A postal address: consecutive lines near the top with address words, numbers and a postcode."""
    top = _top_lines(index, 16)
    out: list[Candidate] = []
    for start, first in enumerate(top):
        if not ADDRESS_WORD.search(first.text) and not POSTCODE.search(first.text):
            continue
        if _ADDRESS_STOP.search(first.text) or ORG_SUFFIX.search(first.text) and not ADDRESS_WORD.search(first.text):
            continue
        chosen = [first]
        for line in top[start + 1:start + 5]:
            if _ADDRESS_STOP.search(line.text) or _NOT_NAME.search(line.text):
                break
            chosen.append(line)
            if POSTCODE.search(line.text) and not ADDRESS_WORD.search(top[min(start + len(chosen), len(top) - 1)].text):
                break
        while len(chosen) > 1 and not (ADDRESS_WORD.search(chosen[-1].text) or POSTCODE.search(chosen[-1].text)):
            chosen.pop()
        text = clean_string(" ".join(l.text for l in chosen))
        words = len(ADDRESS_WORD.findall(text))
        score = 0.3 + 0.1 * min(words, 4) + (0.2 if POSTCODE.search(text) else 0.0) - 0.02 * start
        confidences = [l.confidence for l in chosen if l.confidence is not None]
        evidence = Evidence(text, first.page, BBox.union(l.bbox for l in chosen))
        out.append(Candidate(text, evidence, min(score, 1.0), "address", None,
                             min(confidences) if confidences else None, extra={"lines": len(chosen)}))
        break
    return out


def _amounts(text: str) -> list[Decimal]:
    return [a.amount for a in find_amounts(text) if a.has_cents and a.amount > 0]


def total_candidates(index: DocIndex) -> list[Candidate]:
    """The amount on a "total"-like line (or just below it); agreement between such lines adds support."""
    out: list[Candidate] = []
    count = len(index.lines)
    for line in index.lines:
        if not _TOTAL.search(line.text) or _NOT_TOTAL.search(line.text):
            continue
        amounts = _amounts(line.text)
        where = line
        if not amounts and line.position + 1 < count:
            where = index.lines[line.position + 1]
            amounts = _amounts(where.text) if not _TOTAL.search(where.text) else []
        if not amounts:
            continue
        depth = line.bbox.cy
        score = 0.55 + (0.2 if _STRONG_TOTAL.search(line.text) else 0.0) + 0.15 * depth
        evidence = Evidence(line.text if where is line else f"{line.text} {where.text}", line.page,
                            BBox.union([line.bbox, where.bbox]))
        out.append(Candidate(float(amounts[-1]), evidence, min(score, 1.0), "total", _currency(line.text),
                             where.confidence))
    all_amounts = [(a, l) for l in index.lines for a in _amounts(l.text)]
    if all_amounts:
        biggest, line = max(all_amounts, key=lambda pair: (pair[0], pair[1].position))
        out.append(Candidate(float(biggest), line.evidence(), 0.3, "largest", _currency(line.text), line.confidence))
    return out


def _currency(text: str) -> str | None:
    for money in find_amounts(text):
        if money.currency:
            return money.currency
    return None
