"""Per-workflow confidence: how far a workflow's own remap (fieldwise.extraction.recalibration) brings its
expected calibration error down on documents it was not fitted on.

    python -m benchmarks.workflow_calibration [--cache DIR] [--prior 30]

Each dev2 kind (ad-buy orders, invoices) plays one workflow. Its documents, in manifest order, are cut in two
halves; the remap is fitted on the (engine confidence, right) pairs of one half, as reviews of those documents
would give it, and the ECE of the other half is measured with the engine's figures and with the remapped ones;
then the halves swap. A value is right when score2.py accepts it, as benchmarks.train counts it (fields
without an answer are not scored). The global calibration was itself fitted on these sets, so "before" is
already an in-sample figure for it: on a workflow of new documents the engine's error, and the gain, are larger.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from benchmarks.devloop import BENCH, documents, manifest, scorers

KINDS = ("adbuy", "invoice")


def pairs_of(kind: str, cache: Path) -> list[list[tuple[float, bool]]]:
    """Per document in manifest order: (engine confidence, right) of each value it reports."""
    from fieldwise.extraction import extract
    from fieldwise.extraction.schema import fields_from_schema

    scorer = scorers()["dev2"]
    rows = [row for row in manifest("dev2") if row["schema"] == kind]
    fields = fields_from_schema(json.loads((BENCH / "schemas" / f"{kind}.json").read_text()))
    read = documents(kind, cache)
    out = []
    for row in rows:
        result = extract(read[row["file"]], fields)
        pairs = []
        for spec in fields:
            truth = row["expected"].get(spec.name)
            if truth in (None, ""):
                continue
            truths = [t for t in scorer.as_list(truth) if t not in (None, "")]
            answer = result[spec.name]
            for item in (answer.items if answer.items is not None else [answer]):
                if item.value in (None, "", []):
                    continue
                right = any(scorer.match(spec.data_type, t, item.value) for t in truths)
                pairs.append((float(item.confidence), right))
        out.append(pairs)
    return out


def folds(per_document: list[list[tuple[float, bool]]], prior: float) -> list[dict[str, float]]:
    from fieldwise.extraction.recalibration import ece, fit

    half = len(per_document) // 2
    first = [p for doc in per_document[:half] for p in doc]
    second = [p for doc in per_document[half:] for p in doc]
    out = []
    for train, test in ((first, second), (second, first)):
        remap = fit(train, prior=prior)
        out.append({"fitted_on": len(train), "tested_on": len(test), "before": ece(test), "after": ece(test, remap),
                    "intercept": remap.intercept, "slope": remap.slope})
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default=str(Path(__file__).resolve().parents[1] / ".cache" / "devloop"))
    parser.add_argument("--prior", type=float, default=None, help="the prior's weight in values (default: the "
                        "server's)")
    args = parser.parse_args()
    from fieldwise.extraction.recalibration import PRIOR

    prior = PRIOR if args.prior is None else args.prior
    print(f"per-workflow remap, prior worth {prior:g} values; ECE on the held-out half (0-1)")
    print(f"{'workflow':<10} {'fold':<5} {'fitted on':>9} {'tested on':>9} {'before':>7} {'after':>7}  remap")
    for kind in KINDS:
        results = folds(pairs_of(kind, Path(args.cache)), prior)
        for number, fold in enumerate(results, 1):
            print(f"{kind:<10} {number:<5} {fold['fitted_on']:>9} {fold['tested_on']:>9} {fold['before']:>7.3f} "
                  f"{fold['after']:>7.3f}  sigmoid({fold['intercept']:+.3f} + {fold['slope']:.3f} logit c)")
        mean_before = sum(f["before"] for f in results) / len(results)
        mean_after = sum(f["after"] for f in results) / len(results)
        print(f"{kind:<10} {'mean':<5} {'':>9} {'':>9} {mean_before:>7.3f} {mean_after:>7.3f}", flush=True)


if __name__ == "__main__":
    main()
