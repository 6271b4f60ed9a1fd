"""Concepts found by where things sit on a page: who issued it (top), its address (under the issuer), the total
(a "total" line near the bottom, agreeing with the amounts around it)."""

from __future__ import annotations

import re
from decimal import Decimal

from fieldwise.documents.model import BBox
from fieldwise.extraction.address_words import ADDRESS_WORDS, repair_address
from fieldwise.extraction.candidates import Candidate, Signals, clean_string
from fieldwise.extraction.index import DocIndex, LineRef
from fieldwise.extraction.layout_words import pattern, words
from fieldwise.extraction.normalize import find_amounts
from fieldwise.extraction.org_names import LEGAL_SUFFIX, suffix_only
from fieldwise.extraction.result import Evidence

ORG_SUFFIX = pattern(words("business", "names"), tail=r"\.?")
# A legal entity's suffix says more about who issued a document than a trade word ("restaurant", "mart"): a
# receipt's brand line often sits above the company that runs it.
_NOT_NAME = re.compile(
    r"\b(receipt|invoice|tax|gst|tel|fax|phone|email|www|http|cashier|date|time|table|bill|no\.?\s*:|reg|"
    r"welcome|thank|order|counter|document|official|simplified|copy|member|total|qty|number|cash|change|amount|"
    r"price|item|items|subtotal|not\s+a|chit|prepay|receipt|slip)\b", re.IGNORECASE,
)
ADDRESS_WORD = pattern(words("address", "starts"))
_ADDRESS_STOP = re.compile(r"\b(tel|fax|phone|email|e-mail|www|g[s5]t|reg|co\.?\s*no|company no|website|h/p|hp)\b|@",
                           re.IGNORECASE)
POSTCODE = re.compile(r"\b\d{5}(?:-\d{4})?\b|\b\d{2}\s\d{3}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b")
_TOTAL = re.compile(r"\b(total|amount\s+(?:paid|due|payable)|balance\s+due|grand|nett?|jumlah|"
                    r"to\s+(?:be\s+)?pa(?:y|id)|payable)\b", re.IGNORECASE)
_NOT_TOTAL = re.compile(r"sub[\s-]*total|total\s*:?\s*(?:qty|quantity|items?|disc|discount|savings?|tax|gst|sst|vat|"
                        r"points|saving|weight|units?|stamps?)|items?\s*(?:\(s\))?\s*total|excl|exclusive|before|"
                        r"\b(?:qty|item\s+count|change|tender(?:ed)?|accepted|discount|saving)\b|"
                        r"\b(?:gst|tax|vat|sst)\b.*\btotal|rounding\s+adj|adjustment", re.IGNORECASE)
_STRONG_TOTAL = re.compile(r"round|grand|incl|inclusive|after|nett?\b|amount\s+(?:paid|due|payable)|to\s+(?:be\s+)?pa|"
                           r"total\s*\(?(?:rm|myr|\$)|payable", re.IGNORECASE)
_ROUNDED = re.compile(r"\brounded\b|\bafter\s+rounding\b", re.IGNORECASE)
_TENDER = re.compile(r"\b(cash|tender(?:ed)?|accepted|paid|payment|visa|master|card)\b", re.IGNORECASE)
_CHANGE = re.compile(r"\b(change|baki)\b", re.IGNORECASE)
_SUMMARY = re.compile(r"summary|tax\s+code|amt\s*\(|tax\s*\(", re.IGNORECASE)


def _top_lines(index: DocIndex, count: int = 10) -> list[LineRef]:
    return [line for line in index.lines if line.page == 1][:count]


def _only_place_words(text: str) -> bool:
    """A line of nothing but address words ('JOHOR', 'KUALA LUMPUR') names a place, not who issued the document."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    return bool(words) and all(w in ADDRESS_WORDS for w in words)


def _name_score(line: LineRef, rank: int) -> float:
    text = company_name(line.text)
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or _only_place_words(text) or suffix_only(text) and rank == 0:
        return 0.0
    score = 0.35 - 0.03 * rank
    if LEGAL_SUFFIX.search(text):
        score += 0.55
    elif ORG_SUFFIX.search(text):
        score += 0.4
    upper = sum(c.isupper() for c in letters) / len(letters)
    score += 0.1 * upper
    digits = sum(c.isdigit() for c in text)
    score -= 0.08 * min(digits, 5)
    if _NOT_NAME.search(text):
        score -= 0.4
    if ADDRESS_WORD.search(text) and not ORG_SUFFIX.search(text):
        score -= 0.25
    return max(score, 0.0)


_REGISTRATION = re.compile(
    r"\s*[\(\[]?\s*(?:co\.?\s*(?:reg\.?\s*)?no\.?\s*:?\s*)?[A-Z]?\d{4,}[\s-]*[A-Z]\b\s*[\)\]]?.*$", re.IGNORECASE)
_REGISTRATION_LINE = re.compile(r"^\s*[\(\[<]?\s*[A-Z]{0,3}\d{4,}[\s-]*[A-Z]?\s*[\)\]>]?(?:\s+|$)")
_CODE = re.compile(r"\s+[A-Z]\d{4,}\b(?!-)")  # a branch or till code printed inside the name line
_CONTINUES = re.compile(r"^(?:\(|&|and\b|co\b|sdn\b|bhd\b|s/b\b|enterprise|trading|restaurant|store|mart)", re.IGNORECASE)


def company_name(text: str) -> str:
    """A business name without the registration number printed after it: 'AEON CO. (M) BHD (126926-H)'.
    An opening parenthesis gets the space before it that OCR often drops: 'AEON CO.(M)' -> 'AEON CO. (M)'."""
    text = re.sub(r"\b[5S]\s?/\s?[B8]\b", "S/B", text)  # Sdn Bhd abbreviated, as OCR confuses it
    text = re.sub(r"(?<=[^\s(\[])\(", " (", text)
    return clean_string(_REGISTRATION.sub("", _CODE.sub("", text)))


def _ends_a_name(above: LineRef, line: LineRef) -> bool:
    """Whether `line`, short and ending in a legal form ('Maschinenbau GmbH'), carries on the name of the line
    just above it ('Müller & Söhne'): the two start at the same left edge, nothing but a name stands above, and
    no line's height lies between them."""
    text = line.text.strip()
    m = LEGAL_SUFFIX.search(text)
    if m is None or len(text[:m.start()].split()) > 2 or above.page != line.page:
        return False
    gap = line.bbox.y0 - above.bbox.y1
    return (abs(above.bbox.x0 - line.bbox.x0) < _ALIGNED and -0.2 * line.bbox.height < gap < line.bbox.height
            and _wrapped_name(above) and not LEGAL_SUFFIX.search(above.text))


_ALIGNED = 0.01  # left edges this close (a fraction of the page's width) start one block


def _with_neighbours(top: list[LineRef], at: int) -> list[LineRef]:
    """A name broken over lines: 'POPULAR BOOK' above 'CO. (M) SDN BHD', 'Müller & Söhne' above 'Maschinenbau
    GmbH', a lone 'GmbH' under its name, or an opened '(' closed below."""
    chosen = [top[at]]
    if at > 0 and (_CONTINUES.match(top[at].text.strip()) and _name_score(top[at - 1], 0) > 0.3
                   or suffix_only(top[at].text) or _ends_a_name(top[at - 1], top[at])):
        chosen.insert(0, top[at - 1])
    while at - len(chosen) >= 0 and len(chosen) < 3 and (
            " ".join(l.text for l in chosen).count(")") > " ".join(l.text for l in chosen).count("(")):
        chosen.insert(0, top[at - len(chosen)])  # "ALAM) SDN BHD" closes a name opened on the lines above
    text = " ".join(l.text for l in chosen)
    if text.count("(") > text.count(")") and at + 1 < len(top) and len(top[at + 1].text) < 40:
        chosen.append(top[at + 1])
    elif at + 2 < len(top) and _REGISTRATION_LINE.fullmatch(top[at + 2].text.strip()) and _wrapped_name(top[at + 1]):
        chosen.append(top[at + 1])  # "RESTAURANT JIAWEI" / "JIAWEI HOUSE" / "(002693074-K)": it ends at its number
    return chosen


def _wrapped_name(line: LineRef) -> bool:
    text = line.text.strip()
    return (bool(re.fullmatch(r"(?:[^\W\d_]|[&'.\- ]){3,40}", text)) and not _NOT_NAME.search(text)
            and not ADDRESS_WORD.search(text))


def issuer_candidates(index: DocIndex) -> list[Candidate]:
    """Names of who issued a document: lines at the top of the first page that look like a business name."""
    out = []
    top = _top_lines(index)
    for rank, line in enumerate(top):
        score = _name_score(line, rank)
        if score > 0.1:
            lines = _with_neighbours(top, rank)
            text = company_name(" ".join(l.text for l in lines))
            if not text:
                continue
            evidence = Evidence(" ".join(l.text for l in lines), line.page, BBox.union(l.bbox for l in lines))
            out.append(Candidate(text, evidence, min(score, 1.0), "issuer", None, line.confidence,
                                 signals=Signals(rank=rank)))
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
        if not ADDRESS_WORD.search(first.text) and (_REGISTRATION_LINE.fullmatch(first.text.strip())
                                                    or not re.search(r"[A-Za-z]{2}", first.text)):
            continue  # "(65351-M)" or "31801.017": a number alone does not start an address
        chosen = [first]
        above = top[start - 1] if start > 0 else None
        if above is not None and re.match(r"\d", above.text.strip()) and not (
                _REGISTRATION_LINE.match(above.text) or _ADDRESS_STOP.search(above.text)
                or ORG_SUFFIX.search(above.text) or _NOT_NAME.search(above.text) or len(above.text) > 60):
            chosen.insert(0, above)  # "22 LRG PERUSAHAAN 4": the first line of an address need not name a street
        following = top[start + 1:start + 5]
        for number, line in enumerate(following):
            if _ADDRESS_STOP.search(line.text) or _NOT_NAME.search(line.text):
                break
            chosen.append(line)
            rest = following[number + 1] if number + 1 < len(following) else None
            if POSTCODE.search(line.text) and (rest is None or not ADDRESS_WORD.search(rest.text)):
                break
        while len(chosen) > 1 and not (ADDRESS_WORD.search(chosen[-1].text) or POSTCODE.search(chosen[-1].text)
                                       or chosen[-2].text.rstrip().endswith(",")):
            chosen.pop()  # a line after a trailing comma continues the address
        text = clean_string(_REGISTRATION_LINE.sub("", " ".join(l.text for l in chosen)))
        if text.count('"') % 2:
            text = text.replace('"', "")  # a lone quote mark is a speck the OCR read, not a quotation
        if first.confidence is not None:  # OCR'd: put right the address words it misread ("JA:AN")
            text = repair_address(text)
        words = len(ADDRESS_WORD.findall(text))
        score = 0.3 + 0.1 * min(words, 4) + (0.2 if POSTCODE.search(text) else 0.0) - 0.02 * start
        confidences = [l.confidence for l in chosen if l.confidence is not None]
        evidence = Evidence(" ".join(l.text for l in chosen), first.page, BBox.union(l.bbox for l in chosen))
        out.append(Candidate(text, evidence, min(score, 1.0), "address", None,
                             min(confidences) if confidences else None))
        break
    return out


def _amounts(text: str) -> list[Decimal]:
    return [a.amount for a in find_amounts(text) if a.has_cents and a.amount > 0]


def _tail_amount(index: DocIndex, pattern: re.Pattern[str]) -> tuple[Decimal, LineRef] | None:
    for line in index.lines:
        if pattern.search(line.text):
            amounts = _amounts(line.text)
            if amounts:
                return amounts[-1], line
    return None


def total_candidates(index: DocIndex) -> list[Candidate]:
    """The amount on a "total"-like line (or just below it), what was tendered less the change, and the largest
    amount as a last resort; agreement between them adds support when they are merged."""
    out: list[Candidate] = []
    count = len(index.lines)
    for line in index.lines:
        if not _TOTAL.search(line.text) or _NOT_TOTAL.search(line.text):
            continue
        amounts = _amounts(line.text)
        where = line
        if not amounts and line.position + 1 < count:
            where = index.lines[line.position + 1]
            amounts = _amounts(where.text) if not (_TOTAL.search(where.text) or _NOT_TOTAL.search(where.text)) else []
        if not amounts:
            continue
        above = " ".join(l.text for l in index.lines[max(line.position - 4, 0):line.position])
        score = 0.55 + (0.2 if _STRONG_TOTAL.search(line.text) else 0.0) + 0.1 * line.bbox.cy
        if _ROUNDED.search(line.text):
            score += 0.1  # "Net Total Rounded": the figure after rounding is what was paid
        if len(amounts) > 1 or _SUMMARY.search(above):
            score -= 0.25  # a tax summary's columns: net and tax, not the total
        evidence = Evidence(line.text if where is line else f"{line.text} {where.text}", line.page,
                            BBox.union([line.bbox, where.bbox]))
        out.append(Candidate(float(amounts[-1]), evidence, min(score, 1.0), "total", _currency(line.text),
                             where.confidence))
    tendered, change = _tail_amount(index, _TENDER), _tail_amount(index, _CHANGE)
    if tendered and change and tendered[0] > change[0]:
        lines = [tendered[1], change[1]]
        evidence = Evidence(" / ".join(l.text for l in lines), lines[0].page, BBox.union(l.bbox for l in lines))
        out.append(Candidate(float(tendered[0] - change[0]), evidence, 0.5, "tendered_less_change",
                             _currency(tendered[1].text), min(l.confidence or 1.0 for l in lines)))
    plain = [(a, l) for l in index.lines if not _TENDER.search(l.text) and not _CHANGE.search(l.text)
             for a in _amounts(l.text)]
    if plain:
        biggest, line = max(plain, key=lambda pair: (pair[0], pair[1].position))
        out.append(Candidate(float(biggest), line.evidence(), 0.3, "largest", _currency(line.text), line.confidence))
    return out


def _currency(text: str) -> str | None:
    for money in find_amounts(text):
        if money.currency:
            return money.currency
    return None
