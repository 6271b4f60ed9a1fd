"""`ask` on the Kleister-NDA dev contracts: whether the answer itself holds the expected value, and what a question
costs.

    python -m benchmarks.ask [--docs 100] [--cache DIR] [--passages] [--show]

Every dev contract is read and indexed as a worker does it (parse -> knowledge.index_rows -> store.passages) into
one workflow of a fresh SQLite database, then asked, as the API asks, the questions a user would ask of it, written
from the field meanings of shared/bench/schemas/kleister-nda.json and naming the contract by its parties:

    jurisdiction    "Which state's law governs the agreement between {A} and {B}?"
    effective_date  "When does the agreement between {A} and {B} take effect?"
    term            "How long does the agreement between {A} and {B} last?"

An answer holds the expected value when the value, as score.py normalises it (dates as ISO), stands in the answer
text; a citation holds it when one of the quoted passages does. `--passages` answers with the best passage, as
ask did before (the old rule, on the new index). These are dev documents: the two-step search (the named
contract, then its own passages) was designed looking at their misses, so the figures are in-sample; the engine
itself was not tuned on questions. Parses are cached in --cache so a second run only asks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.engine import DEV, _score_module

QUESTIONS = {
    "jurisdiction": "Which state's law governs the agreement between {a} and {b}?",
    "effective_date": "When does the agreement between {a} and {b} take effect?",
    "term": "How long does the agreement between {a} and {b} last?",
}


def _parse(path: Path, cache: Path) -> dict:
    from fieldwise import documents
    from fieldwise.documents.parse_output import parse_output

    data = path.read_bytes()
    cached = cache / f"{hashlib.sha256(data).hexdigest()[:24]}.json"
    if cached.exists():
        return json.loads(cached.read_text())
    parse = parse_output(documents.read(data, "application/pdf"), path.name)
    cached.write_text(json.dumps(parse))
    return parse


def _holds(field: str, expected: str, text: str, score) -> bool:
    if field == "effective_date":
        truth = expected if re.match(r"^\d{4}-\d{2}-\d{2}$", expected) else score.parse_truth_date(expected)
        return truth is not None and truth in text
    return score.norm(expected) in score.norm(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--passages", action="store_true",
                        help="answer with the best passage, as ask did before it read questions as fields")
    parser.add_argument("--show", action="store_true", help="print each answer that misses")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "fieldwise-ask-cache"))
    args = parser.parse_args()
    from fieldwise.store import passages, workflows
    from fieldwise.store.db import Database
    from fieldwise.store.tables import Collection, Organization
    from fieldwise.workflows import knowledge
    from fieldwise.api.routes.v3.knowledge import _passage

    score = _score_module("dev")
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    entries = [json.loads(line) for line in (DEV / "manifest.jsonl").read_text().splitlines()
               if '"kleister-nda"' in line][:args.docs]
    folder = Path(tempfile.mkdtemp())
    db = Database(f"sqlite:///{folder / 'ask.db'}")
    db.migrate()
    with db.session() as session:
        org = Organization(name="bench")
        session.add(org)
        session.flush()
        org_id = org.id
        workflow_id = workflows.create(session, org.id, "nda", None, {"fields": []}).id
    for entry in entries:
        parse = _parse(DEV / entry["file"], cache)
        with db.session() as session:
            packet = Collection(organization_id=org_id, workflow_id=workflow_id, status="processed")
            session.add(packet)
            session.flush()
            passages.replace(session, packet, knowledge.index_rows(packet.id, [(packet.id, entry["file"])], parse))
    held: dict[str, list[int]] = {f: [0, 0, 0] for f in QUESTIONS}  # answer holds, a citation holds, asked
    latency = []
    for entry in entries:
        parties = entry["expected"].get("party") or []
        if len(parties) < 2:
            continue
        for field, template in QUESTIONS.items():
            if field not in entry["expected"]:
                continue
            question = template.format(a=parties[0], b=parties[1])
            started = time.perf_counter()
            with db.session() as session:
                found = knowledge.find(lambda words, limit, packet: [_passage(row) for row in passages.search(
                    session, org_id, workflow_id, words, limit, packet)], question)
            reply = knowledge.answer(question, found)
            if args.passages:
                reply = {**reply, "answer": found[0].text if found else knowledge.NO_MATCH}
            latency.append(time.perf_counter() - started)
            expected = entry["expected"][field]
            expected = expected if isinstance(expected, list) else [expected]
            holds = any(_holds(field, e, reply["answer"], score) for e in expected)
            held[field][0] += holds
            if not holds and args.show:
                print(f"MISS {field} {expected} <- {reply['answer'][:160]!r}")
            held[field][1] += any(_holds(field, e, c["quote"], score) for e in expected for c in reply["citations"])
            held[field][2] += 1
    print(f"ask on Kleister-NDA dev: {len(entries)} contracts indexed in one workflow, questions naming the parties"
          + (" (answer = the best passage)" if args.passages else ""))
    print(f"{'field':16} {'answer holds':>14} {'a citation holds':>18}")
    for field, (answers, cited, asked) in held.items():
        print(f"{field:16} {answers:>6}/{asked:<3} {answers / max(asked, 1):5.0%} {cited:>8}/{asked:<3} "
              f"{cited / max(asked, 1):5.0%}")
    answers, cited, asked = (sum(v[i] for v in held.values()) for i in range(3))
    print(f"{'all':16} {answers:>6}/{asked:<3} {answers / max(asked, 1):5.0%} {cited:>8}/{asked:<3} "
          f"{cited / max(asked, 1):5.0%}")
    if latency:
        print(f"per question: median {statistics.median(latency) * 1000:.0f} ms, "
              f"max {max(latency) * 1000:.0f} ms (search + answer, in process)")
    db.dispose()


if __name__ == "__main__":
    main()
