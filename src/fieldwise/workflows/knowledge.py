"""Extractive ask over a workflow's documents (spec v3 D16): passages ranked with BM25, quoted word for word.

No text is generated: the answer is the best passage as the document prints it, and the citations are the best
passages with where they stand. A follow-up in the same thread adds the previous question's words at half weight.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

NO_MATCH = "No passage in this workflow's documents matches the question."
_WORD = re.compile(r"\w+")
K1, B = 1.5, 0.75


def tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


@dataclass(frozen=True, slots=True)
class Passage:
    text: str
    document_packet_id: str
    path: str
    block_id: str
    page: int
    bbox: dict[str, float] | None
    file_id: str | None = None
    file_page: int | None = None

    def citation(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "quote": self.text, "block_id": self.block_id, "page": self.page,
                               "document_packet_id": self.document_packet_id}
        if self.bbox:
            out["bbox"] = self.bbox
        if self.file_id:
            out["file_id"], out["file_page"] = self.file_id, self.file_page
        return out


def passages(packet_id: str, path: str, parse: dict[str, Any], file_id: str | None) -> list[Passage]:
    """A parse output's blocks as passages; a table's rows are passages of their own."""
    out = []
    for block in parse.get("blocks") or []:
        page = int(block.get("page") or 1)
        common = {"document_packet_id": packet_id, "path": path, "page": page, "bbox": block.get("bbox"),
                  "file_id": file_id, "file_page": page if file_id else None}
        rows = block.get("rows")
        if isinstance(rows, list) and rows:
            for index, row in enumerate(rows):
                text = " | ".join(str(cell.get("text") or "") for cell in row)
                if text.strip(" |"):
                    out.append(Passage(text=text, block_id=f"{block.get('id')}_r{index}", **common))
        elif str(block.get("content") or "").strip():
            out.append(Passage(text=str(block["content"]), block_id=str(block.get("id")), **common))
    return out


def rank(corpus: list[Passage], question: str, previous: str | None = None) -> list[tuple[float, Passage]]:
    """Passages with a positive BM25 score, best first."""
    weights: dict[str, float] = {}
    for word in tokens(question):
        weights[word] = weights.get(word, 0.0) + 1.0
    for word in tokens(previous or ""):
        weights[word] = weights.get(word, 0.0) + 0.5
    docs = [Counter(tokens(p.text)) for p in corpus]
    if not docs or not weights:
        return []
    average = sum(sum(d.values()) for d in docs) / len(docs) or 1.0
    frequency = Counter(word for d in docs for word in d)
    scored = []
    for passage, counts in zip(corpus, docs):
        length = sum(counts.values())
        score = 0.0
        for word, weight in weights.items():
            tf = counts.get(word, 0)
            if not tf:
                continue
            idf = math.log(1 + (len(docs) - frequency[word] + 0.5) / (frequency[word] + 0.5))
            score += weight * idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
        if score > 0:
            scored.append((score, passage))
    scored.sort(key=lambda item: -item[0])
    return scored


def answer(corpus: list[Passage], question: str, previous: str | None = None) -> dict[str, Any]:
    best = rank(corpus, question, previous)[:5]
    if not best:
        return {"answer": NO_MATCH, "citations": [], "steps_used": 1}
    return {"answer": best[0][1].text, "citations": [p.citation() for _, p in best], "steps_used": 1}
