"""`make bench`: every benchmark, one after the other, each printing its own figures."""

from __future__ import annotations

import importlib
import sys

SUITES = ["benchmarks.engine", "benchmarks.ocr_receipts --n 20 --variant baseline --variant int8-unpadded",
          "benchmarks.ocr_accents", "benchmarks.scan_workers", "benchmarks.readers", "benchmarks.api",
          "benchmarks.reads", "benchmarks.load",
          "benchmarks.hostile", "benchmarks.synthetic.bench", "benchmarks.workflow_calibration",
          "benchmarks.learning", "benchmarks.learning --set synthetic", "benchmarks.schema_conformance",
          "benchmarks.lines", "benchmarks.lines_generated", "benchmarks.ask", "benchmarks.ask_scale"]


def main() -> None:
    for suite in SUITES:
        name, *args = suite.split()
        print(f"\n=== {suite} ===", flush=True)
        sys.argv = [name, *args]
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
