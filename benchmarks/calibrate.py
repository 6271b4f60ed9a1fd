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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default=str(Path.home() / ".cache" / "fieldwise-bench"))
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    data = samples(_documents(Path(args.cache)))
    weights = fit(data)
    right = sum(r for _, r in data)
    print(f"{len(data)} values, {right} right; weights: {json.dumps(weights)}")
    if not args.dry_run:
        OUT.write_text(json.dumps({"weights": weights, "missing": 5.0, "fitted_on": "dev", "values": len(data)},
                                  indent=1) + "\n")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
