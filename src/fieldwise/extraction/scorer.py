"""The one learned scorer: the probability that a candidate is its field's answer, from its feature record
(extraction.features), by a gradient-boosted tree ensemble trained by `python -m benchmarks.train`; then the
calibration map that makes the best candidate's probability a confidence, and the threshold below which the field
is answered null. Model, map and thresholds ship in scorer.json beside this module, with what they were trained on
and their leave-one-kind-out figures.

LightGBM trains the trees; here they are walked with numpy, all trees and all candidates of a field at once, so a
worker needs neither LightGBM nor SciPy to apply them (tests/extraction/test_scorer.py checks that both agree)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np

from fieldwise.extraction.features import NAMES, Features

MODEL_FILE = "scorer.json"


@dataclass(frozen=True)
class Forest:
    """Trees flattened into one array per attribute, a tree's nodes from `roots[t]` on; a leaf has feature -1."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    depth: int

    def raw(self, rows: np.ndarray) -> np.ndarray:
        """The ensemble's summed leaf values (log-odds) of each row."""
        n = rows.shape[0]
        nodes = np.broadcast_to(self.roots, (n, self.roots.size)).copy()
        index = np.arange(n)[:, None]
        for _ in range(self.depth):
            feature = self.feature[nodes]
            inner = feature >= 0
            if not inner.any():
                break
            goes_left = rows[index, np.where(inner, feature, 0)] <= self.threshold[nodes]
            nodes = np.where(inner, np.where(goes_left, self.left[nodes], self.right[nodes]), nodes)
        return self.value[nodes].sum(axis=1)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Forest:
        return cls(np.asarray(data["feature"], dtype=np.int32), np.asarray(data["threshold"], dtype=np.float64),
                   np.asarray(data["left"], dtype=np.int32), np.asarray(data["right"], dtype=np.int32),
                   np.asarray(data["value"], dtype=np.float64), np.asarray(data["roots"], dtype=np.int32),
                   int(data["depth"]))


@dataclass(frozen=True)
class Scorer:
    forest: Forest
    knots: list[list[float]]  # (model probability, share right on kinds the model never saw), rising
    abstain: dict[str, float]  # data-type family -> the confidence below which the field is answered null
    missing: float  # the confidence reported for a field answered null

    def probabilities(self, features: list[Features]) -> list[float]:
        """The model's probability that each candidate is its field's answer (not yet calibrated)."""
        if not features:
            return []
        rows = np.asarray([f.row() for f in features], dtype=np.float64)
        raw = self.forest.raw(rows)
        return [1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))) for z in raw.tolist()]

    def confidence(self, probability: float) -> float:
        """A candidate's probability through the calibration map: 0-100, the share of such values that are right."""
        return round(100.0 * apply_knots(self.knots, probability), 2)

    def answers(self, confidence: float, data_type: str) -> bool:
        """Whether a value this believed is worth reporting, or the field is better answered null."""
        return confidence >= self.abstain.get(family(data_type), 0.0)


_FAMILIES = {"float": "number", "integer": "number", "date": "date", "datetime": "date", "enum": "choice",
             "multi_select": "choice", "boolean": "choice"}


def family(data_type: str) -> str:
    return _FAMILIES.get(data_type, "text")


def apply_knots(knots: list[list[float]], probability: float) -> float:
    """Piecewise-linear map through (model probability, observed accuracy) knots, flat beyond the ends."""
    if not knots:
        return probability
    if probability <= knots[0][0]:
        return knots[0][1]
    for (x0, y0), (x1, y1) in pairwise(knots):
        if probability <= x1:
            return y0 + (y1 - y0) * (probability - x0) / (x1 - x0) if x1 > x0 else y1
    return knots[-1][1]


def from_dict(data: dict[str, Any]) -> Scorer:
    if tuple(data["features"]) != NAMES:
        raise ValueError("scorer.json was trained on other features than extraction.features: retrain it "
                         "(python -m benchmarks.train)")
    return Scorer(Forest.from_dict(data["forest"]), data["knots"], data["abstain"], float(data["missing"]))


@lru_cache(maxsize=1)
def shipped() -> Scorer:
    """The scorer that ships with fieldwise, loaded once per process."""
    text = resources.files("fieldwise.extraction").joinpath(MODEL_FILE).read_text()
    return from_dict(json.loads(text))
