"""How one document prints numbers, money and dates: the locale's separators, date pattern and month names.

Each Printer is drawn once per document (one date pattern, one currency style), as a real issuer prints
them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from benchmarks.synthetic.vocab import Words

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "BRL": "R$"}


@dataclass
class Printer:
    words: Words
    date_pattern: str
    currency: str
    money_style: str  # "symbol" or "code"

    @classmethod
    def draw(cls, words: Words) -> "Printer":
        return cls(words, words.choose("printer:dates", words.format("dates")),
                   words.choose("printer:currencies", words.format("currencies")),
                   words.choose("printer:money", ["symbol", "code"]))

    def number(self, value: float, decimals: int = 2) -> str:
        text = f"{abs(value):,.{decimals}f}"
        thousands, decimal = self.words.format("thousands"), self.words.format("decimal")
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
        return ("-" if value < 0 else "") + text

    @property
    def currency_mark(self) -> str:
        return SYMBOLS[self.currency] if self.money_style == "symbol" else self.currency

    def money(self, value: float, decimals: int = 2) -> str:
        """The amount with its currency mark: `$1,234.56` in English, `1.234,56 €` elsewhere."""
        number = self.number(value, decimals)
        if self.words.language == "en" and self.money_style == "symbol":
            sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
            return f"{sign}{self.currency_mark}{digits}"
        return f"{number} {self.currency_mark}"

    def date(self, day: date) -> str:
        months = self.words.format("months")
        return self.date_pattern.format(d=day.day, dd=f"{day.day:02d}", mm=f"{day.month:02d}", yyyy=day.year,
                                        month=months[day.month - 1], mon=months[day.month - 1][:3])

    def boolean(self, value: bool) -> str:
        return self.words.pick("yes" if value else "no")
