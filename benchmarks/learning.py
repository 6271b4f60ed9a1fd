"""Learning from reviewers: a reviewer played on dev2's ad-buy orders through the real API, with layout memory on
and off, scored with score2.py's rules.

Documents are grouped by form layout: each document's layout fingerprint (fieldwise.extraction.sheet: the label
and header words of its first page and where they sit) joins the first group whose first document it matches at
the engine's own threshold (memory.MATCH), in manifest order; nothing reads the answers to group them. One
workflow takes every document, group after group, each group in manifest order; after each document the
reviewer PATCHes every wrong field to the right value. F1 is reported on the documents that k = 0, 1, 3, 5
corrected documents of their layout came before (and on all documents after 3 or more), learning on against the
same run with FIELDWISE_LEARNING=false, with the share of layout groups where learning made a field worse.

    python -m benchmarks.learning [--limit N] [--groups N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

from benchmarks.servers import fieldwise_server

ROOT = Path(__file__).resolve().parents[1]
BENCH = (ROOT / ".." / "shared" / "bench").resolve()
SCHEMA = "adbuy"
KS = (0, 1, 3, 5)


def _score2() -> Any:
    spec = importlib.util.spec_from_file_location("bench_score2", BENCH / "score2.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def rows() -> list[dict[str, Any]]:
    lines = (BENCH / "dev2" / "manifest.jsonl").read_text().splitlines()
    return [r for r in (json.loads(line) for line in lines if line.strip()) if r["schema"] == SCHEMA]


def layout_groups(found: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Documents grouped by layout fingerprint (see the module's docstring)."""
    from fieldwise import documents
    from fieldwise.extraction.memory import MATCH
    from fieldwise.extraction.sheet import Sheet, similarity

    groups: list[tuple[list, list[dict[str, Any]]]] = []
    for row in found:
        data = (BENCH / "dev2" / row["file"]).read_bytes()
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
        return score2.number(raw)
    return str(raw)


def play(groups: list[list[dict[str, Any]]], learning: bool, types: dict[str, str], score2: Any,
         folder: Path) -> list[dict[str, Any]]:
    """Every document through one server, the reviewer correcting each; per document and field, right or not."""
    server, key = fieldwise_server(folder, learning="true" if learning else "false", workers="1",
                                   rate_limit_submissions="100000", rate_limit_general="100000")
    schema = json.loads((BENCH / "schemas" / f"{SCHEMA}.json").read_text())
    out: list[dict[str, Any]] = []
    with server, httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {key}"},
                              timeout=120) as api:
        workflow = api.post("/v2/workflows/", json={"name": "Ad buys", "fields": schema["fields"]}).json()["id"]
        for number, group in enumerate(groups):
            for k, row in enumerate(group):
                data = (BENCH / "dev2" / row["file"]).read_bytes()
                run = api.post(f"/v2/workflows/{workflow}/run/",
                               files={"file": (Path(row["file"]).name, data, "application/pdf")}).json()
                found = _wait(api, run["id"])
                for name, raw in row["expected"].items():
                    if raw in (None, ""):
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
    parser.add_argument("--limit", type=int, default=None, help="at most this many documents of each group")
    parser.add_argument("--groups", type=int, default=None, help="only the first N groups (largest first)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    score2 = _score2()
    schema = json.loads((BENCH / "schemas" / f"{SCHEMA}.json").read_text())
    types = {f["name"]: f.get("data_type", "string") for f in schema["fields"]}
    groups = sorted(layout_groups(rows()), key=len, reverse=True)[:args.groups]
    groups = [g[:args.limit] for g in groups]
    print(f"{sum(map(len, groups))} ad-buy documents in {len(groups)} layout groups: {[len(g) for g in groups]}")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        off = play(groups, False, types, score2, Path(tmp) / "off")
        on = play(groups, True, types, score2, Path(tmp) / "on")
        print(f"({time.perf_counter() - started:.0f} s)")
    figures = report(on, off, len(groups))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
