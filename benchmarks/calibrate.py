"""Fit the confidence calibration on the dev set and write src/fieldwise/extraction/calibration.json.

    python -m benchmarks.calibrate [--cache DIR] [--dry-run]

Each value the engine reports is described by calibration.features (its score, margin over the runner-up,
agreement, OCR confidence, the strategy that found it, the field's type); a logistic model over those features,
L2-regularised, is fitted to whether score.py's rules accept the value. Documents are read once and cached
(pickled Documents, `--cache`), since OCR is most of the time.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
from pathlib import Path

from benchmarks.engine import BENCH, DEV, _manifest, _score_module

OUT = Path(__file__).resolve().parents[1] / "src" / "fieldwise" / "extraction" / "calibration.json"


def _documents(cache: Path) -> dict:
    from fieldwise import documents

    path = cache / "dev-documents.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    docs = {}
    for row in _manifest():
        data = (DEV / row["file"]).read_bytes()
        docs[row["file"]] = documents.read(data, documents.detect_media_type(data, row["file"]), filename=row["file"])
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(docs))
    return docs


def samples(docs: dict) -> list[tuple[dict, bool]]:
    """(features, right?) for every value the engine reports on the dev set."""
    from fieldwise.extraction import calibration, extract
    from fieldwise.extraction.schema import fields_from_schema

    score = _score_module()
    recorded: list[dict] = []
    original = calibration.confidence

    def record(best, ranked, intent, is_ocr):
        recorded.append(calibration.features(best, ranked, intent, is_ocr))
        return float(len(recorded) - 1)

    calibration.confidence = record
    out = []
    try:
        for row in _manifest():
            fields = fields_from_schema(json.loads((BENCH / "schemas" / f"{row['schema']}.json").read_text()))
            result = extract(docs[row["file"]], fields)
            for spec in fields:
                answer = result[spec.name]
                truths = [t for t in score.as_list(row["expected"].get(spec.name)) if t not in (None, "")]
                readings = answer.items if answer.items is not None else [answer]
                for item in readings:
                    if item.value in (None, "", []):
                        continue
                    right = any(score.match(spec.name, t, item.value) for t in truths)
                    out.append((recorded[int(item.confidence)], right))
    finally:
        calibration.confidence = original
    return out


def fit(data: list[tuple[dict, bool]], l2: float = 0.01, steps: int = 3000, rate: float = 0.5) -> dict[str, float]:
    names = sorted({name for features, _ in data for name in features})
    weights = {name: 0.0 for name in names}
    n = len(data)
    for _ in range(steps):
        grad = {name: l2 * weights[name] for name in names}
        for features, right in data:
            z = sum(weights[k] * v for k, v in features.items())
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            for k, v in features.items():
                grad[k] += (p - right) * v / n
        for name in names:
            weights[name] -= rate * grad[name]
    return {name: round(w, 4) for name, w in weights.items()}


def _probability(weights: dict[str, float], features: dict) -> float:
    z = sum(weights.get(k, 0.0) * v for k, v in features.items())
    return 1 / (1 + math.exp(-max(min(z, 30), -30)))


def isotonic_knots(pairs: list[tuple[float, bool]], bins: int = 12) -> list[list[float]]:
    """Pool-adjacent-violators over equal-count bins of (probability, right?): knots (probability, accuracy)
    rising monotonically, for a piecewise-linear map applied after the logistic model."""
    pairs = sorted(pairs)
    size = max(len(pairs) // bins, 1)
    blocks = [[sum(p for p, _ in chunk) / len(chunk), sum(r for _, r in chunk) / len(chunk), len(chunk)]
              for chunk in (pairs[i:i + size] for i in range(0, len(pairs), size))]
    merged: list[list[float]] = []
    for block in blocks:
        merged.append(block)
        while len(merged) > 1 and merged[-2][1] > merged[-1][1]:
            b, a = merged.pop(), merged.pop()
            n = a[2] + b[2]
            merged.append([(a[0] * a[2] + b[0] * b[2]) / n, (a[1] * a[2] + b[1] * b[2]) / n, n])
    return [[round(x, 4), round(min(max(y, 0.01), 0.99), 4)] for x, y, _ in merged]  # never certain


def _ece(pairs: list[tuple[float, bool]], bins: int = 10) -> float:
    total = 0.0
    for b in range(bins):
        inside = [(p, r) for p, r in pairs if b / bins <= p < (b + 1) / bins or (b == bins - 1 and p == 1)]
        if inside:
            total += abs(sum(p for p, _ in inside) - sum(r for _, r in inside))
    return total / len(pairs) if pairs else 0.0


def cross_validated_ece(data: list[tuple[dict, bool]], folds: int = 2) -> float:
    """ECE of values whose model was fitted on the other folds: what to expect on documents not tuned on."""
    from fieldwise.extraction.calibration import apply_knots

    pairs = []
    for fold in range(folds):
        train = [d for i, d in enumerate(data) if i % folds != fold]
        test = [d for i, d in enumerate(data) if i % folds == fold]
        weights = fit(train, steps=1500)
        knots = isotonic_knots([(_probability(weights, f), r) for f, r in train])
        pairs += [(apply_knots(knots, _probability(weights, f)), r) for f, r in test]
    return _ece(pairs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default=str(Path.home() / ".cache" / "fieldwise-bench"))
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    data = samples(_documents(Path(args.cache)))
    weights = fit(data)
    knots = isotonic_knots([(_probability(weights, f), r) for f, r in data])
    right = sum(r for _, r in data)
    print(f"{len(data)} values, {right} right; weights: {json.dumps(weights)}; knots {knots}")
    print(f"2-fold cross-validated ECE: {cross_validated_ece(data):.3f}")
    if not args.dry_run:
        OUT.write_text(json.dumps({"weights": weights, "knots": knots, "missing": 5.0, "fitted_on": "dev",
                                   "values": len(data)}, indent=1) + "\n")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
