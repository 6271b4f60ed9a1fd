"""Identifiers as issuers print them: document numbers in varied house styles, ISINs with a valid check
digit."""

from __future__ import annotations

import random
import string
from datetime import date

NUMBER_STYLES = ["{p}-{y}-{n:05d}", "{y2}{n:06d}", "{P}{n:07d}", "{AB}/{n}/{y}", "{p}{y}{n:04d}", "{n:08d}",
                 "{AB}-{n:04d}-{k}"]


def document_number(rng: random.Random, prefix: str, day: date) -> str:
    style = rng.choice(NUMBER_STYLES)
    return style.format(p=prefix, P=prefix[0], y=day.year, y2=str(day.year)[2:], n=rng.randrange(1, 10 ** 5),
                        AB="".join(rng.choices(string.ascii_uppercase, k=2)), k=rng.randrange(10, 99))


def isin(rng: random.Random) -> str:
    """A well-formed ISIN: country, nine alphanumerics, and the Luhn check digit over their digits."""
    body = rng.choice(["DE", "FR", "US", "NL", "IT", "ES", "PT", "IE", "LU"])
    body += "".join(rng.choices(string.digits + string.ascii_uppercase[:6], k=3))
    body += "".join(rng.choices(string.digits, k=6))
    digits = "".join(str(int(ch, 36)) for ch in body)
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n // 10 + n % 10
    return body + str((10 - total % 10) % 10)


def reference(rng: random.Random, day: date) -> str:
    style = rng.choice(["{AB}-{n:04d}/{y2}", "{y}/{n:05d}", "{A}-{n:03d}-{m:03d}", "{AB}{n:06d}"])
    letters = "".join(rng.choices(string.ascii_uppercase, k=2))
    return style.format(AB=letters, A=letters[0], n=rng.randrange(1, 10 ** 4), m=rng.randrange(1, 999),
                        y=day.year, y2=str(day.year)[2:])
