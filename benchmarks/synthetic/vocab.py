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
    """One document's vocabulary: a language, a Faker locale, and a random source to draw spellings from."""

    language: str
    locale: str
    rng: random.Random

    @property
    def data(self) -> dict:
        return load(self.language)

    def format(self, key: str):
        """A format setting (decimal, dates, currencies ...), the locale's override first."""
        return self.data.get("locale", {}).get(self.locale, {}).get(key, self.data["format"][key])

    def label(self, key: str) -> str:
        return self.rng.choice(self.data["label"][key])

    def title(self, kind: str) -> str:
        return self.rng.choice(self.data["title"][kind])

    def letter(self, key: str) -> str:
        return self.rng.choice(self.data["letter"][key])

    def pick(self, key: str) -> str:
        return self.rng.choice(self.format(key))
