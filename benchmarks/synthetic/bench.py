"""`make bench`: a small synthetic set (5 per kind, text PDFs, a fixed seed) generated afresh and scored, so
the figures per kind, language and layout sit beside the real sets'. They are for finding weak spots, not for
the README's accuracy claims, which come from the real sets."""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.synthetic.generate import generate
from benchmarks.synthetic.score import score

PER_KIND = 5
SEED = 2024


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="fieldwise-synthetic-") as folder:
        generate(Path(folder), PER_KIND, SEED)
        print(f"synthetic set: {PER_KIND} per kind, seed {SEED}, text PDFs")
        score(Path(folder))


if __name__ == "__main__":
    main()
