"""Numbers and money in text -> Decimal, with either decimal separator, and the ISO 4217 code of the currency."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SYMBOLS: dict[str, str] = {
    "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "RM": "MYR", "S$": "SGD", "A$": "AUD",
    "C$": "CAD", "HK$": "HKD", "R$": "BRL", "₩": "KRW", "₽": "RUB", "CHF": "CHF", "₺": "TRY", "zł": "PLN", "Rp": "IDR",
}
CODES = frozenset(
    "USD EUR GBP JPY CNY INR MYR SGD AUD CAD HKD BRL KRW RUB CHF TRY PLN IDR THB PHP VND MXN SEK NOK DKK NZD ZAR "
    "AED SAR CZK HUF ILS ARS CLP COP PEN".split()
)
_CURRENCY = r"(?:US\$|HK\$|[SACR]\$|[$€£¥₹₩₽₺]|\bRM|\bRp|\bzł|\b[A-Z]{3}\b)"
_NUMBER = r"[-−]?\(?\d{1,3}(?:[,.’'\u00a0\u202f]\d{3}(?!\d))+(?:[.,]\d+)?\)?|[-−]?\(?\d+(?:[.,]\d+)?\)?"
_AMOUNT = re.compile(
    r"(?P<sign>[-−](?=\s?(?:US\$|HK\$|[SACR]\$|[$€£¥₹₩₽₺])))?"  # '-$192.29': the sign before the symbol
    r"(?P<pre>" + _CURRENCY + r")?\s?(?P<num>" + _NUMBER + r")(?:\s?(?P<post>" + _CURRENCY + r")(?!\s?[\d(]))?"
)


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str | None
    raw: str
    start: int = 0
    end: int = 0

    @property
    def has_cents(self) -> bool:
        return bool(re.search(r"[.,]\d{2}\)?$", self.raw.rstrip(" " + "".join(SYMBOLS) + "ABCDEFGHIJKLMNOPQRSTUVWXYZ")))


_DECIMAL: ContextVar[str | None] = ContextVar("decimal_separator", default=None)
_UNAMBIGUOUS = re.compile(r"(?<![\d.,])\d{1,3}(?:([.,])\d{3})*([.,])\d{2}(?![\d.,])")


def read_convention(text: str, margin: int = 2) -> str | None:
    """The decimal separator a document writes, from its own amounts with cents ('1.234,56', '12,50' against
    '1,234.56', '12.50'): ',' or '.', or None when its evidence does not settle it by `margin` amounts."""
    votes = {",": 0, ".": 0}
    for m in _UNAMBIGUOUS.finditer(text):
        thousands, decimal = m.group(1), m.group(2)
        if thousands != decimal:
            votes[decimal] += 1
    if votes[","] >= votes["."] + margin:
        return ","
    if votes["."] >= votes[","] + margin:
        return "."
    return None


def current_convention() -> str | None:
    """The decimal separator in force for the document being read (None: ambiguous '1,363' is a thousands group)."""
    return _DECIMAL.get()


@contextmanager
def convention(decimal: str | None) -> Iterator[None]:
    """Read ambiguous numbers ('1,363', '2.500') of one document with its own decimal separator."""
    token = _DECIMAL.set(decimal)
    try:
        yield
    finally:
        _DECIMAL.reset(token)


def parse_number(text: str) -> Decimal | None:
    """'1,234.56', '1.234,56', '1 234,56', '(12.00)', '-7' -> Decimal; None when there is no number."""
    m = re.search(_NUMBER, text.strip())
    return _to_decimal(m.group(0)) if m else None


def _to_decimal(raw: str) -> Decimal | None:
    negative = raw.startswith(("-", "−")) or (raw.startswith("(") and raw.endswith(")"))
    digits = raw.strip("-−() ")
    digits = re.sub(r"[ ’'\u00a0\u202f]", "", digits)
    last_dot, last_comma = digits.rfind("."), digits.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_sep = "." if last_dot > last_comma else ","
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        head, tail = digits.rsplit(sep, 1)
        if digits.count(sep) > 1:
            decimal_sep = ""
        elif len(tail) != 3 or head in ("0", ""):  # '0,625': no thousands group starts with 0
            decimal_sep = sep
        else:  # '1,363': a thousands group or three decimals, as the document writes its numbers
            decimal_sep = sep if _DECIMAL.get() == sep else ""
    else:
        decimal_sep = ""
    thousands = {".", ","} - {decimal_sep}
    for t in thousands:
        digits = digits.replace(t, "")
    if decimal_sep:
        digits = digits.replace(decimal_sep, ".")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    return -value if negative else value


def parse_integer(text: str) -> int | None:
    value = parse_number(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def _currency(token: str | None) -> str | None:
    if not token:
        return None
    if token in SYMBOLS:
        return SYMBOLS[token]
    return token if token in CODES else None


def find_amounts(text: str) -> list[Money]:
    """Every number in `text` with the currency written next to it, if any."""
    out: list[Money] = []
    for m in _AMOUNT.finditer(text):
        amount = _to_decimal(m.group("num"))
        if amount is None:
            continue
        if m.group("sign") and amount > 0:
            amount = -amount
        pre, post = _currency(m.group("pre")), _currency(m.group("post"))
        start = m.start() if pre else m.start("num")
        end = m.end() if post else m.end("num")
        out.append(Money(amount, pre or post, text[start:end].strip(), start, end))
    return _spaced_thousands(text, out)


_GROUP = re.compile(r"\d{3}(?:[.,]\d{1,2})?")


def _spaced_thousands(text: str, found: list[Money]) -> list[Money]:
    """'7 209,28' is one amount when it is the only figure on its line (French, Nordic and Swiss print thousands
    apart with a plain space); in a row of figures ('18 209,82 3 776,76': a quantity, a price, a total) it stays
    apart, as nothing tells the groups from the columns."""
    if not 2 <= len(found) <= 4 or not re.fullmatch(r"\d{1,3}", found[0].raw.lstrip("".join(SYMBOLS) + " ")):
        return found
    for m, following in zip(found, found[1:]):
        between = text[m.end:following.start]
        if between != " " or not _GROUP.fullmatch(following.raw.rstrip(" " + "".join(SYMBOLS)).rstrip(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZ ").lstrip()) or following is not found[-1] and following.currency:
            return found
    raw = text[found[0].start:found[-1].end]
    amount = _to_decimal(re.sub(r"[^\d.,\-−()]", "", raw.replace(" ", "")))
    if amount is None:
        return found
    currency = next((m.currency for m in found if m.currency), None)
    return [Money(amount, currency, raw.strip(), found[0].start, found[-1].end)]


def parse_money(text: str) -> Money | None:
    """The first amount in `text`; its currency from a symbol or code beside it (None when unmarked)."""
    found = find_amounts(text)
    return found[0] if found else None
