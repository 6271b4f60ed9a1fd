"""Language data lives in data files, and every list covers every language fieldwise reads (spaCy's habit): adding
a language is adding its words to each list, never editing a pattern in code."""

from __future__ import annotations

import pytest

from fieldwise.extraction import datafiles

LANGUAGES = {"en", "de", "fr", "es", "it", "nl", "pt"}
LAYOUT_LISTS = [("business", "legal"), ("business", "names"), ("address", "starts"), ("address", "known"),
                ("receipt", "total"), ("receipt", "not_total"), ("receipt", "after_total"), ("receipt", "tax"),
                ("receipt", "final"), ("receipt", "rounded"), ("receipt", "tender"), ("receipt", "change")]


@pytest.mark.parametrize(("section", "key"), LAYOUT_LISTS)
def test_every_layout_word_list_covers_every_language(section: str, key: str) -> None:
    per_language = datafiles.load("layout_words")[section][key]
    assert LANGUAGES <= set(per_language), f"{section}.{key} lacks {sorted(LANGUAGES - set(per_language))}"
    assert all(per_language[language] for language in LANGUAGES)
    assert all(word == word.lower() for words in per_language.values() for word in words)


def test_every_letter_word_list_covers_every_language() -> None:
    for name, per_language in datafiles.load("letters").items():
        if set(per_language) == {"all"}:
            continue  # one list for every language (subject markers, name particles, articles)
        assert LANGUAGES <= set(per_language), f"letters.{name} lacks {sorted(LANGUAGES - set(per_language))}"


def test_a_german_till_slip_gives_its_total_not_its_subtotal_or_the_cash() -> None:
    from fieldwise import documents as readers
    from fieldwise.extraction import extract
    from fieldwise.extraction.schema import FieldSpec

    slip = "Bäckerei Schmidt GmbH\nBrot 2,50\nKaffee 3,20\nZwischensumme 5,70\nSumme EUR 5,70\nBar 10,00\nRückgeld 4,30\n"
    got = extract(readers.read(slip.encode(), "text/plain", filename="bon.txt"),
                  [FieldSpec("total", "Total amount paid", "float")])
    assert got["total"].value == 5.7
