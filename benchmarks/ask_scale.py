"""What one `ask` costs the API process as the workflow's corpus grows: 1, 10 and 100 MB of passage text.

    python -m benchmarks.ask_scale [--sizes 1,10,100] [--questions 20]

For each size, a fresh `fieldwise serve` (embedded: SQLite with FTS5) gets a workflow with a knowledge node; its
index is filled with synthetic contract passages written straight into the server's database, as the workers'
outcome transaction writes them (store.passages.replace), since processing 100 MB of documents would measure the
workers, not ask. Then the questions are asked one after another over HTTP, and printed: the median and the
slowest answer, and the API process's resident memory before the first question and at its highest during them
(sampled every 20 ms; worker processes are not counted).

Targets (issue 21): under 1 s a question and under 50 MB of the API process at 100 MB of corpus.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

from benchmarks.servers import fieldwise_server

STATES = ["Delaware", "New York", "California", "Texas", "Ohio", "Florida", "Nevada", "Illinois", "Georgia"]
WORDS = ("confidential information recipient disclosing party obligations agreement term notice breach remedy "
         "injunctive relief affiliates employees agents representatives return destroy materials trade secrets "
         "survive termination assignment successors counterparts waiver severability entire understanding").split()
QUESTIONS = ["Which state's law governs the agreement between {a} and {b}?",
             "When does the agreement between {a} and {b} take effect?",
             "How long does the agreement between {a} and {b} last?"]
PASSAGES_PER_DOCUMENT = 200


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _document(rng: random.Random, index: int) -> list[str]:
    a, b = f"Company{index} Holdings Inc.", f"Partner{index} Labs LLC"
    out = [f"This Mutual Non-Disclosure Agreement is entered into as of March {1 + index % 28}, 2015 by and "
           f"between {a} and {b}.",
           f"This Agreement shall be governed by the laws of the State of {rng.choice(STATES)}.",
           f"This Agreement shall remain in effect for a period of {1 + index % 5} years."]
    while len(out) < PASSAGES_PER_DOCUMENT:
        out.append(" ".join(rng.choice(WORDS) for _ in range(80)).capitalize() + ".")
    return out


def _fill(db_path: Path, workflow_id: str, megabytes: int) -> int:
    """Synthetic passages into the server's database until `megabytes` of text; returns how many documents."""
    from fieldwise.store import passages
    from fieldwise.store.db import Database
    from fieldwise.store.tables import Collection, Workflow
    from fieldwise.workflows import knowledge

    rng = random.Random(21)
    db = Database(f"sqlite:///{db_path}")
    written, documents = 0, 0
    with db.session() as session:
        org_id = session.get(Workflow, workflow_id).organization_id
    while written < megabytes * 1024 * 1024:
        with db.session() as session:
            for _ in range(20):
                packet = Collection(organization_id=org_id, workflow_id=workflow_id, status="processed")
                session.add(packet)
                session.flush()
                texts = _document(rng, documents)
                parse = {"blocks": [{"id": f"p{i // 20 + 1}_b{i % 20}", "page": i // 20 + 1, "content": t}
                                    for i, t in enumerate(texts)]}
                passages.replace(session, packet, knowledge.index_rows(packet.id, [(packet.id, "nda.pdf")], parse))
                written += sum(len(t) for t in texts)
                documents += 1
    db.dispose()
    return documents


class Peak(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, _rss(self.pid))
            self.stop.wait(0.02)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--questions", type=int, default=20)
    args = parser.parse_args()
    print(f"{'corpus':>8} {'documents':>10} {'median':>9} {'slowest':>9} {'API RSS before':>15} {'peak':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        folder = Path(tempfile.mkdtemp())
        server, key = fieldwise_server(folder, workers="1")
        with server, httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {key}"},
                                  timeout=120) as api:
            body = {"name": "nda", "description": "", "edges": [{"source": "parse_1", "target": "knowledge_1"}],
                    "nodes": [{"id": "parse_1", "type": "parse"}, {"id": "knowledge_1", "type": "knowledge"}]}
            created = api.post("/v3/workflows/", json=body)
            created.raise_for_status()
            workflow_id = created.json()["id"]
            documents = _fill(folder / "fieldwise.db", workflow_id, size)
            rng = random.Random(7)
            asked = [QUESTIONS[i % 3].format(a=f"Company{n} Holdings Inc.", b=f"Partner{n} Labs LLC")
                     for i, n in enumerate(rng.randrange(documents) for _ in range(args.questions))]
            api.post(f"/v3/workflows/{workflow_id}/knowledge/ask", json={"question": "warm up"})
            pid = server.process.pid if server.process else 0
            before = _rss(pid)
            peak = Peak(pid)
            peak.start()
            took = []
            for question in asked:
                started = time.perf_counter()
                answer = api.post(f"/v3/workflows/{workflow_id}/knowledge/ask", json={"question": question})
                took.append(time.perf_counter() - started)
                answer.raise_for_status()
            peak.stop.set()
            peak.join()
            print(f"{size:>5} MB {documents:>10} {statistics.median(took) * 1000:>6.0f} ms "
                  f"{max(took) * 1000:>6.0f} ms {before / 2**20:>12.0f} MB {(peak.peak - before) / 2**20:>+6.0f} MB",
                  flush=True)


if __name__ == "__main__":
    main()
