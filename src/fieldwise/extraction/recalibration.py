"""Per-workflow confidence: a monotone remap of the engine's global confidence, fitted to one workflow's reviewed
values, so that "90" means right nine times in ten on *this* workflow's documents. Pure functions, no I/O.

The engine's confidence (fieldwise.extraction.scorer) is fitted once over the dev and generated sets; a workflow whose
documents are harder or easier than those sees it over- or under-confident. The remap is Platt scaling on the
logit of that confidence, p = sigmoid(intercept + slope * logit(c / 100)), fitted by maximum a posteriori with a
prior centred on the identity (intercept 0, slope 1) that is worth PRIOR reviewed values: a handful of reviews
barely moves it, hundreds that agree move it almost all the way. The slope is kept positive, so a higher engine confidence never maps to a lower
one, and the answer is always within 0..100.

Its own tail: a stored value that went through a remap keeps the engine's own figure as `engine_confidence`
beside the served `confidence`. Fitting reads `engine_confidence` when present, and a remap is applied to it
too, never to an already remapped figure: every fit and every application maps the engine's scale, so a refit
never learns from the previous remap's output and applying one twice changes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

EPSILON = 0.005  # probabilities are clamped to [0.5 %, 99.5 %] before the logit
MIN_SLOPE = 0.05  # monotone: the remap never reverses the engine's order
PRIOR = 30.0  # the identity is worth this many reviewed values (benchmarks/workflow_calibration.py)
RIDGE = 0.1
BINS = 10

Pair = tuple[float, bool]  # (engine confidence 0-100, was the value right)


def _logit(confidence: float) -> float:
    p = min(max(confidence / 100.0, EPSILON), 1.0 - EPSILON)
    return math.log(p / (1.0 - p))


def _sigmoid(z: float) -> float:
    z = max(min(z, 30.0), -30.0)
    return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class Remap:
    intercept: float = 0.0
    slope: float = 1.0

    @property
    def identity(self) -> bool:
        return self.intercept == 0.0 and self.slope == 1.0

    def __call__(self, confidence: float) -> float:
        if self.identity:
            return confidence
        return round(100.0 * _sigmoid(self.intercept + self.slope * _logit(confidence)), 2)

    def to_json(self) -> dict[str, float]:
        return {"intercept": self.intercept, "slope": self.slope}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "Remap":
        data = data or {}
        return cls(float(data.get("intercept", 0.0)), float(data.get("slope", 1.0)))


def _log_posterior(data: list[tuple[float, float, float]], a: float, b: float, ridge: float) -> float:
    total = -0.5 * ridge * (a * a + (b - 1.0) ** 2)
    for x, y, w in data:
        p = min(max(_sigmoid(a + b * x), 1e-12), 1.0 - 1e-12)
        total += w * (y * math.log(p) + (1.0 - y) * math.log(1.0 - p))
    return total


def fit(pairs: Iterable[Pair], prior: float = PRIOR, ridge: float = RIDGE, steps: int = 100) -> Remap:
    """The MAP Platt remap of `pairs`. The prior is `prior` pseudo-values spread over the observed confidences,
    each exactly as right as the engine said (soft label c / 100): n reviewed values against `prior` of them
    move the remap n / (n + prior) of the way to the data's own fit. A small ridge toward the identity settles
    what the data cannot tell (the slope, when every value had the same confidence). Damped Newton's method;
    no pairs gives the identity."""
    real = [(_logit(c), 1.0 if right else 0.0) for c, right in pairs]
    if not real:
        return Remap()
    weight = prior / len(real)
    data = [(x, y, 1.0) for x, y in real] + [(x, _sigmoid(x), weight) for x, _ in real]
    a, b = 0.0, 1.0
    current = _log_posterior(data, a, b, ridge)
    for _ in range(steps):
        ga, gb = -ridge * a, -ridge * (b - 1.0)  # gradient of the log posterior
        haa, hab, hbb = ridge, 0.0, ridge  # minus its Hessian
        for x, y, w in data:
            p = _sigmoid(a + b * x)
            q = w * max(p * (1.0 - p), 1e-12)
            ga += w * (y - p)
            gb += w * (y - p) * x
            haa += q
            hab += q * x
            hbb += q * x * x
        det = haa * hbb - hab * hab
        if det <= 0:
            break
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        step = 1.0
        while step > 1e-6:  # halve the step until the posterior does not fall
            trial = _log_posterior(data, a + step * da, b + step * db, ridge)
            if trial >= current - 1e-12:
                break
            step /= 2
        else:
            break
        a, b, current = a + step * da, b + step * db, trial
        if abs(step * da) + abs(step * db) < 1e-8:
            break
    return Remap(round(a, 6), round(max(b, MIN_SLOPE), 6))


def ece(pairs: Iterable[Pair], remap: Remap | None = None, bins: int = BINS) -> float | None:
    """Expected calibration error as a share (0-1, as accuracy is given): over ten equal-width bins of confidence,
    the gap between the mean confidence and the share right, weighted by how many values fall in each. None
    without pairs."""
    remap = remap or Remap()
    totals = [[0, 0.0, 0.0] for _ in range(bins)]  # count, sum of confidence, right
    for confidence, right in pairs:
        mapped = remap(confidence)
        slot = totals[min(int(mapped / 100.0 * bins), bins - 1)]
        slot[0] += 1
        slot[1] += mapped
        slot[2] += 1.0 if right else 0.0
    count = sum(int(slot[0]) for slot in totals)
    if not count:
        return None
    gap = sum(abs(s / n / 100.0 - k / n) * n for n, s, k in totals if n)
    return round(gap / count, 4)


def engine_confidence(entry: dict[str, Any]) -> float:
    """The engine's own figure for a stored value, whether or not a remap was applied to it since."""
    return float(entry.get("engine_confidence", entry.get("confidence")) or 0.0)


def _remap_entry(entry: dict[str, Any], remap: Remap) -> dict[str, Any]:
    original = engine_confidence(entry)
    out = {**entry, "confidence": remap(original), "engine_confidence": original}
    if isinstance(entry.get("items"), list):
        out["items"] = [_remap_entry(item, remap) if isinstance(item, dict) else item for item in entry["items"]]
    return out


def apply(stored: dict[str, Any], remap: Remap | None) -> dict[str, Any]:
    """A stored extraction (fieldwise.extraction.wire) with every value's confidence remapped, object rows and
    list items included; the engine's figure is kept as `engine_confidence`."""
    if remap is None or remap.identity:
        return stored
    out: dict[str, Any] = {}
    for name, found in stored.items():
        if isinstance(found, dict):
            out[name] = _remap_entry(found, remap)
        elif isinstance(found, list):
            out[name] = [{child: _remap_entry(cell, remap) if isinstance(cell, dict) else cell
                          for child, cell in row.items()} if isinstance(row, dict) else row for row in found]
        else:
            out[name] = found
    return out
