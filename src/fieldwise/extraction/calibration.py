"""Confidence 0-100 as a calibrated probability that a value is right: a logistic model over a few features of
the chosen candidate, its parameters fitted on every dev set (benchmarks/calibrate.py) and kept in
calibration.json beside this module. The features say what the evidence is (a label and how well it names the
field, agreement, OCR quality, the field's type), never which strategy found the value."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldwise.extraction.candidates import Candidate
    from fieldwise.extraction.vocab import FieldIntent

_DEFAULT = {"weights": {"bias": -1.0, "score": 3.0}, "missing": 5.0}


@lru_cache(maxsize=1)
def parameters() -> dict:
    try:
        return json.loads(resources.files("fieldwise.extraction").joinpath("calibration.json").read_text())
    except FileNotFoundError:
        return _DEFAULT


def features(best: "Candidate", ranked: list["Candidate"], intent: "FieldIntent", is_ocr: bool) -> dict[str, float]:
    """The evidence features, and each of the main ones again per data_type: how much a label's word is worth
    differs between a date and a name."""
    base = _evidence(best, ranked, intent, is_ocr)
    kind = f"type:{intent.spec.data_type}"
    out = dict(base)
    for name in _BY_TYPE:
        out[f"{name}*{kind}"] = base.get(name, 0.0)
    out["prose*labelled"] = base["prose"] * base["labelled"]
    out["ocr*score"] = base["ocr"] * base["score"]
    return out


_BY_TYPE = ("score", "margin", "labelled", "prose", "agreed", "words", "match")


def _evidence(best: "Candidate", ranked: list["Candidate"], intent: "FieldIntent", is_ocr: bool) -> dict[str, float]:
    others = [c for c in ranked if c is not best]
    margin = best.score - (others[0].score if others else 0.0)
    return {
        "bias": 1.0,
        "score": best.score,
        "margin": margin,
        "support": min(best.support - 1, 3) / 3,
        "alone": 1.0 if not others else 0.0,
        "ocr": 1.0 if is_ocr else 0.0,
        "ocr_conf": (best.ocr_confidence if best.ocr_confidence is not None else 1.0),
        # What the evidence is, never which strategy found it: a label that named the field (and how well), or a
        # label that pointed at a row of values of the kind.
        "labelled": 1.0 if best.label is not None else 0.0,
        "match": best.extra.get("match", 0.0),
        "several": best.extra.get("several", 0.0),
        "placed": best.extra.get("place", 0.0),  # where the value stood from its label: 1 its line, less below
        "agreed": 1.0 if best.extra.get("sources", 1) > 1 else 0.0,  # two kinds of evidence found the same value
        "type_only": 1.0 if best.source == "scan" else 0.0,  # nothing but its type placed the value
        "words": min(len(str(best.value).split()), 8) / 8 if isinstance(best.value, str) else 0.0,
        "prose": best.extra.get("prose", 0.0),
        "learned": best.extra.get("learned", 0.0),  # a reviewer's answer on a like layout: how like, how reliable
        f"type:{intent.spec.data_type}": 1.0,
    }


def apply_knots(knots: list[list[float]], probability: float) -> float:
    """Piecewise-linear map through (model probability, observed accuracy) knots, flat beyond the ends."""
    if not knots:
        return probability
    if probability <= knots[0][0]:
        return knots[0][1]
    for (x0, y0), (x1, y1) in zip(knots, knots[1:]):
        if probability <= x1:
            return y0 + (y1 - y0) * (probability - x0) / (x1 - x0) if x1 > x0 else y1
    return knots[-1][1]


def confidence(best: "Candidate", ranked: list["Candidate"], intent: "FieldIntent", is_ocr: bool) -> float:
    params = parameters()
    weights = params["weights"]
    z = sum(weights.get(name, 0.0) * value for name, value in features(best, ranked, intent, is_ocr).items())
    probability = apply_knots(params.get("knots", []), 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))))
    if "learned_p" in best.extra and best.extra.get("sources", 1) == 1:
        # Only the layout memory found it: no dev set has learned values to fit on, so the lesson's own record
        # of hits and misses says how far to believe it (extraction.memory).
        probability = min(probability, best.extra["learned_p"])
    return round(100.0 * probability, 2)


def missing_confidence(intent: "FieldIntent") -> float:
    return float(parameters().get("missing", 5.0))
