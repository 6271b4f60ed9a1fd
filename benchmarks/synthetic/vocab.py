"""The label words and formats of one language, read from vocab/<language>.toml, with per-locale overrides."""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "vocab"
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")


@cache
def load(language: str) -> dict:
    with (FOLDER / f"{language}.toml").open("rb") as handle:
        return tomllib.load(handle)


@dataclass
class Words:
    """One document's vocabulary: a language, a Faker locale, and a random source to draw spellings from.
    `house`: when set, every spelling and format is drawn once per key for that name, so that all documents
    of one sender (a series) print the same labels in the same formats."""

    language: str
    locale: str
    rng: random.Random
    house: str | None = None

    def choose(self, key: str, options: list):
        if self.house is None:
            return self.rng.choice(options)
        return random.Random(f"{self.house}:{key}").choice(options)

    @property
    def data(self) -> dict:
        return load(self.language)

    def format(self, key: str):
        """A format setting (decimal, dates, currencies ...), the locale's override first."""
        return self.data.get("locale", {}).get(self.locale, {}).get(key, self.data["format"][key])

    def label(self, key: str) -> str:
        return self.choose(f"label:{key}", self.data["label"][key])

    def title(self, kind: str) -> str:
        return self.choose(f"title:{kind}", self.data["title"][kind])

    def letter(self, key: str) -> str:
        return self.choose(f"letter:{key}", self.data["letter"][key])

    def pick(self, key: str) -> str:
        return self.choose(f"format:{key}", self.format(key))
