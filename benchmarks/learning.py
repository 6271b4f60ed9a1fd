"""Learning from reviewers: a reviewer played through the real API, with layout memory on and off, scored with
score2.py's rules, on one of two sets:

- `adbuy` (the default): dev2's 100 ad-buy orders. Documents are grouped by form layout: each document's layout
  fingerprint (fieldwise.extraction.sheet: the label and header words of its first page and where they sit)
  joins the first group whose first document it matches at the engine's own threshold (memory.MATCH), in
  manifest order; nothing reads the answers to group them.
- `synthetic`: generated documents of the seven synthetic kinds in series (benchmarks.synthetic --series: runs
  of documents that share language, layout, label words and formats, one sender's documents); a series is a
  group. Their answers are exact, so what learning leaves wrong is learning's.

One workflow per schema takes every document, group after group, each group in order; after each document the
reviewer PATCHes every wrong field to the right value. F1 is reported on the documents that k = 0, 1, 3, 5
corrected documents of their layout came before (and on all documents after 3 or more), learning on against the
same run with FIELDWISE_LEARNING=false, with the share of layout groups where learning made a field worse, and
the ceiling: the share of answers on documents after 3 or more that are printed on their page as the answer
(what no reader of the page can beat, where the answers are not exact).

    python -m benchmarks.learning [--set adbuy|synthetic] [--limit N] [--groups N] [--json FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from dataclasses import dataclass
from typing import Any

import httpx

from benchmarks.servers import fieldwise_server

ROOT = Path(__file__).resolve().parents[1]
BENCH = (ROOT / ".." / "shared" / "bench").resolve()
SCHEMA = "adbuy"
KS = (0, 1, 3, 5)
SYNTHETIC = {"seed": 57, "per_kind": 24, "series": 8}  # 7 kinds x 3 series of 8 documents
UNPATCHED = ("object", "list")  # fields a reviewer corrects cell by cell: left out of the play


def _score2() -> Any:
    spec = importlib.util.spec_from_file_location("bench_score2", BENCH / "score2.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def rows() -> list[dict[str, Any]]:
    lines = (BENCH / "dev2" / "manifest.jsonl").read_text().splitlines()
    return [r for r in (json.loads(line) for line in lines if line.strip()) if r["schema"] == SCHEMA]


@dataclass
class Play:
    """What a reviewer plays through: documents in groups of one layout, each row with its file under `folder`,
    its `schema` and the answers `expected`; the schemas by name."""

    folder: Path
    groups: list[list[dict[str, Any]]]
    schemas: dict[str, dict[str, Any]]


def adbuy() -> Play:
    schema = json.loads((BENCH / "schemas" / f"{SCHEMA}.json").read_text())
    groups = sorted(layout_groups(rows(), BENCH / "dev2"), key=len, reverse=True)
    return Play(BENCH / "dev2", groups, {SCHEMA: schema})


def synthetic(folder: Path) -> Play:
    from benchmarks.synthetic.generate import generate

    made = [r for r in generate(folder, **SYNTHETIC) if r["medium"] == "pdf"]
    series: dict[str, list[dict[str, Any]]] = {}
    for row in made:
        series.setdefault(row["series"], []).append(row)
    schemas = {r["schema"]: json.loads((folder / "schemas" / f"{r['schema']}.json").read_text()) for r in made}
    return Play(folder, list(series.values()), schemas)


def layout_groups(found: list[dict[str, Any]], folder: Path) -> list[list[dict[str, Any]]]:
    """Documents grouped by layout fingerprint (see the module's docstring)."""
    from fieldwise import documents
    from fieldwise.extraction.memory import MATCH
    from fieldwise.extraction.sheet import Sheet, similarity

    groups: list[tuple[list, list[dict[str, Any]]]] = []
    for row in found:
        data = (folder / row["file"]).read_bytes()
        fingerprint = Sheet.from_document(documents.read(data, "application/pdf")).fingerprint()
        for first, members in groups:
            if similarity(fingerprint, first) >= MATCH:
                members.append(row)
                break
        else:
            groups.append((fingerprint, [row]))
    return [members for _, members in groups]


def _truth(score2: Any, kind: str, raw: Any) -> Any:
    """The answer as the review API takes it: typed like the field."""
    if kind == "date":
        return score2.parse_date(raw)
    if kind in ("float", "integer"):
        number = score2.number(raw)
        return int(number) if kind == "integer" and number is not None else number
    if kind == "boolean":
        return score2.boolean(raw)
    return str(raw)


def ceilings(game: Play, score2: Any, off: list[dict[str, Any]]) -> tuple[float, float]:
    """Two bounds on documents after 3 or more of their layout: the share of answers their page prints as the
    answer (the layout memory's reader finds them there: no reader of the page gets the others), and the share
    a memory of places could reach at best: the engine alone got it, or it stands where an earlier document of
    its layout had its answer (the same anchor words, the same column). Where annotators took a value from
    different places on one form, the second is the lower."""
    from fieldwise import documents
    from fieldwise.extraction import values
    from fieldwise.extraction.memory import teach
    from fieldwise.extraction.schema import fields_from_schema
    from fieldwise.extraction.sheet import Sheet

    engine = {(v["group"], v["k"], v["field"]): v["right"] for v in off}
    printed = reachable = total = 0
    for number, group in enumerate(game.groups):
        seen: set[tuple[str, tuple[str, ...], float]] = set()
        for k, row in enumerate(group):
            data = (game.folder / row["file"]).read_bytes()
            sheet = Sheet.from_document(documents.read(data, documents.detect_media_type(data, row["file"])))
            specs = {spec.name: spec for spec in fields_from_schema(game.schemas[row["schema"]])}
            for name, raw in row["expected"].items():
                spec = specs[name]
                if raw in (None, "") or spec.data_type in UNPATCHED or spec.data_type == "boolean":
                    continue
                lesson = teach(sheet, spec, values.check(spec, _truth(score2, spec.data_type, raw)))
                place = (name, lesson.anchor, round(lesson.value_box.x0, 1)) if lesson else None
                if k >= 3:
                    total += 1
                    printed += lesson is not None
                    reachable += engine.get((number, k, name), False) or place in seen
                if place:
                    seen.add(place)
    return (printed / total, reachable / total) if total else (1.0, 1.0)


def play(game: Play, learning: bool, score2: Any, folder: Path) -> list[dict[str, Any]]:
    """Every document through one server, the reviewer correcting each; per document and field, right or not."""
    server, key = fieldwise_server(folder, learning="true" if learning else "false", workers="1",
                                   rate_limit_submissions="100000", rate_limit_general="100000")
    out: list[dict[str, Any]] = []
    with server, httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {key}"},
                              timeout=120) as api:
        workflows = {name: api.post("/v2/workflows/", json={"name": schema["name"], "fields": schema["fields"]})
                     .json()["id"] for name, schema in game.schemas.items()}
        kinds = {name: {f["name"]: f.get("data_type", "string") for f in schema["fields"]}
                 for name, schema in game.schemas.items()}
        for number, group in enumerate(game.groups):
            for k, row in enumerate(group):
                data = (game.folder / row["file"]).read_bytes()
                run = api.post(f"/v2/workflows/{workflows[row['schema']]}/run/",
                               files={"file": (Path(row["file"]).name, data, "application/pdf")}).json()
                found = _wait(api, run["id"])
                types = kinds[row["schema"]]
                for name, raw in row["expected"].items():
                    if raw in (None, "") or types[name] in UNPATCHED:
                        continue  # score2.py leaves a field with no answer out
                    predicted = score2.pred_values(found.get(name))
                    right = any(score2.match(types[name], raw, p) for p in predicted)
                    out.append({"group": number, "k": k, "field": name, "right": right, "said": bool(predicted)})
                    if not right:
                        api.patch(f"/v2/files/{run['id']}/fields/{name}/",
                                  json={"value": _truth(score2, types[name], raw)})
    return out


def _wait(api: httpx.Client, collection_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        response = api.get(f"/v2/files/{collection_id}/extraction/")
        if response.status_code != 412:
            return response.json() if response.status_code == 200 else {}
        time.sleep(0.05)
    raise RuntimeError(f"{collection_id} not processed in 300 s")


def f1(values: list[dict[str, Any]]) -> float:
    """score2.py's micro F1 with one value per field: a wrong answer is a false positive and a false negative."""
    right = sum(v["right"] for v in values)
    said = sum(v["said"] for v in values)
    precision = right / said if said else 0.0
    recall = right / len(values) if values else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def report(on: list[dict[str, Any]], off: list[dict[str, Any]], groups: int) -> dict[str, Any]:
    figures: dict[str, Any] = {"groups": groups}
    print(f"{'documents of their layout corrected before':<44} {'docs':>5} {'F1 off':>7} {'F1 on':>7}")
    for label, keep in [(f"k = {k}", lambda v, k=k: v["k"] == k) for k in KS] + [("k >= 3", lambda v: v["k"] >= 3)]:
        a, b = [v for v in off if keep(v)], [v for v in on if keep(v)]
        docs = len({(v["group"], v["k"]) for v in b})
        figures[label] = {"docs": docs, "off": round(f1(a), 3), "on": round(f1(b), 3)}
        print(f"{label:<44} {docs:>5} {f1(a):>7.3f} {f1(b):>7.3f}")
    worse_field = worse_group = 0
    lines = []
    for group in range(groups):
        mine_on, mine_off = [v for v in on if v["group"] == group], [v for v in off if v["group"] == group]
        lines.append(f"{len({v['k'] for v in mine_on})} docs {f1(mine_off):.3f} -> {f1(mine_on):.3f}")
        by_field_on, by_field_off = defaultdict(list), defaultdict(list)
        for v in on:
            if v["group"] == group:
                by_field_on[v["field"]].append(v)
        for v in off:
            if v["group"] == group:
                by_field_off[v["field"]].append(v)
        if any(f1(by_field_on[name]) < f1(by_field_off[name]) for name in by_field_off):
            worse_field += 1
        if f1([v for v in on if v["group"] == group]) < f1([v for v in off if v["group"] == group]) - 0.02:
            worse_group += 1
    print("per layout group, F1 off -> on: " + "; ".join(lines))
    figures["groups_any_field_worse"] = worse_field
    figures["groups_f1_down_by_more_than_0.02"] = worse_group
    figures["overall"] = {"off": round(f1(off), 3), "on": round(f1(on), 3)}
    print(f"overall F1 off {f1(off):.3f}, on {f1(on):.3f}; {groups} layout groups, learning made a field worse in "
          f"{worse_field} ({worse_field / max(groups, 1):.0%}) and lowered the group's F1 by more than 0.02 in "
          f"{worse_group}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=("adbuy", "synthetic"), default="adbuy", dest="name",
                        help="dev2's ad-buy orders, or generated series of the synthetic kinds")
    parser.add_argument("--limit", type=int, default=None, help="at most this many documents of each group")
    parser.add_argument("--groups", type=int, default=None, help="only the first N groups (largest first)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    score2 = _score2()
    with tempfile.TemporaryDirectory() as tmp:
        game = adbuy() if args.name == "adbuy" else synthetic(Path(tmp) / "documents")
        game.groups = [g[:args.limit] for g in game.groups[:args.groups]]
        print(f"{sum(map(len, game.groups))} {args.name} documents in {len(game.groups)} layout groups: "
              f"{[len(g) for g in game.groups]}")
        started = time.perf_counter()
        off = play(game, False, score2, Path(tmp) / "off")
        on = play(game, True, score2, Path(tmp) / "on")
        print(f"({time.perf_counter() - started:.0f} s)")
        printed, reachable = ceilings(game, score2, off)
    figures = report(on, off, len(game.groups))
    figures["ceiling_k3"] = {"printed": round(printed, 3), "places": round(reachable, 3)}
    print(f"bounds on k >= 3: {printed:.3f} of the answers are printed on their page as the answer; a memory of "
          f"places could reach at best {reachable:.3f} (the engine alone, or where the layout's answer was before)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
