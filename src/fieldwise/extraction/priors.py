"""The readers a field's concept can ask for (data/priors.toml names them), under one signature: values found by
where they sit on a page or how prose states them, proposed to the same pool as every label's."""

from __future__ import annotations

from typing import Callable

from fieldwise.extraction.candidates import Candidate
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.letters import (
    addressee_candidates, deadline_candidates, signatory_candidates, subject_candidates,
)
from fieldwise.extraction.layout_concepts import address_candidates, issuer_candidates, total_candidates
from fieldwise.extraction.parties import party_candidates
from fieldwise.extraction.prose_concepts import (
    duration_candidates, effective_date_candidates, law_candidates,
)
from fieldwise.extraction.vocab import FieldIntent

Reader = Callable[[DocIndex, FieldIntent, bool], list[Candidate]]

READERS: dict[str, Reader] = {
    "total": lambda index, intent, day_first: total_candidates(index),
    "issuer": lambda index, intent, day_first: issuer_candidates(index),
    "address": lambda index, intent, day_first: address_candidates(index),
    "governing_law": lambda index, intent, day_first: law_candidates(index),
    "duration": lambda index, intent, day_first: duration_candidates(index, as_text=intent.spec.data_type == "string"),
    "parties": lambda index, intent, day_first: party_candidates(index),
    "effective_date": lambda index, intent, day_first: effective_date_candidates(index, day_first),
    "signatory": lambda index, intent, day_first: signatory_candidates(index),
    "addressee": lambda index, intent, day_first: addressee_candidates(index),
    "subject_line": lambda index, intent, day_first: subject_candidates(index),
    "deadline": lambda index, intent, day_first: deadline_candidates(index, day_first),
}


def prior_candidates(index: DocIndex, intent: FieldIntent, day_first: bool) -> list[Candidate]:
    """What the prior of the field's concept proposes; nothing when the field names none or its type does not fit."""
    prior = intent.prior
    return READERS[prior.reader](index, intent, day_first) if prior and prior.reader else []
