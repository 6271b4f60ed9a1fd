"""python -m benchmarks.synthetic generate --out DIR --per-kind N --seed S [--scans] [--kinds a,b] [--series N]
python -m benchmarks.synthetic score --dir DIR"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.synthetic.kinds import KINDS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write documents, schemas/ and manifest.jsonl to a folder")
    gen.add_argument("--out", required=True, type=Path)
    gen.add_argument("--per-kind", type=int, default=10)
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--scans", action="store_true", help="also a degraded scan (JPEG/PNG) of every document")
    gen.add_argument("--kinds", default=",".join(KINDS), help="comma-separated subset of " + ", ".join(KINDS))
    gen.add_argument("--series", type=int, default=0,
                     help="documents in runs of N sharing language, locale and layout (for benchmarks.learning)")
    sc = commands.add_parser("score", help="run the engine over a generated folder and print F1 breakdowns")
    sc.add_argument("--dir", required=True, type=Path)
    args = parser.parse_args(argv)
    if args.command == "generate":
        from benchmarks.synthetic.generate import generate

        kinds = tuple(k for k in args.kinds.split(",") if k)
        unknown = set(kinds) - set(KINDS)
        if unknown:
            parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
        rows = generate(args.out, args.per_kind, args.seed, scans=args.scans, kinds=kinds, series=args.series)
        print(f"{len(rows)} documents in {args.out} (manifest.jsonl, schemas/)")
    else:
        from benchmarks.synthetic.score import score

        score(args.dir)


if __name__ == "__main__":
    main()
