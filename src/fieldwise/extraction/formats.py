"""Values known by their form alone, wherever they stand: an IBAN or an ISIN whose check digits hold, an e-mail
address. A field that names one of these concepts gets every such value of the page as a candidate, so that an
IBAN printed after 'Rekeningnummer' (no word of 'IBAN') or an e-mail under a label the lexicon does not know is
still found; a label that names the field still decides between several."""

from __future__ import annotations

from typing import Callable

from fieldwise.extraction.candidates import Candidate
from fieldwise.extraction.index import DocIndex
from fieldwise.extraction.meaning import FieldMeaning
from fieldwise.extraction.normalize.identifiers import find_emails, find_ibans, find_isins

MAX_LINE = 500  # such values stand on short lines; a longer one (a hostile run of 'a.a.a.') would cost n² to scan
FINDERS: dict[str, Callable[[str], list[tuple[str, int, int]]]] = {
    "iban": find_ibans, "isin": find_isins, "email": find_emails,
}


def format_candidates(index: DocIndex, meaning: FieldMeaning) -> list[Candidate]:
    if meaning.spec.data_type not in ("string", "list"):
        return []
    out: list[Candidate] = []
    for concept in meaning.name & FINDERS.keys():
        for line in index.lines:
            if len(line.text) > MAX_LINE:
                continue
            for rank, (value, start, end) in enumerate(FINDERS[concept](line.text)):
                out.append(Candidate(value, line.evidence(line.text[start:end]), 0.55 - 0.05 * min(rank, 3),
                                     "format", ocr_confidence=line.confidence))
    return out
