"""Line items against the visible e-invoice answers: dev2/lines.jsonl (dev2's invoices, the rows their embedded
e-invoice data gives), scored by the shared score_lines.py: cell F1 per column, rows exact, share right at 90+.

    python -m benchmarks.lines [--shared ../shared] [--by-producer] [--json]

The documents are read and extracted in this process, one after the other (no pool: the machine is shared).
`--by-producer` also prints the figures per producer (the repository the PDF came from), so a change that helps one
producer's layout and hurts the others shows.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from fieldwise import documents
from fieldwise.extraction import wire
from fieldwise.extraction.engine import extract
from fieldwise.extraction.schema import fields_from_schema

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
if not DEFAULT_SHARED.exists():
    DEFAULT_SHARED = Path("/work/shared")


def scorer(shared: Path) -> ModuleType:
    """The shared scorer, loaded from its file (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("score_lines", shared / "bench" / "score_lines.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def producer(entry: dict[str, Any]) -> str:
    return str(entry.get("source", "?")).split(":", 1)[0]


def run(shared: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], float]:
    """(manifest, results as `fieldwise extract --jsonl` writes them, seconds spent extracting)."""
    bench = shared / "bench"
    manifest = [json.loads(l) for l in (bench / "dev2" / "lines.jsonl").read_text().splitlines() if l.strip()]
    fields = fields_from_schema(json.loads((bench / "schemas" / "lines.json").read_text()))
    results, spent = [], 0.0
    for entry in manifest:
        path = bench / "dev2" / entry["file"]
        data = path.read_bytes()
        start = time.perf_counter()
        document = documents.read(data, documents.detect_media_type(data, path.name), filename=path.name)
        extraction = extract(document, fields)
        spent += time.perf_counter() - start
        results.append({"file": entry["file"], "status": "processed",
                        "fields": wire.flat_view(wire.dump(extraction), fields)})
    return manifest, results, spent


def _line(name: str, report: dict[str, Any]) -> str:
    cols = ", ".join(f"{c} {v['f1']:.3f}" for c, v in report["columns"].items())
    hi = report["confidence_90"]
    share = f"{hi['share_right']:.3f} of {hi['cells']}" if hi["share_right"] is not None else f"- of 0"
    return (f"{name}: {report['documents']} docs, {report['rows']} rows; cell F1 {report['overall']['f1']:.3f} "
            f"({cols}); rows exact {report['rows_exact']:.3f}; right at 90+ {share}")


def main() -> dict[str, Any]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--by-producer", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    score = scorer(args.shared).score
    manifest, results, spent = run(args.shared)
    report = score(manifest, results)
    if args.json:
        print(json.dumps({k: v for k, v in report.items() if k != "per_document"}))
        return report
    print(_line("dev2 lines", report) + f"; {spent / len(manifest):.2f} s per document")
    if args.by_producer:
        for name in sorted({producer(m) for m in manifest}):
            mine = [m for m in manifest if producer(m) == name]
            print("  " + _line(name, score(mine, results)))
    return report


if __name__ == "__main__":
    main()
