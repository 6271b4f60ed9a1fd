"""The value a label points at, typed for the field: an identifier's token, a currency's ISO code, an amount
(marked ones first, never a percentage), a range's first or last date, a name of the right shape."""

from __future__ import annotations

import re

from fieldwise.extraction.candidates import type_value
from fieldwise.extraction.meaning import FieldMeaning, shape
from fieldwise.extraction.normalize import find_amounts, find_dates
from fieldwise.extraction.normalize.identifiers import grouped_identifier, iban_valid, isin_valid
from fieldwise.extraction.normalize.numbers import CODES, SYMBOLS
from fieldwise.extraction.org_names import name_without_address

_RANGE = re.compile(r"^\s*(?:-|–|—|to|until|till|thru|through|bis|bis zum|au|à|jusqu'au|al|a|hasta|hasta el|tot|"
                    r"tot en met|t/m|fino al|al|até|até ao|a)\s*$", re.IGNORECASE)
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-/.]*[A-Za-z0-9]$|^\d$")
_TRAILING_CODE = re.compile(r"\s*\(\s*[A-Z]?\d[\d\s-]*[A-Z]?\s*\)\s*$")  # 'Moore for Congress (136642)'
_CURRENCY_NAMES = {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP",
                   "pounds": "GBP", "franken": "CHF", "francs": "CHF", "yen": "JPY"}


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
    digit (or capitals joined by '-', 'INV-ABC'), and neither a date, an amount nor a clause number ('12.2.').
    An IBAN or card number printed in groups is read whole when its check digits hold."""
    grouped = grouped_identifier(text)
    if grouped:
        return grouped
    token = text.split()[0].strip(",;:()[]") if text.split() else ""
    token = token.rstrip(".") if re.fullmatch(r"[\d.]+", token) is None else token
    coded = re.fullmatch(r"[A-Z][A-Z0-9]*(?:[-_/][A-Z0-9]+)+", token)  # 'INV-BYTES': a code without figures
    if not (re.search(r"\d", token) or coded) or len(token) > 40 or not _IDENTIFIER.match(token):
        return None
    if re.fullmatch(r"\d+(?:\.\d+)+\.?|\d{1,2}", token) or find_dates(token) or re.fullmatch(r"\d{1,3}(,\d{3})*\.\d{2}", token):
        return None
    return token


_FUNCTION_WORDS = frozenset(["is", "are", "was", "were", "be", "been", "being", "will", "shall", "may", "must", "can", "should", "would", "the", "a", "an", "to", "that", "this", "which", "with", "not", "prior", "if", "when", "ist", "sind", "wird", "werden", "der", "die", "das", "und", "nicht", "est", "sont", "sera", "les", "une", "des", "pas", "que", "qui", "es", "son", "será", "los", "las", "una", "que", "no", "è", "sono", "sarà", "gli", "che", "non", "het", "zijn", "wordt", "niet", "dat", "é", "são", "será", "os", "uma", "não"])


def _without_trailing_dates(value: str, day_first: bool) -> str:
    """A name followed on its line by a date of another column ('POL/ Congressional Fund PAC 04/10/20') ends
    before the date."""
    dates = find_dates(value, day_first)
    while dates and not value[dates[-1].end:].strip() and value[:dates[-1].start].strip(" -,/"):
        value = value[:dates[-1].start].rstrip(" -,/")
        dates = find_dates(value, day_first)
    return value


def running_text(value: str) -> bool:
    """Whether a value reads as part of a sentence rather than a name or a code: several function words ('is',
    'the', 'to' ...), a web address, a clause number ('3.9. Billing.'), or a lower-case start and a full stop."""
    words = value.split()
    function = sum(w.lower().strip(",.;:") in _FUNCTION_WORDS for w in words)
    return (function >= 2 and len(words) >= 5 or "http" in value.lower() or "www." in value.lower()
            or re.match(r"\d+(?:\.\d+)+\.?\s", value) is not None
            or value[:1].islower() and value.rstrip().endswith((".", ","))
            or value[:1].islower() and len(words) >= 4 and function >= 1)


def _checks(token: str, meaning: FieldMeaning) -> bool:
    if meaning.asks("iban") and "iban" in meaning.name:
        return iban_valid(token)
    if meaning.asks("isin") and "isin" in meaning.name:
        return isin_valid(token)
    return True


def asks_range(meaning: FieldMeaning) -> bool:
    return meaning.spec.data_type == "date" and any(meaning.asks(q) for q in ("start", "end", "expiry"))


def range_part(text: str, meaning: FieldMeaning, day_first: bool) -> str | None:
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


def several_values(text: str, meaning: FieldMeaning, day_first: bool) -> bool:
    """Whether the text holds more than one value of the field's kind (a row of amounts): the label alone does not
    say which is the field's."""
    kind = meaning.spec.data_type
    if kind in ("float", "integer"):
        return len([a for a in find_amounts(text) if not _date_like(text, a.start, a.end)]) > 1
    if kind == "date":
        return len(find_dates(text, day_first)) > 1 and range_part(text, meaning, day_first) is None
    return False


def _read(text: str, meaning: FieldMeaning, day_first: bool) -> tuple[object, str | None] | None:
    spec = meaning.spec
    text = text.strip(" :=#\t")
    if not text:
        return None
    if spec.data_type == "date":
        ranged = range_part(text, meaning, day_first)
        if ranged:
            return ranged, None
    if meaning.asks("currency") and spec.data_type == "string":
        code = currency_code(text)
        return (code, None) if code else None
    if meaning.identifier:
        token = _identifier(text)
        if token and not _checks(token, meaning):
            return None  # 'FR21' cut from an IBAN: an identifier with check digits must pass them
        return (token, None) if token else None
    if spec.data_type in ("float", "integer"):
        dates = find_dates(text, day_first)  # '8 juillet 2022' holds no amount 8
        amounts = [a for a in find_amounts(text) if not _date_like(text, a.start, a.end)
                   and not any(d.start <= a.start < d.end for d in dates)]
        if not meaning.asks("rate"):
            amounts = [a for a in amounts if not text[a.end:a.end + 2].strip().startswith("%")]
        if len(amounts) > 1 and spec.data_type == "float":
            marked = [a for a in amounts if a.currency or a.has_cents]
            amounts = marked or amounts
        if not amounts:
            return None
        typed = type_value(amounts[0].raw, spec, day_first)
        return (typed.value, typed.unit) if typed else None
    if spec.data_type == "string" and meaning.money:
        money = [a for a in find_amounts(text) if (a.currency or a.has_cents) and not _date_like(text, a.start, a.end)]
        if money:  # 'Total due (EUR) 1,487.50' asked as a string: the amount as the page prints it
            return money[0].raw.strip(), money[0].currency
    typed = type_value(text, spec, day_first)
    if typed is None or typed.value in (None, "", []):
        return None
    if spec.data_type in ("string", "list"):
        value = typed.value[0] if isinstance(typed.value, list) else typed.value
        value = _TRAILING_CODE.sub("", value) or value
        value = _without_trailing_dates(value, day_first)
        if meaning.qualifiers.get("party_role") and not meaning.asks("address"):
            value = name_without_address(value)
        typed = type_value(value, spec, day_first) or typed
        if meaning.example and shape(value) != meaning.example:
            return None  # the description's example says what the value looks like ('e.g. 2 years')
        if len(value.split()) > 12 or not re.search(r"[^\W\d_]{2}", value) or find_dates(value) and len(value) < 20:
            return None
        if not meaning.asks("email") and running_text(value):
            return None  # a sentence of the terms that happens to start with the label's word
    return typed.value, typed.unit


def _date_like(text: str, start: int, end: int) -> bool:
    return text[max(start - 1, 0):start] in ("/", ":", ".") or text[end:end + 1] in ("/", ":")
