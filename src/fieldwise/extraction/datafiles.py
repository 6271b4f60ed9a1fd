"""The engine's word lists and priors, kept as TOML in data/ beside this module and read once per process."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=8)
def load(name: str) -> dict:
    """data/<name>.toml, parsed."""
    return tomllib.loads(resources.files("fieldwise.extraction").joinpath(f"data/{name}.toml").read_text("utf-8"))


def words(name: str, *path: str) -> list[str]:
    """One word list of data/<name>.toml, every locale's forms merged, longest first, each once."""
    found = load(name)
    for key in path:
        found = found[key]
    forms = [form for per_locale in found.values() for form in per_locale] if isinstance(found, dict) else found
    return sorted(dict.fromkeys(forms), key=len, reverse=True)
