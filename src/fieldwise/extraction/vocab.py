"""What a field asks for, read from its name and description: label words and the general concept it names.

The concepts are general vocabulary about documents (a total to pay, who issued it, an address, the law that
governs an agreement, how long it lasts, who its parties are, when it takes effect), never a particular schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fieldwise.extraction.schema import FieldSpec

# Checked in this order, first in the field's name and then in its description: specific concepts come first.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "parties": ("parties", "party", "signatories", "signatory", "counterparties", "enter into", "entering into",
                "contracting"),
    "governing_law": ("governing law", "governs", "governed", "jurisdiction", "applicable law", "choice of law",
                      "whose law", "law"),
    "duration": ("how long", "duration", "term", "lasts", "length of", "period", "validity"),
    "total": ("total", "amount paid", "amount due", "grand total", "balance due", "amount payable", "sum paid"),
    "tax": ("tax", "gst", "vat", "sst"),
    "address": ("address", "location", "street"),
    "effective": ("effective", "takes effect", "commencement", "commence", "start date", "starts"),
    "issuer": ("company", "store", "shop", "merchant", "vendor", "seller", "supplier", "issuer", "issued", "employer",
               "business", "restaurant", "retailer", "biller", "from"),
    "person": ("customer", "buyer", "client", "recipient", "bill to", "cashier"),
    "phone": ("phone", "telephone", "tel", "mobile"),
    "document_number": ("invoice number", "receipt number", "bill number", "document number", "reference"),
}
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
    def numeric(self) -> bool:
        return self.spec.data_type in ("integer", "float")


def _concepts_in(text: str) -> list[str]:
    return [c for c, phrases in CONCEPTS.items() if any(_has(text, p) for p in phrases)]


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
        labels += [p for p in CONCEPTS[concept] if p != name and len(p) > 2]
    strong = list(dict.fromkeys(labels))
    weak = [w for w in _words(spec.name) if w not in _STOP and len(w) > 2 and w not in strong]
    return FieldIntent(spec, concept, frozenset(in_name + in_description), tuple(strong + weak), len(strong))
