"""Train the engine's one scorer and write src/fieldwise/extraction/scorer.json.

    python -m benchmarks.train [--cache DIR] [--synthetic DIR ...] [--dry-run]

Every field of every document of the dev sets (SROIE, Kleister-NDA, ad orders, invoices) and of generated sets
(benchmarks.synthetic, one kind per document kind) gives the pool the readers propose (engine.field_pool); each
candidate is labelled right or wrong by the sets' own scorers (score.py, score2.py). A gradient-boosted tree model
(LightGBM, deterministic, one thread) learns the probability that a candidate is its field's answer.

Honest figures: every kind is left out in turn, the model trained on the others and the held-out kind scored (F1,
ECE, share right at 90+). Those held-out predictions are also what the shipped calibration map and the abstention
thresholds are fitted on, so the confidence means what it would on a kind the model never saw. Figures on kinds
the model was trained on are labelled in-sample.

Why LightGBM: it trains the 40k candidates in about a second, is deterministic with `deterministic=True` and one
thread, and dumps its trees as JSON, which the engine walks with numpy (extraction.scorer): no LightGBM or SciPy in
a worker. scikit-learn's HistGradientBoosting gave the same held-out F1 within 0.005 in a trial but keeps its trees
in private attributes.
"""

from __future__ import annotations

import argparse
import json
import zlib
from contextlib import contextmanager
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.devloop import BENCH, SETS, documents, manifest, scorers

OUT = Path(__file__).resolve().parents[1] / "src" / "fieldwise" / "extraction" / "scorer.json"
PARAMS = {
    "objective": "binary", "learning_rate": 0.05, "num_leaves": 15, "max_depth": 4, "min_data_in_leaf": 40,
    "lambda_l2": 1.0, "feature_fraction": 0.8, "feature_fraction_seed": 7, "bagging_fraction": 1.0,
    "deterministic": True, "force_row_wise": True, "num_threads": 1, "seed": 7, "verbose": -1,
}
ROUNDS = 150
THRESHOLDS = [t / 100 for t in range(0, 71, 5)]  # abstention thresholds tried, as calibrated probabilities
MISSING = 5.0


def isotonic_knots(pairs: list[tuple[float, bool]], bins: int = 20) -> list[list[float]]:
    """Pool-adjacent-violators over equal-count bins of (probability, right?): knots (probability, share right)
    rising monotonically. Never certain: the ends stay within 0.01 and 0.99."""
    pairs = sorted(pairs)
    size = max(len(pairs) // bins, 1)
    blocks = [[sum(p for p, _ in chunk) / len(chunk), sum(r for _, r in chunk) / len(chunk), len(chunk)]
              for chunk in (pairs[i:i + size] for i in range(0, len(pairs), size))]
    merged: list[list[float]] = []
    for block in blocks:
        merged.append(block)
        while len(merged) > 1 and merged[-2][1] > merged[-1][1]:
            b, a = merged.pop(), merged.pop()
            n = a[2] + b[2]
            merged.append([(a[0] * a[2] + b[0] * b[2]) / n, (a[1] * a[2] + b[1] * b[2]) / n, n])
    return [[round(x, 4), round(min(max(y, 0.01), 0.99), 4)] for x, y, _ in merged]


@dataclass
class FieldCase:
    """One field of one document: its pool's feature rows and which of them are right."""

    kind: str
    document: str
    field: str
    family: str
    rows: list[tuple[float, ...]]
    right: list[bool]
    values: list[object]
    truths: int  # how many true values the field has (0: the field is empty on this document)
    counted: bool  # whether a report on an empty field counts against precision (score.py: yes; score2.py: no)
    decoy: bool = False  # a field of another kind's schema that the document never names


DECOYS = 3  # fields of other kinds' schemas asked of each document that never names them (all answers wrong)


def _decoys(index, own: set[str], others: list, file: str) -> list:
    """Fields of other kinds' schemas whose words the document never prints: what a user asks of a document that
    does not hold it. Every candidate for them is wrong, which teaches the scorer that a value of the right type
    is no answer when nothing on the page names the field. Chosen by a hash of the file, so runs agree."""
    from fieldwise.extraction.engine import named_in

    fresh = [spec for spec in others if spec.name not in own and spec.data_type != "object"
             and not named_in(index, spec)]
    fresh.sort(key=lambda spec: zlib.crc32(f"{file}:{spec.name}".encode()))
    return fresh[:DECOYS]


def _cases_of(kind: str, folder: str, scorer, files, fields, expected: dict, others: list) -> list[FieldCase]:
    from fieldwise.extraction.answers import DocumentContext
    from fieldwise.extraction.engine import field_pool, reads_day_first, reads_decimal
    from fieldwise.extraction.features import describe
    from fieldwise.extraction.index import build_index
    from fieldwise.extraction.meaning import read_field
    from fieldwise.extraction.normalize.numbers import convention
    from fieldwise.extraction.scorer import family

    out = []
    own = {spec.name for spec in fields}
    for file, document in files:
        index = build_index(document)
        day_first = reads_day_first(index)
        with convention(reads_decimal(index)):
            asked = [spec for spec in fields + _decoys(index, own, others, file) if spec.data_type != "object"]
            pools = [field_pool(index, spec, day_first) for spec in asked]
            context = DocumentContext.of(pools)
            for spec, pool in zip(asked, pools):
                decoy = spec.name not in own
                truth = None if decoy else expected[file].get(spec.name)
                truths = [t for t in scorer.as_list(truth) if t not in (None, "")]
                if folder != "dev" and not truths and not decoy:
                    continue  # score2 does not score a field without an answer
                key = spec.name if folder == "dev" else spec.data_type
                right = [any(scorer.match(key, t, v) for t in truths) for v in
                         (c.value[0] if isinstance(c.value, list) and len(c.value) == 1 else c.value
                          for c in pool.candidates)]
                features = describe(pool.candidates, read_field(pool.spec), index, pool.named, context)
                out.append(FieldCase(kind, file, spec.name, family(pool.spec.data_type),
                                     [f.row() for f in features], right,
                                     [c.value for c in pool.candidates], len(truths), folder == "dev" or decoy,
                                     decoy))
    return out


def _schemas(synthetic: list[Path], dev_kinds: list[str]) -> dict[str, list]:
    """kind -> its schema's fields, for every set: the pool decoys are drawn from."""
    from fieldwise.extraction.schema import fields_from_schema

    out = {kind: fields_from_schema(json.loads((BENCH / "schemas" / f"{kind}.json").read_text()))
           for kind in dev_kinds}
    for folder in synthetic:
        for path in sorted((folder / "schemas").glob("*.json")):
            out.setdefault(f"generated:{path.stem}", fields_from_schema(json.loads(path.read_text())))
    return out


def collect(cache: Path, synthetic: list[Path], dev_kinds: list[str],
            unknown: tuple[Path, ...] = ()) -> list[FieldCase]:
    by_folder = scorers()
    schemas = _schemas(synthetic, dev_kinds)

    def others(kind: str) -> list:
        return [spec for name, fields in sorted(schemas.items()) if name != kind for spec in fields]

    cases: list[FieldCase] = []
    for kind in dev_kinds:
        folder = SETS[kind]
        expected = {row["file"]: row["expected"] for row in manifest(folder) if row["schema"] == kind}
        cases += _cases_of(kind, folder, by_folder[folder], documents(kind, cache).items(), schemas[kind], expected,
                           others(kind))
        print(f"  {kind}: {sum(1 for c in cases if c.kind == kind)} fields", flush=True)
    for folder in synthetic:
        cases += _generated(folder, by_folder, others, held_out=False)
    for folder in unknown:
        with words_held_out(UNKNOWN_SHARE):
            cases += _generated(folder, by_folder, others, held_out=True)
    return cases


def _generated(folder: Path, by_folder, others, held_out: bool) -> list[FieldCase]:
    """A generated set's fields, one kind per document kind; read with label words held out when `held_out` (its
    documents then count as their kind's: a kind left out leaves out both readings)."""
    from fieldwise import documents as readers
    from fieldwise.extraction.schema import fields_from_schema

    prefix = "unknown-words/" if held_out else ""
    rows = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines() if line.strip()]
    cases: list[FieldCase] = []
    for kind in sorted({row["kind"] for row in rows}):
        chosen = [row for row in rows if row["kind"] == kind]
        for schema in sorted({row["schema"] for row in chosen}):
            mine = [row for row in chosen if row["schema"] == schema]
            fields = fields_from_schema(json.loads((folder / "schemas" / f"{schema}.json").read_text()))
            files = ((prefix + row["file"], readers.read((folder / row["file"]).read_bytes(), "application/pdf",
                                                         filename=row["file"])) for row in mine)
            cases += _cases_of(f"generated:{kind}", "dev2", by_folder["dev2"], files, fields,
                               {prefix + row["file"]: row["expected"] for row in mine}, others(f"generated:{schema}"))
        label = f"generated:{kind}" + (" (label words held out)" if held_out else "")
        print(f"  {label}: {sum(1 for c in cases if c.kind == f'generated:{kind}')} fields", flush=True)
    return cases


UNKNOWN_SHARE = 0.4  # of each concept's label words, held out of the engine for the unknown-words pass


@contextmanager
def words_held_out(share: float):
    """The engine with a share of each concept's label words unknown to it (chosen by a hash of the word, so runs
    agree): generated documents read this way meet labels the lexicon lacks, as real documents of new kinds do,
    and the scorer learns what such a page looks like. Only the lexicon changes; the documents stay the same."""
    from fieldwise.extraction import datafiles, meaning

    original = datafiles.load

    def load(name: str) -> dict:
        raw = original(name)
        if name != "lexicon":
            return raw
        kept = {concept: [w for w in words if zlib.crc32(w.encode()) % 100 >= share * 100] or words[:1]
                for concept, words in raw["concepts"].items()}
        return {**raw, "concepts": kept}

    def forget() -> None:
        for cached in (meaning.lexicon, meaning._concepts, meaning.read_field):
            cached.cache_clear()

    datafiles.load = load
    forget()
    try:
        yield
    finally:
        datafiles.load = original
        forget()


def train(cases: list[FieldCase]):
    """A LightGBM booster on the candidates of `cases`, each kind weighing the same in all."""
    import lightgbm as lgb
    import numpy as np

    per_kind = defaultdict(int)
    for case in cases:
        per_kind[case.kind] += len(case.rows)
    rows, labels, weights = [], [], []
    for case in cases:
        for row, right in zip(case.rows, case.right):
            rows.append(row)
            labels.append(float(right))
            weights.append(1000.0 / per_kind[case.kind])
    data = lgb.Dataset(np.asarray(rows), label=np.asarray(labels), weight=np.asarray(weights), free_raw_data=True)
    return lgb.train(PARAMS, data, num_boost_round=ROUNDS)


@dataclass
class Decision:
    """What the engine would answer for one field: its most believed candidate, before calibration."""

    probability: float
    right: bool
    truths: int
    counted: bool
    family: str
    kind: str
    decoy: bool = False
    words_held_out: bool = False  # read with a share of the lexicon's label words held out


def decide(booster, cases: list[FieldCase]) -> list[Decision]:
    import numpy as np

    out = []
    for case in cases:
        if not case.rows:
            out.append(Decision(0.0, False, case.truths, case.counted, case.family, case.kind, case.decoy,
                                case.document.startswith("unknown-words/")))
            continue
        probabilities = booster.predict(np.asarray(case.rows))
        best = int(np.argmax(probabilities))
        out.append(Decision(float(probabilities[best]), case.right[best], case.truths, case.counted, case.family,
                            case.kind, case.decoy, case.document.startswith("unknown-words/")))
    return out


def f1(decisions: list[Decision], knots, abstain: dict[str, float]) -> tuple[float, list[tuple[float, bool]]]:
    """Micro F1 as the sets' scorers count it (one value per field), and the (confidence, right) of each report."""
    from fieldwise.extraction.scorer import apply_knots

    tp = fp = fn = 0
    reported = []
    for d in decisions:
        confidence = apply_knots(knots, d.probability) if d.probability > 0 else 0.0
        answers = d.probability > 0 and confidence >= abstain.get(d.family, 0.0)
        if answers:
            reported.append((confidence, d.right))
            if d.right:
                tp += 1
            elif d.truths or d.counted:
                fp += 1
        fn += d.truths - (1 if answers and d.right else 0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return (2 * precision * recall / (precision + recall) if precision + recall else 0.0), reported


def ece(pairs: list[tuple[float, bool]], bins: int = 10) -> float:
    total = 0.0
    for b in range(bins):
        inside = [(p, r) for p, r in pairs if b / bins <= p < (b + 1) / bins or (b == bins - 1 and p >= 1)]
        total += abs(sum(p for p, _ in inside) - sum(r for _, r in inside))
    return total / len(pairs) if pairs else 0.0


def high_share(pairs: list[tuple[float, bool]]) -> tuple[float, int]:
    high = [r for p, r in pairs if p >= 0.9]
    return (sum(high) / len(high) if high else float("nan")), len(high)


def held_out(cases: list[FieldCase], kinds: list[str]) -> list[Decision]:
    """Every kind's decisions from a model trained on the other kinds (never on readings with words held out,
    which are for measuring only)."""
    out = []
    for kind in kinds:
        booster = train([c for c in cases if c.kind != kind and not _unknown(c)])
        out += decide(booster, [c for c in cases if c.kind == kind])
    return out


def _unknown(case: FieldCase) -> bool:
    return case.document.startswith("unknown-words/")


ABSTAIN_COST = 0.005  # F1 on the sets' own fields that answering null below the threshold may cost
FAMILIES = ("text", "number", "date", "choice")
REAL_SHARE = 0.7  # of the calibration map's weight, for real documents' kinds; the rest for generated ones


def fit_map(decisions: list[Decision]) -> tuple[list[list[float]], dict[str, float]]:
    """The calibration map and the abstention threshold per data-type family that gives the best F1 on the sets'
    own fields. In the map each real kind weighs the same, and real kinds together REAL_SHARE: generated kinds are
    easier than real ones and would make the map promise too much (held out, real kinds' ECE 0.111 with every kind
    weighing the same, 0.077 at 0.7, 0.075 at 1.0, where generated kinds' rose from 0.113 to 0.159)."""
    kinds = sorted({d.kind for d in decisions})
    real = [k for k in kinds if not k.startswith("generated:")]
    generated = [k for k in kinds if k.startswith("generated:")]
    least = min(sum(1 for d in decisions if d.kind == k and d.probability > 0) for k in kinds)
    pairs = []
    for kind in kinds:  # each kind's decisions, spread evenly over its probabilities, in its share
        share = REAL_SHARE / len(real) if kind in real else (1 - REAL_SHARE) / len(generated)
        if not generated or not real:
            share = 1 / len(kinds)
        count = int(share * least * len(kinds))
        mine = sorted((d.probability, d.right) for d in decisions if d.kind == kind and d.probability > 0)
        step = len(mine) / max(count, 1)
        pairs += [mine[min(int(i * step), len(mine) - 1)] for i in range(count)] if mine else []
    knots = isotonic_knots(pairs, bins=20)
    # One threshold for every type, the highest within ABSTAIN_COST of the best F1 on the sets' own fields: a value
    # the engine barely believes is more often one for a field the document does not hold than a right one. (Per
    # type, the thresholds followed the few choice fields' noise: 0.7 for enums and booleans.)
    real = [d for d in decisions if not d.decoy]
    scores = {t: f1(real, knots, dict.fromkeys(FAMILIES, t))[0] for t in THRESHOLDS}
    threshold = max(t for t, score in scores.items() if score >= max(scores.values()) - ABSTAIN_COST)
    abstain = dict.fromkeys(FAMILIES, threshold)
    return knots, abstain


def report(label: str, decisions: list[Decision], knots, abstain) -> dict[str, float]:
    """F1 on the set's own fields, as its scorer counts; ECE and the share right at 90+ over every reported value,
    the decoys' included (a value reported for a field the document does not hold is a confident error too)."""
    real = [d for d in decisions if not d.decoy]
    decoys = [d for d in decisions if d.decoy]
    score, _ = f1(real, knots, abstain)
    _, pairs = f1(decisions, knots, abstain)
    _, decoy_pairs = f1(decoys, knots, abstain)
    share, n = high_share(pairs)
    figures = {"f1": round(score, 3), "ece": round(ece(pairs), 3), "right_at_90": round(share, 3) if n else None,
               "at_90": n, "reported": len(pairs), "fields": len(real), "decoys": len(decoys),
               "decoys_answered": len(decoy_pairs)}
    print(f"  {label:28s} F1 {score:.3f}  ECE {figures['ece']:.3f}  right at 90+ {share:.3f} of {n}  "
          f"({len(real)} fields; {len(decoy_pairs)} of {len(decoys)} absent fields answered)", flush=True)
    return figures


def export(booster) -> dict:
    """The booster's trees as flat arrays for extraction.scorer.Forest."""
    dump = booster.dump_model()
    feature, threshold, left, right, value, mean, roots = [], [], [], [], [], [], []
    depth = 0

    def walk(node: dict, level: int) -> int:
        nonlocal depth
        at = len(feature)
        feature.append(-1)
        threshold.append(0.0)
        left.append(at)
        right.append(at)
        value.append(0.0)
        mean.append(float(node.get("leaf_value", node.get("internal_value", 0.0))))
        if "leaf_value" in node:
            value[at] = float(node["leaf_value"])
            depth = max(depth, level)
            return at
        if node.get("decision_type") != "<=":
            raise ValueError(f"unsupported split {node.get('decision_type')}")
        feature[at] = int(node["split_feature"])
        threshold[at] = float(node["threshold"])
        left[at] = walk(node["left_child"], level + 1)
        right[at] = walk(node["right_child"], level + 1)
        return at

    for tree in dump["tree_info"]:
        roots.append(walk(tree["tree_structure"], 0))
    return {"feature": feature, "threshold": threshold, "left": left, "right": right, "value": value,
            "mean": mean, "roots": roots, "depth": depth}


def main() -> None:
    import numpy as np

    from fieldwise.extraction.features import NAMES

    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default=str(Path(__file__).resolve().parents[1] / ".cache" / "devloop"))
    parser.add_argument("--synthetic", type=Path, action="append", default=[],
                        help="a folder made by `python -m benchmarks.synthetic generate` (repeatable)")
    parser.add_argument("--unknown-words", type=Path, action="append", default=[],
                        help="a generated folder read again with a share of the lexicon's label words held out")
    parser.add_argument("--kinds", default=",".join(SETS), help="dev kinds to read (default: all)")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    print("reading pools", flush=True)
    cases = collect(Path(args.cache), args.synthetic, [k for k in args.kinds.split(",") if k],
                    tuple(args.unknown_words))
    kinds = sorted({c.kind for c in cases})
    print(f"{len(cases)} fields, {sum(len(c.rows) for c in cases)} candidates, kinds: {', '.join(kinds)}")

    print("leave one kind out (each kind scored by a model that never saw it; map fitted on the other kinds):")
    outer = held_out(cases, kinds)
    figures = {}
    unknown = [d for d in outer if d.words_held_out]
    outer = [d for d in outer if not d.words_held_out]
    for kind in kinds:
        others = [d for d in outer if d.kind != kind]  # the map a model without this kind would ship with
        figures[kind] = report(kind, [d for d in outer if d.kind == kind], *fit_map(others))
    if unknown:  # measured only: each generated kind read with label words held out, by a model without the kind
        figures["generated, label words held out"] = report("generated, words held out", unknown, *fit_map(outer))
    knots, abstain = fit_map(outer)
    booster = train([c for c in cases if not _unknown(c)])
    print("the shipped model, in-sample (trained on every kind, so these figures flatter it):")
    in_sample = report("all kinds (in-sample)", decide(booster, [c for c in cases if not _unknown(c)]), knots,
                       abstain)
    probe_rows = [row for case in cases[:: max(len(cases) // 40, 1)] for row in case.rows[:1]]
    model = {
        "features": list(NAMES), "forest": export(booster), "knots": knots, "abstain": abstain, "missing": MISSING,
        "trained_on": kinds, "params": PARAMS, "rounds": ROUNDS,
        "held_out": figures, "in_sample": in_sample,
        "probes": {"rows": probe_rows, "probabilities": [round(float(p), 9) for p in
                                                          booster.predict(np.asarray(probe_rows))]},
    }
    print(f"abstain below: {abstain}")
    if not args.dry_run:
        OUT.write_text(json.dumps(model, separators=(",", ":")) + "\n")
        print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
