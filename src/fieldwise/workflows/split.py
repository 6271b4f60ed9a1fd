"""The splitter node: a packet of documents cut into parts by the node's rules (spec 2.2, 2.5).

Each page is scored against the rules' names and descriptions; a page that says nothing (a second page of
line items, say) continues the document before it. A rule with a `partition_key` is cut further by that key's
value, read from each page by the extraction engine: two invoices with two invoice numbers are two partitions.
A rule without one is a routing rule: each contiguous run of its pages is a sub-document of its own (spec v3 D17,
and v2 alike), a partition named "<rule name> <n>" in page order, when there are several runs (one run stays one
part without a partition): two invoices around a receipt are two invoices, never one with the first's values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from fieldwise import extraction
from fieldwise.documents.model import Document, Page
from fieldwise.extraction.schema import FieldSpec
from fieldwise.workflows.plan import Option, Router
from fieldwise.workflows.zeroshot import score

UNKNOWN_PARTITION = "unknown"


@dataclass(slots=True)
class Part:
    option: Option
    partition: str | None  # the partition key's value; None for a rule without a partition_key
    pages: list[int] = field(default_factory=list)  # page numbers of the packet, 1-based
    confidence: int = 0  # 0..100, the weakest page's


@dataclass(slots=True)
class Split:
    option: Option
    parts: list[Part]

    @property
    def pages(self) -> list[int]:
        return sorted(p for part in self.parts for p in part.pages)

    @property
    def confidence(self) -> int:
        return min(part.confidence for part in self.parts)

    def to_wire(self, locate: Callable[[list[int]], list[dict[str, object]]]) -> dict[str, object]:
        """An entry of the envelope's `splits`; `locate` turns packet pages into per-file page lists."""
        partitions = [{"name": part.partition, "files": locate(part.pages), "confidence": part.confidence}
                      for part in self.parts if part.partition is not None]
        return {"name": self.option.name, "rule_id": self.option.id, "files": locate(self.pages),
                "confidence": self.confidence, "partitions": partitions}


def _page_verdicts(document: Document, options: tuple[Option, ...]) -> list[tuple[Option | None, float]]:
    verdicts: list[tuple[Option | None, float]] = []
    for page in document.pages:
        best = score([page], options)[0]
        verdicts.append((best.option, best.confidence) if best.score > 0 else (None, 0.0))
    known = [v for v in verdicts if v[0] is not None]
    if not known:  # nothing on any page names a rule: the packet as a whole picks one
        best = score(document.pages, options)[0]
        return [(best.option, best.confidence)] * len(verdicts)
    filled, previous = [], known[0]
    for verdict in verdicts:
        previous = verdict if verdict[0] is not None else previous
        filled.append(previous)
    return filled


def _key_spec(partition_key: str) -> FieldSpec:
    name = re.sub(r"\W+", "_", partition_key.strip().lower()).strip("_") or "partition"
    return FieldSpec(name=name, description=partition_key, data_type="string")


def partition_value(page: Page, partition_key: str, media_type: str) -> str | None:
    spec = _key_spec(partition_key)
    found = extraction.extract(Document(pages=[page], media_type=media_type), [spec]).get(spec.name)
    value = getattr(found, "value", None)
    if value in (None, "", []):
        return None
    return str(value).strip() or None


def split(document: Document, router: Router) -> list[Split]:
    """The packet's parts grouped by rule, in the order the rules first appear in it."""
    verdicts = _page_verdicts(document, router.options)
    splits: dict[str, Split] = {}
    previous: tuple[str | None, str | None] = (None, None)  # (rule id, partition) of the page before
    page_confidence: dict[int, int] = {}
    for page, (option, confidence) in zip(document.pages, verdicts):
        assert option is not None
        partition = None
        if option.partition_key:
            partition = partition_value(page, option.partition_key, document.media_type)
            if partition is None:
                partition = previous[1] if previous[0] == option.id and previous[1] else UNKNOWN_PARTITION
        entry = splits.setdefault(option.id, Split(option, []))
        part = next((p for p in entry.parts if p.partition == partition), None)
        if part is None:
            part = Part(option, partition, [], 100)
            entry.parts.append(part)
        part.pages.append(page.number)
        part.confidence = min(part.confidence, int(round(confidence)))
        page_confidence[page.number] = int(round(confidence))
        previous = (option.id, partition)
    for entry in splits.values():
        if not entry.option.partition_key:
            entry.parts = _runs(entry.option, entry.parts[0].pages, page_confidence)
    return list(splits.values())


def _runs(option: Option, pages: list[int], confidence: dict[int, int]) -> list[Part]:
    """A routing rule's pages as contiguous runs: one part when they are one run, else one partition a run."""
    groups: list[list[int]] = []
    for number in sorted(pages):
        if groups and groups[-1][-1] == number - 1:
            groups[-1].append(number)
        else:
            groups.append([number])
    named = len(groups) > 1
    return [Part(option, f"{option.name} {index}" if named else None, group, min(confidence[p] for p in group))
            for index, group in enumerate(groups, start=1)]


def sub_document(document: Document, pages: list[int]) -> Document:
    """The packet's pages of one part, keeping their packet page numbers (evidence points into the packet)."""
    wanted = set(pages)
    return Document(pages=[p for p in document.pages if p.number in wanted], media_type=document.media_type)
