"""The readers a field's concept can ask for (data/priors.toml names them), under one signature: values found by
where they sit on a page or how prose states them, proposed to the same pool as every label's."""

from __future__ import annotations

from typing import Callable

from fieldwise.extraction import datafiles
from fieldwise.extraction.candidates import Candidate
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.letters import (
    address_block_candidates, addressee_candidates, deadline_candidates, signatory_candidates, subject_candidates,
)
from fieldwise.extraction.layout_concepts import address_candidates, issuer_candidates, total_candidates
from fieldwise.extraction.meaning import FieldMeaning
from fieldwise.extraction.page_labels import document_kinds_of
from fieldwise.extraction.parties import party_candidates
from fieldwise.extraction.prose_concepts import (
    duration_candidates, effective_date_candidates, law_candidates,
)

Reader = Callable[[DocIndex, FieldMeaning, bool], list[Candidate]]

READERS: dict[str, Reader] = {
    "total": lambda index, meaning, day_first: total_candidates(index),
    "issuer": lambda index, meaning, day_first: _party(index, meaning),
    "address": lambda index, meaning, day_first: address_candidates(index),
    "governing_law": lambda index, meaning, day_first: law_candidates(index),
    "duration": lambda index, meaning, day_first: duration_candidates(index, as_text=meaning.spec.data_type == "string"),
    "parties": lambda index, meaning, day_first: party_candidates(index),
    "effective_date": lambda index, meaning, day_first: effective_date_candidates(index, day_first),
    "signatory": lambda index, meaning, day_first: signatory_candidates(index),
    "addressee": lambda index, meaning, day_first: addressee_candidates(index),
    "subject_line": lambda index, meaning, day_first: subject_candidates(index),
    "deadline": lambda index, meaning, day_first: deadline_candidates(index, day_first),
}


def _party(index: DocIndex, meaning: FieldMeaning) -> list[Candidate]:
    """Who the field's party is on a document of this kind (data/priors.toml): its issuer at the top of the first
    page, or its addressee over the address block; nothing for another party, whom labels must name."""
    asked = meaning.qualifiers.get("party_role")
    if not asked:
        return issuer_candidates(index)
    table = datafiles.load("priors")
    kinds = document_kinds_of(index)
    issuers = {table["issued_by"][kind] for kind in kinds if kind in table["issued_by"]}
    addressees = {table["addressed_to"][kind] for kind in kinds if kind in table["addressed_to"]}
    if not issuers:
        addressees = addressees or set(table["receiving"]["roles"])
        return address_block_candidates(index) if asked & addressees else issuer_candidates(index)
    if asked & issuers:
        return issuer_candidates(index)
    if asked & addressees:
        return address_block_candidates(index)
    return []


def prior_candidates(index: DocIndex, meaning: FieldMeaning, day_first: bool) -> list[Candidate]:
    """What the prior of the field's concept proposes; nothing when the field names none or its type does not fit."""
    prior = meaning.prior
    if prior is None or prior.reader is None:
        return []
    return READERS[prior.reader](index, meaning, day_first)
