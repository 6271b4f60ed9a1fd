"""A cell's confidence: one logistic function of its CellFeatures, its weights fitted by `python -m
benchmarks.train_lines` on dev2's e-invoice line items (split by producer) and shipped in data/lines_confidence.json
with the figures of that fit."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

from fieldwise.extraction.lines.features import CellFeatures

MODEL = "data/lines_confidence.json"


@lru_cache(maxsize=1)
def model() -> dict:
    return json.loads(resources.files("fieldwise.extraction").joinpath(MODEL).read_text("utf-8"))


def probability(features: CellFeatures, weights: dict | None = None) -> float:
    """The probability (0..1) that the cell is right."""
    fitted = weights or model()
    by_name = fitted["weights"]
    z = fitted["bias"] + sum(by_name[name] * value for name, value in zip(CellFeatures.names(), features.vector()))
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def confidence(features: CellFeatures) -> float:
    """0..100, as every ExtractedValue carries it."""
    return round(100.0 * probability(features), 1)
