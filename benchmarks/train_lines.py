"""Fit the line-item cell confidence (extraction/lines/confidence.py) on dev2's e-invoice line items and on
generated invoices (benchmarks.lines_generated, another seed than the benchmark's, more unknown header words).

    python -m benchmarks.train_lines [--shared ../shared] [--dry-run] [--generated 120 --seed 3 --unknown 0.6
                                     --hard 0.5]

Every cell the engine reads is labelled right or wrong by the shared scorer's own matching (score_lines.match and
cell_right); a logistic regression on the cells' CellFeatures (L2, full-batch gradient descent from zero: the same
weights on every run) is fitted. Reported first leave-one-producer-out (fit on the other producers' documents,
score the one left out; each generated layout family is a group): those are the figures to trust; then the fit on everything, which is written to
src/fieldwise/extraction/data/lines_confidence.json with its provenance and those figures.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Iterator

import numpy as np

from benchmarks.lines import DEFAULT_SHARED, producer, scorer
from benchmarks.lines_generated import generate
from fieldwise import documents
from fieldwise.extraction.index import build_index
from fieldwise.extraction.lines import read_items
from fieldwise.extraction.lines.confidence import probability
from fieldwise.extraction.lines.features import CellFeatures
from fieldwise.extraction.schema import fields_from_schema

OUT = Path(__file__).resolve().parents[1] / "src" / "fieldwise" / "extraction" / "data" / "lines_confidence.json"
L2 = 1.0
STEPS = 3000
RATE = 0.5
MIN_CLASS = 10  # fewer right or wrong cells than this cannot say what separates them


def sources(shared: Path, generated: int, seed: int, unknown: float,
            hard: float) -> Iterator[tuple[str, bytes, str, list[dict]]]:
    """(group, document bytes, file name, expected rows): dev2's e-invoices grouped by producer, then generated
    invoices grouped by layout family (benchmarks.lines_generated)."""
    bench = shared / "bench"
    for line in (bench / "dev2" / "lines.jsonl").read_text().splitlines():
        if line.strip():
            entry = json.loads(line)
            path = bench / "dev2" / entry["file"]
            yield producer(entry), path.read_bytes(), path.name, entry["expected"]["line_items"]
    for doc in generate(generated, seed, unknown, hard):
        yield "generated " + doc.producer, doc.pdf, f"{doc.id}.pdf", doc.rows


def cells(shared: Path, generated: int, seed: int, unknown: float,
          hard: float) -> list[tuple[str, tuple[float, ...], int]]:
    """(group, feature vector, 1 when right) for every cell the engine reads."""
    score = scorer(shared)
    spec = fields_from_schema(json.loads((shared / "bench" / "schemas" / "lines.json").read_text()))[0]
    out = []
    for group, data, name, expected in sources(shared, generated, seed, unknown, hard):
        document = documents.read(data, documents.detect_media_type(data, name), filename=name)
        items = read_items(build_index(document), spec, True)
        predicted = [{c: (item.cells[c].value if c in item.cells else None, None) for c in score.COLS}
                     for item in items]
        pairs = dict(score.match(predicted, expected))
        for n, item in enumerate(items):
            for column, cell in item.cells.items():
                j = pairs.get(n)
                right = j is not None and expected[j].get(column) is not None and score.cell_right(
                    column, cell.value, expected[j][column])
                out.append((group, cell.features.vector(), int(right)))
    return out


def fit(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= RATE * (x.T @ (p - y) / len(y) + L2 * w / len(y))
        b -= RATE * float(np.mean(p - y))
    return b, w


def figures(p: np.ndarray, y: np.ndarray) -> dict[str, float | None]:
    high = p >= 0.9
    bins = np.minimum((p * 10).astype(int), 9)
    ece = sum(abs(float(np.mean(y[bins == k])) - float(np.mean(p[bins == k]))) * np.sum(bins == k) / len(y)
              for k in range(10) if np.any(bins == k))
    return {"cells": int(len(y)), "right": float(np.mean(y)), "ece": round(float(ece), 3),
            "at_90": int(np.sum(high)), "right_at_90": round(float(np.mean(y[high])), 3) if np.any(high) else None}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    parser.add_argument("--generated", type=int, default=120, help="generated invoices added to dev2's")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--unknown", type=float, default=0.6, help="share of header words the lexicon lacks")
    parser.add_argument("--hard", type=float, default=0.5, help="share of generated invoices with harder traits")
    args = parser.parse_args()
    found = cells(args.shared, args.generated, args.seed, args.unknown, args.hard)
    groups = np.array([g for g, _, _ in found])
    x = np.array([v for _, v, _ in found], dtype=float)
    y = np.array([r for _, _, r in found], dtype=float)
    shipped = np.array([probability(CellFeatures(*v)) for v in x])
    print(f"shipped weights on these cells (in-sample when they were fitted on them): {figures(shipped, y)}")
    if len(set(y)) < 2 or min(np.sum(y), np.sum(1 - y)) < MIN_CLASS:
        print(f"{int(np.sum(y))} right and {int(np.sum(1 - y))} wrong cells: too few of one kind to fit on; "
              "the shipped weights stay")
        return
    held = np.zeros(len(y))
    for group in sorted(set(groups)):
        out = groups == group
        b, w = fit(x[~out], y[~out])
        held[out] = 1 / (1 + np.exp(-(x[out] @ w + b)))
        if not group.startswith("generated"):
            print(f"left out {group}: {figures(held[out], y[out])}")
    generated = np.array([g.startswith("generated") for g in groups])
    print(f"left out, each generated layout family: {figures(held[generated], y[generated])}")
    unseen = figures(held, y)
    print(f"leave-one-producer-out, all cells: {unseen}")
    b, w = fit(x, y)
    in_sample = figures(1 / (1 + np.exp(-(x @ w + b))), y)
    print(f"in-sample (fit on every producer): {in_sample}")
    model = {"bias": round(b, 4), "weights": {n: round(float(v), 4) for n, v in zip(CellFeatures.names(), w)},
             "provenance": f"python -m benchmarks.train_lines --generated {args.generated} --seed {args.seed} "
                           f"--unknown {args.unknown} --hard {args.hard}: logistic regression, L2 {L2}, {STEPS} steps, on dev2/lines.jsonl "
                           f"and generated invoices ({len(y)} cells, {len(set(groups))} producers or layout families)",
             "leave_one_producer_out": unseen, "in_sample": in_sample}
    if not args.dry_run:
        OUT.write_text(json.dumps(model, indent=1) + "\n")
        print(f"written {OUT}")


if __name__ == "__main__":
    main()
