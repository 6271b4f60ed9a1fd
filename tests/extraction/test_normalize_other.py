"""Booleans, durations and enum options."""

import pytest
from hypothesis import given, strategies as st

from fieldwise.extraction.normalize import (
    find_checkbox, match_option, match_options, parse_bool, parse_duration,
)
from fieldwise.extraction.normalize.durations import WORD_NUMBERS
from fieldwise.extraction.schema import EnumOption


@pytest.mark.parametrize("text, expected", [
    ("Yes", True), ("no", False), ("TRUE", True), ("☑", True), ("☐", False), ("[x]", True), ("[ ]", False),
    ("Sí", True), ("nein", False), ("maybe", None),
])
def test_booleans(text, expected):
    assert parse_bool(text) is expected


def test_check_boxes_inside_text():
    assert find_checkbox("Smoker: [x]") is True
    assert find_checkbox("Smoker: [ ]") is False
    assert find_checkbox("☒ Married") is True
    assert find_checkbox("no box") is None


@pytest.mark.parametrize("text, expected", [
    ("two (2) years", "2 years"), ("a period of eighteen (18) months", "18 months"), ("one year", "1 year"),
    ("for 24 months", "24 months"), ("five-year term", "5 years"), ("30 days", "30 days"),
])
def test_durations_as_number_and_unit(text, expected):
    found = parse_duration(text)
    assert found.text() == expected
    assert found.raw in text


@given(st.sampled_from([w for w in WORD_NUMBERS if w not in ("a", "an")]), st.sampled_from(["year", "month"]))
def test_worded_durations(word, unit):
    found = parse_duration(f"shall last {word} ({WORD_NUMBERS[word]}) {unit}s")
    assert int(found.number) == WORD_NUMBERS[word]
    assert found.unit == unit + "s"


OPTIONS = (EnumOption("credit_card", "paid by card, Visa or Mastercard"), EnumOption("cash"), EnumOption("Bank Transfer"))


def test_options_by_name_in_any_casing_and_by_description():
    assert match_option("Payment: CASH", OPTIONS)[0] == "cash"
    assert match_option("paid with bank transfer", OPTIONS)[0] == "Bank Transfer"
    assert match_option("Credit card", OPTIONS)[0] == "credit_card"
    assert match_option("VISA xxxx paid by card", OPTIONS)[0] == "credit_card"
    assert match_option("cheque", OPTIONS) == (None, 0.0)


def test_multi_select_lists_every_named_option_in_schema_order():
    assert match_options("cash and credit card", OPTIONS) == ["credit_card", "cash"]
