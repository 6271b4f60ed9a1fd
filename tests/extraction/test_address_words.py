"""Address words misread by OCR are put right, and nothing else is touched."""

import pytest

from fieldwise.extraction.address_words import repair_address


@pytest.mark.parametrize("read, meant", [
    ("NO.12,JA:AN SS4C/5,PETALING JAYA SE_ANGOR DARUL EHSAN",
     "NO.12,JALAN SS4C/5,PETALING JAYA SELANGOR DARUL EHSAN"),
    ("No. 89&91, Jalan Utarna, Taman Mutia Rini", "No. 89&91, Jalan Utama, Taman Mutia Rini"),
    ("47400 PETALINCi JAYA", "47400 PETALING JAYA"),
    ("No: G3, BIk G, JIn PJU 1A/3", "No: G3, BLK G, JLN PJU 1A/3"),
    ("Leve1 2, 27, Jalan Sultan Ismail", "Level 2, 27, Jalan Sultan Ismail"),
])
def test_a_misread_address_word_is_put_right(read, meant):
    assert repair_address(read) == meant


def test_names_numbers_and_words_it_does_not_know_stay_as_read():
    text = "Lot 1851-A, Mutia Rini, 81300 Skudai, Kiara 1A/3, S0HO K1"
    assert repair_address(text) == text
