"""A typed graph walked over one document: classify, split, extract per part, validate (spec 2.2, 2.5).

The answer is plain JSON, stored as it is and served in the results envelope: `classifications`, `splits`,
`extractions` (one per (split, partition), each naming the extract node whose schema it follows) and
`validations` (each rule's outcome, labelled with the part it judged).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from fieldwise import extraction
from fieldwise.documents.model import Document
from fieldwise.extraction import wire
from fieldwise.extraction.memory import Memories
from fieldwise.extraction.recalibration import Remap, apply
from fieldwise.workflows import lookups
from fieldwise.workflows.classify import classify
from fieldwise.workflows.plan import ExtractStep, Graph, Option
from fieldwise.workflows.public import sanitize_field_name
from fieldwise.workflows.split import split, sub_document
from fieldwise.workflows.validate import run_rules
from fieldwise.workflows.zeroshot import score

Locate = Callable[[list[int]], list[dict[str, Any]]]  # packet pages -> [{file_id, file_name, pages}]


def empty_outcome() -> dict[str, Any]:
    return {"classifications": [], "splits": [], "extractions": [], "validations": [], "filtered": None,
            "alerts": []}


class _Walk:
    def __init__(self, graph: Graph, locate: Locate, checkpoint: Callable[[], None], remap: Remap | None,
                 memory: Memories | None = None) -> None:
        self.graph, self.locate, self.checkpoint, self.remap, self.memory = graph, locate, checkpoint, remap, memory
        self.out = empty_outcome()

    def visit(self, node_id: str | None, document: Document, split_name: str | None,
              partition: str | None) -> None:
        if node_id is None:
            return
        self.checkpoint()
        if self.graph.edit is not None and node_id == self.graph.edit.node_id:
            return  # it works on the packet's PDF files, after the walk (fieldwise.jobs.pipeline)
        if node_id in self.graph.extracts:
            self._extract(node_id, document, split_name, partition)
            return
        if node_id in self.graph.filters:
            step = self.graph.filters[node_id]
            best = score(document.pages, (Option("keep", step.criteria, step.criteria),
                                          Option("other", "anything else", "anything else")))[0]
            kept = best.option.id == "keep" and best.score > 0
            self.out["filtered"] = {"node_id": node_id, "kept": kept, "score": round(best.confidence, 1)}
            if kept:
                self.visit(step.target, document, split_name, partition)
            return
        router = self.graph.routers[node_id]
        if router.kind == "classify":
            verdict = classify(document, router)
            self.out["classifications"].append({**verdict.to_wire(), "node_id": node_id})
            self.visit(router.routes.get(verdict.category.id), document, split_name, partition)
            return
        for found in split(document, router):
            self.out["splits"].append({**found.to_wire(self.locate), "node_id": node_id})
            target = router.routes.get(found.option.id)
            for part in found.parts:
                self.visit(target, sub_document(document, part.pages), found.option.name, part.partition)

    def _extract(self, node_id: str, document: Document, split_name: str | None, partition: str | None) -> None:
        step = self.graph.extracts[node_id]
        stored = apply(wire.dump(extraction.extract(document, list(step.fields), self.memory)), self.remap)
        stored = lookups.apply(stored, step.fields, step.sources, list(step.lookup_tables))
        self.out["extractions"].append(
            {"split_name": split_name, "partition": partition, "node_id": node_id, "fields": stored}
        )
        outcomes = []
        for validation in step.validations:
            for outcome in run_rules(validation.rules, stored):
                outcomes.append(outcome)
                self.out["validations"].append({**outcome, "node_id": validation.node_id,
                                                "split_name": split_name, "partition": partition})
        for alert_id in step.alert_ids:
            self._alert(alert_id, step, stored, outcomes)
        if step.if_else is not None:
            if step.if_else.on_rule is not None:
                rule_id, wanted = step.if_else.on_rule
                outcome = next((o for o in outcomes if o.get("rule_id") == rule_id), {})
                passed = _STATUS.get(str(outcome.get("outcome")), "inconclusive") == wanted
            else:
                passed = bool(run_rules((step.if_else.rule,), stored)[0]["passed"])  # type: ignore[arg-type]
            target = step.if_else.routes.get("true" if passed else "false")
            if target in self.graph.alerts:
                self._alert(target, step, stored, outcomes)
            else:
                self.visit(target, document, split_name, partition)

    def _alert(self, node_id: str, step: ExtractStep, stored: dict[str, Any], outcomes: list[dict[str, Any]]) -> None:
        alert = self.graph.alerts[node_id]
        text = render(alert.template, step, stored, outcomes)
        self.out["alerts"].append({"node_id": node_id, "channel_id": alert.channel_id, "severity": alert.severity,
                                   "text": text})


_TOKEN = re.compile(r"\$\{(field|validation)\.([^}]*)\}")
_STATUS = {"pass": "pass", "fail": "fail"}


def render(template: str, step: ExtractStep, stored: dict[str, Any], outcomes: list[dict[str, Any]]) -> str:
    """`${field.<persistent_id or sanitized name>}` and `${validation.<rule_id>.<status|detail|severity>}`;
    anything unresolved renders `<missing: ...>`."""
    names: dict[str, str] = {}
    for raw in step.raw_fields:
        if isinstance(raw, dict) and isinstance(raw.get("name"), str):
            names[sanitize_field_name(raw["name"])] = raw["name"]
            if raw.get("persistent_id"):
                names[str(raw["persistent_id"])] = raw["name"]
    by_rule = {o.get("rule_id"): o for o in outcomes}

    def one(match: re.Match[str]) -> str:
        kind, key = match.group(1), match.group(2)
        if kind == "field":
            name = names.get(key)
            if name is None or name not in stored:
                return f"<missing: field.{key}>"
            entry = stored[name]
            if isinstance(entry, list):
                return str(len(entry))
            value = wire.effective_value(entry)
            return "" if value is None else str(value)
        rule_id, _, attribute = key.rpartition(".")
        outcome = by_rule.get(rule_id)
        if outcome is None or attribute not in ("status", "detail", "severity"):
            return f"<missing: validation.{key}>"
        if attribute == "status":
            return _STATUS.get(str(outcome.get("outcome")), "inconclusive")
        return str(outcome.get("message") if attribute == "detail" else outcome.get("severity") or "")

    return _TOKEN.sub(one, template)


def run_graph(document: Document, graph: Graph, locate: Locate, checkpoint: Callable[[], None] = lambda: None,
              remap: Remap | None = None, memory: Memories | None = None) -> dict[str, list[Any]]:
    """`checkpoint()` is called before each node, so a withdrawn run stops between nodes. `remap` is the
    workflow's confidence remap, applied to each extraction before its validations judge it; `memory` the
    workflow's layout memories, for every extract node."""
    walk = _Walk(graph, locate, checkpoint, remap, memory)
    walk.visit(graph.first, document, None, None)
    return walk.out
