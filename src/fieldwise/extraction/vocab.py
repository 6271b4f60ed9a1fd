"""What a field asks for, read from its name and description: label words and the general concept it names.

The concepts are general vocabulary about documents (a total to pay, who issued it, an address, the law that
governs an agreement, how long it lasts, who its parties are, when it takes effect), never a particular schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fieldwise.extraction import datafiles
from fieldwise.extraction.schema import FieldSpec


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    words: tuple[str, ...]
    reader: str | None = None  # the prior that proposes values for it (extraction/priors.py)
    types: frozenset[str] = frozenset()
    labels: bool = True  # whether labels printed on the page may answer it
    unless: frozenset[str] = frozenset()  # qualifiers of the field that turn its reader off


@lru_cache(maxsize=1)
def concepts() -> dict[str, Concept]:
    """The concepts of data/priors.toml, in the order they are checked: specific ones first."""
    raw = datafiles.load("priors")
    return {c["name"]: Concept(c["name"], tuple(c["words"]), c.get("reader"), frozenset(c.get("types", ())),
                               c.get("labels", True), frozenset(c.get("unless", ()))) for c in raw["concept"]}


_STOP = {"the", "of", "a", "an", "and", "or", "to", "in", "on", "for", "by", "as", "is", "that", "which", "with",
         "its", "it", "this", "after", "before", "e", "g", "eg", "number", "name", "names", "full", "whose", "when",
         "what", "how", "be", "are", "was", "at", "from", "into", "per", "any", "all", "each", "if"}


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\W_]+", text.lower()) if w]


def _has(text: str, phrase: str) -> bool:
    return re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", text) is not None


@dataclass(frozen=True, slots=True)
class FieldIntent:
    spec: FieldSpec
    concept: str | None
    concepts: frozenset[str]
    labels: tuple[str, ...]  # phrases that may stand as a label before the value, most specific first
    weak_from: int = 10**6  # labels from this index on are single words of the name: weaker evidence

    @property
    def prior(self) -> Concept | None:
        """The field's concept when a prior reads it and can answer the field's data type."""
        concept = concepts().get(self.concept) if self.concept else None
        return concept if concept and concept.reader and self.spec.data_type in concept.types else None


def _concepts_in(text: str) -> list[str]:
    return [name for name, concept in concepts().items() if any(_has(text, w) for w in concept.words)]


@lru_cache(maxsize=1024)
def read_intent(spec: FieldSpec) -> FieldIntent:
    name = " ".join(_words(spec.name))
    description = " ".join(_words(spec.description))
    in_name, in_description = _concepts_in(name), _concepts_in(description)
    concept = in_name[0] if in_name else (in_description[0] if in_description else None)
    labels: list[str] = []
    if name:
        labels.append(name)
    if concept:
        labels += [p for p in concepts()[concept].words if p != name and len(p) > 2]
    strong = list(dict.fromkeys(labels))
    weak = [w for w in _words(spec.name) if w not in _STOP and len(w) > 2 and w not in strong]
    return FieldIntent(spec, concept, frozenset(in_name + in_description), tuple(strong + weak), len(strong))
