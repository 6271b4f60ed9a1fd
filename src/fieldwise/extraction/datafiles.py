"""The engine's word lists and priors, kept as TOML in data/ beside this module and read once per process."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=8)
def load(name: str) -> dict:
    """data/<name>.toml, parsed."""
    return tomllib.loads(resources.files("fieldwise.extraction").joinpath(f"data/{name}.toml").read_text("utf-8"))
