"""Run fieldwise's engine in-process over a generated folder, then score: score2.py's own report (per kind
and field), and F1 broken down by kind, language, layout and medium by the same rules (score2's `match`)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

SCORER = (Path(__file__).resolve().parents[3] / "shared" / "bench" / "score2.py").resolve()


def scorer():
    spec = importlib.util.spec_from_file_location("bench_score2", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_manifest(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines() if line.strip()]


def extract_all(folder: Path, rows: list[dict], out: Path) -> None:
    """results.jsonl in score2's shape: {"file", "fields": flat view}, one line per manifest row."""
    from fieldwise import documents as readers
    from fieldwise.extraction import extract, wire
    from fieldwise.extraction.schema import fields_from_schema

    fields = {}
    with out.open("w") as sink:
        for row in rows:
            if row["schema"] not in fields:
                spec = json.loads((folder / "schemas" / f"{row['schema']}.json").read_text())
                fields[row["schema"]] = fields_from_schema(spec)
            specs = fields[row["schema"]]
            data = (folder / row["file"]).read_bytes()
            try:
                media = readers.detect_media_type(data, row["file"])
                document = readers.read(data, media, filename=row["file"])
                flat = wire.flat_view(wire.dump(extract(document, specs)), specs)
                line = {"file": str(folder / row["file"]), "status": "processed", "fields": flat}
            except Exception as exc:  # one unreadable document is scored as empty, the run goes on
                line = {"file": str(folder / row["file"]), "status": "failed", "error": repr(exc),
                        "fields": {}}
            sink.write(json.dumps(line, ensure_ascii=False) + "\n")


def breakdown(rows: list[dict], results: list[dict], types: dict, by: str) -> dict[str, tuple[int, int, int]]:
    """(true positives, false positives, false negatives) per value of a manifest key, as score2 counts."""
    s = scorer()
    found = {r["file"]: r.get("fields") or {} for r in results}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        got = next((v for k, v in found.items() if k.endswith("/" + row["file"])), {})
        tally = counts[str(row.get(by))]
        for field, truth in row["expected"].items():
            kind = types[row["schema"]].get(field, "string")
            truths = [t for t in s.as_list(truth) if t not in (None, "")]
            used: set[int] = set()
            for p in s.pred_values(got.get(field)):
                hit = next((i for i, t in enumerate(truths) if i not in used and s.match(kind, t, p)), None)
                if hit is None:
                    tally[1] += 1
                else:
                    used.add(hit)
                    tally[0] += 1
            tally[2] += len(truths) - len(used)
    return {key: tuple(value) for key, value in sorted(counts.items())}


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def report(folder: Path, results_path: Path) -> dict[str, dict[str, float]]:
    rows = read_manifest(folder)
    types = scorer().load_types(folder / "schemas", sorted({r["schema"] for r in rows}))
    results = [json.loads(line) for line in results_path.read_text().splitlines() if line.strip()]
    figures = {}
    for by in ("kind", "language", "layout", "medium"):
        table = breakdown(rows, results, types, by)
        figures[by] = {key: round(f1(*counts), 3) for key, counts in table.items()}
        cells = (f"{key} {f1(*c):.3f} ({c[0]}/{c[0] + c[2]})" for key, c in table.items())
        print(f"F1 by {by}: " + "  ".join(cells))
    total = [sum(c[i] for c in breakdown(rows, results, types, "medium").values()) for i in range(3)]
    figures["overall"] = {"f1": round(f1(*total), 3)}
    print(f"F1 overall: {f1(*total):.3f} over {len(rows)} documents")
    return figures


def score(folder: Path, results_path: Path | None = None, verbose: bool = True) -> dict:
    rows = read_manifest(folder)
    results_path = results_path or folder / "results.jsonl"
    extract_all(folder, rows, results_path)
    if verbose:
        subprocess.run([sys.executable, str(SCORER), str(folder / "manifest.jsonl"), str(results_path),
                        "--schemas", str(folder / "schemas")], check=False)
    return report(folder, results_path)
