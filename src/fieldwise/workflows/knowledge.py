"""Extractive ask over a workflow's documents (spec v3 D16): the passages a run's parse gives (made in the worker,
searched by the database: store.passages), and the answer read from them.

The question is read like a field: its words are the field's description, through the same meaning model and
lexicon as any extraction, and its opening words ("when", "how much": data/questions/<lang>.toml) say the value's
type. The engine extracts that field from the best passages, and `answer` is its value in a short sentence
quoting the passage it came from, with the engine's confidence; the passages stay as citations, the quoted one
first. When the engine finds no value the answer says so. No text is generated beyond that frame.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

import tomllib

from fieldwise import documents
from fieldwise.extraction import engine, meaning
from fieldwise.extraction.result import ExtractedValue
from fieldwise.extraction.schema import FieldSpec

CITATIONS = 5  # passages cited with an answer
READ = 10  # best passages the engine reads for the answer
PASSAGE_READ = 5000  # characters of each that it reads: the answer's work in the API process stays bounded
NO_MATCH = "No passage in this workflow's documents matches the question."
NO_VALUE = "The workflow's documents do not say; the passages that come closest are cited."
QUOTE = 300  # characters of the quoted passage in the answer sentence
_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """Lower-cased, accent-folded words: what the index stores of a passage and searches of a question."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


@lru_cache(maxsize=1)
def stop_words() -> dict[str, frozenset[str]]:
    """Per language (data/stopwords/<lang>.txt): the words a question shares with every document, folded."""
    out = {}
    for item in resources.files("fieldwise.workflows").joinpath("data", "stopwords").iterdir():
        if item.name.endswith(".txt"):
            lines = [line for line in item.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
            out[item.name[:-4]] = frozenset(tokens(" ".join(lines)))
    return out


def question_terms(question: str) -> list[str]:
    """The words of a question worth searching: its own, without those of every language's stop list, once each."""
    common = frozenset().union(*stop_words().values())
    return list(dict.fromkeys(w for w in tokens(question) if len(w) > 1 and w not in common))


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


def index_rows(packet_id: str, files: list[tuple[str, str]], parse: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows store.passages keeps of one run's parse; `files` are the packet's (file id, file name), in order."""
    if not files:
        return []
    only = files[0][0] if len(files) == 1 else None
    return [{"path": p.path, "block_id": p.block_id, "page": p.page, "file_id": p.file_id, "file_page": p.file_page,
             "bbox": p.bbox, "text": p.text, "terms": " ".join(tokens(p.text))}
            for p in passages(packet_id, f"{packet_id}/{files[0][1]}", parse, only)]


@lru_cache(maxsize=1)
def question_cues() -> list[tuple[tuple[str, ...], str]]:
    """(opening words, data type) of every language's data/questions/<lang>.toml, the longest cue first."""
    cues = []
    for item in resources.files("fieldwise.workflows").joinpath("data", "questions").iterdir():
        if item.name.endswith(".toml"):
            for data_type, openings in tomllib.loads(item.read_text(encoding="utf-8")).items():
                cues += [(tuple(tokens(opening)), data_type) for opening in openings]
    return sorted(cues, key=lambda cue: -len(cue[0]))


def read_question(question: str) -> list[FieldSpec]:
    """The fields a question may ask for, both with its words as the description and its type from how it opens:
    one named by the words of it the lexicon knows ("invoice number"), one named by nothing, which the
    description alone reads (the law that governs, how long it lasts)."""
    words = tuple(tokens(question))
    data_type = next((kind for opening, kind in question_cues() if words[:len(opening)] == opening), "string")
    known = [w for w in question_terms(question) if meaning.concepts(w)]
    names = list(dict.fromkeys(["answer", "_".join(known[:6]) or "answer"]))
    return [FieldSpec(name=name, description=question.strip(), data_type=data_type)  # type: ignore[arg-type]
            for name in names]


Search = Callable[[list[str], int, str | None], list[Passage]]  # (words, limit, within one document) -> best first


def find(search: Search, question: str, previous: str | None = None) -> list[Passage]:
    """The passages to answer from, best first: the question's best passages across the workflow name the document
    it is about (a contract by its parties); that document's own best passages for the same words follow (its
    governing-law clause names no party). A follow-up whose own words find nothing adds the previous question's."""
    words = question_terms(question)
    found = search(words, CITATIONS, None)
    if not found and previous:
        words += question_terms(previous)
        found = search(words, CITATIONS, None)
    if not found:
        return []
    within = search(words, READ, found[0].document_packet_id)
    return list({(p.document_packet_id, p.block_id): p for p in [*within, *found]}.values())


def answer(question: str, found: list[Passage]) -> dict[str, Any]:
    """The answer to `question` from its best passages `found`, best first."""
    if not found:
        return {"answer": NO_MATCH, "citations": [], "steps_used": 1, "confidence": None}
    read = found[:READ]
    text = "\n\n".join(p.text[:PASSAGE_READ] for p in read)  # at most READ x PASSAGE_READ characters
    document = documents.read(text.encode("utf-8"), "text/plain")
    extracted = engine.extract(document, read_question(question))  # the description's reading first, if any
    values = {name: v for name, v in extracted.items() if isinstance(v, ExtractedValue)}  # no object fields asked
    value = next((v for v in (values.get("answer"), *values.values()) if v is not None and v.value not in (
        None, "", [])), values.get("answer") or next(iter(values.values())))
    if value.value in (None, "", []):
        return {"answer": NO_VALUE, "citations": [p.citation() for p in found[:CITATIONS]], "steps_used": 1,
                "confidence": None}
    source = _source(read, [e.text for e in value.evidence], str(value.value))
    quote = " ".join(source.text.split())
    quote = quote if len(quote) <= QUOTE else quote[:QUOTE].rsplit(" ", 1)[0] + " ..."
    cited = [source, *(p for p in found if p is not source)][:CITATIONS]
    return {"answer": f'{value.value}: "{quote}"', "citations": [p.citation() for p in cited], "steps_used": 1,
            "confidence": value.confidence}


def _source(read: list[Passage], evidence: list[str], value: str) -> Passage:
    """The passage the engine's evidence (else its value) stands in; the best passage when none holds it."""
    for needle in [*evidence, value]:
        needle = " ".join(needle.split())
        for passage in read:
            if needle and needle in " ".join(passage.text.split()):
                return passage
    return read[0]
