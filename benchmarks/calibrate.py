"""Fit the confidence calibration on the dev set and write src/fieldwise/extraction/calibration.json.

    python -m benchmarks.calibrate [--cache DIR] [--synthetic DIR] [--dry-run]

Each value the engine reports is described by calibration.features (its score, margin over the runner-up,
agreement, OCR confidence, the strategy that found it, the field's type); a logistic model over those features,
L2-regularised, is fitted to whether the sets' own scorers (score.py, score2.py) accept the value, over every
dev set (SROIE, Kleister-NDA, ad orders, invoices) and, with --synthetic, a generated set (benchmarks.synthetic:
seven kinds in seven languages, scored as score2.py scores). Dev documents are read once and cached
(benchmarks.devloop).
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
from pathlib import Path

import importlib.util

from benchmarks.devloop import BENCH, SETS, documents, manifest

OUT = Path(__file__).resolve().parents[1] / "src" / "fieldwise" / "extraction" / "calibration.json"


def _scorers() -> dict[str, object]:
    """The match function of each set's own scorer: score.py for dev, score2.py for dev2 (by data_type)."""
    out = {}
    for folder, script in (("dev", "score.py"), ("dev2", "score2.py")):
        spec = importlib.util.spec_from_file_location(f"bench_{folder}", BENCH / script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out[folder] = module
    return out


def _sets(kinds: list[str], cache: Path, scorers: dict, synthetic: Path | None):
    """(kind, folder, scorer, [(file, document)], fields, {file: expected}) of each set to fit on."""
    from fieldwise import documents as readers
    from fieldwise.extraction.schema import fields_from_schema

    for kind in kinds:
        folder = SETS[kind]
        expected = {row["file"]: row["expected"] for row in manifest(folder) if row["schema"] == kind}
        fields = fields_from_schema(json.loads((BENCH / "schemas" / f"{kind}.json").read_text()))
        yield kind, folder, scorers[folder], documents(kind, cache).items(), fields, expected
    if synthetic is None:
        return
    rows = [json.loads(line) for line in (synthetic / "manifest.jsonl").read_text().splitlines() if line.strip()]
    for schema in sorted({row["schema"] for row in rows}):
        chosen = [row for row in rows if row["schema"] == schema]
        fields = fields_from_schema(json.loads((synthetic / "schemas" / f"{schema}.json").read_text()))
        files = ((row["file"], readers.read((synthetic / row["file"]).read_bytes(), "application/pdf",
                                            filename=row["file"])) for row in chosen)
        yield f"synthetic:{schema}", "dev2", scorers["dev2"], files, fields, {r["file"]: r["expected"] for r in chosen}


def samples(cache: Path, kinds: list[str] = list(SETS), synthetic: Path | None = None) -> list[tuple[dict, bool, str]]:
    """(features, right?, kind) for every value the engine reports on the dev sets (and a synthetic set)."""
    from fieldwise.extraction import calibration, extract

    scorers = _scorers()
    recorded: list[dict] = []
    original = calibration.confidence

    def record(best, ranked, intent, is_ocr):
        recorded.append(calibration.features(best, ranked, intent, is_ocr))
        return float(len(recorded) - 1)

    calibration.confidence = record
    out = []
    try:
        for kind, folder, scorer, files, fields, expected in _sets(kinds, cache, scorers, synthetic):
            for file, document in files:
                result = extract(document, fields)
                for spec in fields:
                    truth = expected[file].get(spec.name)
                    if folder == "dev2" and truth in (None, ""):
                        continue  # score2 does not score a field without an answer
                    truths = [t for t in scorer.as_list(truth) if t not in (None, "")]
                    answer = result[spec.name]
                    for item in (answer.items if answer.items is not None else [answer]):
                        if item.value in (None, "", []):
                            continue
                        if folder == "dev":
                            right = any(scorer.match(spec.name, t, item.value) for t in truths)
                        else:
                            right = any(scorer.match(spec.data_type, t, item.value) for t in truths)
                        out.append((recorded[int(item.confidence)], right, kind))
    finally:
        calibration.confidence = original
    return out


def fit(data: list[tuple[dict, bool]], l2: float = 0.0001, steps: int = 10000, rate: float = 2.0) -> dict[str, float]:
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
        weights = fit(train, steps=5000)
        knots = isotonic_knots([(_probability(weights, f), r) for f, r in train])
        pairs += [(apply_knots(knots, _probability(weights, f)), r) for f, r in test]
    return _ece(pairs)


def _report(data: list[tuple[dict, bool, str]], weights: dict[str, float], knots: list[list[float]]) -> None:
    from fieldwise.extraction.calibration import apply_knots

    groups = {kind: [kind] for kind in sorted({k for _, _, k in data})}
    groups["dev (SROIE + NDA)"] = ["sroie", "kleister-nda"]
    groups["dev2 (ad orders + invoices)"] = ["adbuy", "invoice"]
    for kind, members in groups.items():
        pairs = [(apply_knots(knots, _probability(weights, f)), r) for f, r, k in data if k in members]
        high = [r for p, r in pairs if p >= 0.9]
        share = f"{sum(high) / len(high):.3f} of {len(high)}" if high else "none"
        print(f"  {kind:28s} ECE {_ece(pairs):.3f} over {len(pairs)} values; right at 90 or above: {share}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default=str(Path(__file__).resolve().parents[1] / ".cache" / "devloop"))
    parser.add_argument("--synthetic", type=Path, help="a folder made by `python -m benchmarks.synthetic generate`")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    labelled = samples(Path(args.cache), synthetic=args.synthetic)
    data = [(f, r) for f, r, _ in labelled]
    weights = fit(data)
    knots = isotonic_knots([(_probability(weights, f), r) for f, r in data])
    right = sum(r for _, r in data)
    print(f"{len(data)} values, {right} right; weights: {json.dumps(weights)}; knots {knots}")
    print(f"2-fold cross-validated ECE: {cross_validated_ece(data):.3f}")
    _report(labelled, weights, knots)
    if not args.dry_run:
        fitted_on = sorted(SETS) + (["synthetic"] if args.synthetic else [])
        OUT.write_text(json.dumps({"weights": weights, "knots": knots, "missing": 5.0,
                                   "fitted_on": fitted_on, "values": len(data)}, indent=1) + "\n")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
