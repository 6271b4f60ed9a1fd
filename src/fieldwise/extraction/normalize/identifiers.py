"""Identifiers printed in groups ('DE85 2082 7878 5790 9733 04', '4111 1111 1111 1111') -> one token, accepted only
when their check digits hold: an IBAN by ISO 13616's mod 97, a card number by Luhn. A masked card number
('**** **** **** 1234') is kept as printed."""

from __future__ import annotations

import re

_IBAN = re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}")
_CARD = re.compile(r"(?:\d{4}[ -]){3}\d{1,7}\b|\d{4}[ -]\d{6}[ -]\d{5}\b")
_MASKED = re.compile(r"(?:[*xX•]{4}[ -]){3}\d{4}\b")


# ISO 13616 registry: the length of an IBAN in each country that issues them.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28,
    "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
    "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19,
    "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}


def iban_valid(text: str) -> bool:
    code = text.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", code) or IBAN_LENGTHS.get(code[:2]) != len(code):
        return False
    digits = "".join(str(int(c, 36)) for c in code[4:] + code[:4])
    return int(digits) % 97 == 1


def luhn_valid(digits: str) -> bool:
    numbers = [int(d) for d in digits if d.isdigit()]
    if not 12 <= len(numbers) <= 19:
        return False
    total = sum(n if i % 2 == 0 else (n * 2 - 9 if n > 4 else n * 2) for i, n in enumerate(reversed(numbers)))
    return total % 10 == 0


def grouped_identifier(text: str) -> str | None:
    """The identifier printed in groups at the start of `text`, joined, when its check digits hold."""
    text = text.lstrip()
    found = _IBAN.match(text)
    if found:
        chunk = found.group(0)
        while len(chunk.replace(" ", "")) >= 15:  # the longest prefix that checks: the next word may be glued on
            if iban_valid(chunk):
                return chunk.replace(" ", "")
            chunk = chunk[:-1].rstrip()
    masked = _MASKED.match(text)
    if masked:
        return masked.group(0)
    card = _CARD.match(text)
    if card and luhn_valid(card.group(0)):
        return re.sub(r"[ -]", "", card.group(0))
    return None


_ISIN = re.compile(r"\b[A-Z]{2}[A-Z0-9]{9}\d\b")
_IBAN_ANYWHERE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")


def isin_valid(code: str) -> bool:
    """ISO 6166: letters as numbers (A=10 ... Z=35), then Luhn over every digit, the check digit included."""
    if not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{9}\d", code):
        return False
    digits = "".join(str(int(c, 36)) for c in code)
    total = sum(n if i % 2 == 0 else (n * 2 - 9 if n > 4 else n * 2)
                for i, n in enumerate(int(d) for d in reversed(digits)))
    return total % 10 == 0


def find_ibans(text: str) -> list[tuple[str, int, int]]:
    """(IBAN, start, end) for every IBAN in `text` whose check digits hold, grouped or not."""
    out = []
    for m in _IBAN_ANYWHERE.finditer(text):
        code = grouped_identifier(m.group(0))
        if code and iban_valid(code):
            out.append((code, m.start(), m.start() + len(m.group(0))))
    return out


def find_isins(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _ISIN.finditer(text) if isin_valid(m.group(0))]


def find_emails(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _EMAIL.finditer(text)]
