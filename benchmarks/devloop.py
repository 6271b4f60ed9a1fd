"""Fast tuning loop: read every dev and dev2 document once (pickled Documents in a cache), then extract and score.

    python -m benchmarks.devloop [--kinds sroie,kleister-nda,adbuy,invoice] [--cache DIR] [--out DIR] [--explain]

Reading (OCR above all) is most of the time; the engine alone over all 325 documents takes seconds, so a change to
the extraction can be measured on every set at once. Scores come from the sets' own score.py and score2.py.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = (ROOT / ".." / "shared" / "bench").resolve()
SETS = {"sroie": "dev", "kleister-nda": "dev", "adbuy": "dev2", "invoice": "dev2"}


def manifest(folder: str) -> list[dict]:
    path = BENCH / folder / "manifest.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def scorers() -> dict[str, Any]:
    """The sets' own scorers, whose `match` says whether a value is right: score.py (dev), score2.py (dev2)."""
    out = {}
    for folder, script in (("dev", "score.py"), ("dev2", "score2.py")):
        spec = importlib.util.spec_from_file_location(f"bench_{folder}", BENCH / script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out[folder] = module
    return out


def documents(kind: str, cache: Path) -> dict:
    """file -> Document for one kind, read once and kept pickled."""
    from fieldwise import documents as readers

    path = cache / f"{kind}-documents.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    folder = SETS[kind]
    docs = {}
    for row in manifest(folder):
        if row["schema"] != kind:
            continue
        data = (BENCH / folder / row["file"]).read_bytes()
        media = readers.detect_media_type(data, row["file"])
        docs[row["file"]] = readers.read(data, media, filename=row["file"])
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(docs))
    return docs


def run(kinds: list[str], cache: Path, out: Path) -> dict[str, Path]:
    from fieldwise.extraction import extract, wire
    from fieldwise.extraction.schema import fields_from_schema

    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Path] = {}
    for kind in kinds:
        fields = fields_from_schema(json.loads((BENCH / "schemas" / f"{kind}.json").read_text()))
        folder = SETS[kind]
        path = results.setdefault(folder, out / f"{folder}-results.jsonl")
        with path.open("a") as sink:
            for file, document in documents(kind, cache).items():
                flat = wire.flat_view(wire.dump(extract(document, fields)), fields)
                sink.write(json.dumps({"file": file, "fields": flat}) + "\n")
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kinds", default=",".join(SETS))
    parser.add_argument("--cache", default=str(ROOT / ".cache" / "devloop"))
    parser.add_argument("--out", default=str(ROOT / ".cache" / "devloop" / "results"))
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    out = Path(args.out)
    for old in out.glob("*-results.jsonl"):
        old.unlink()
    for folder, path in run(kinds, Path(args.cache), out).items():
        scorer = BENCH / ("score.py" if folder == "dev" else "score2.py")
        print(f"== {folder} ({path})", flush=True)
        subprocess.run([sys.executable, str(scorer), str(BENCH / folder / "manifest.jsonl"), str(path)], check=False)


if __name__ == "__main__":
    main()
