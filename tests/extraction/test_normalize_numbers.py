"""Numbers and money: formatted either way they read back exactly as Decimal, with the currency's ISO code."""

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from fieldwise.extraction.normalize import find_amounts, parse_integer, parse_money, parse_number

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2, allow_nan=False)


def _grouped(value: Decimal, thousands: str, decimal: str) -> str:
    whole, cents = f"{value:.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return thousands.join(groups) + decimal + cents


@given(amounts)
def test_dot_decimal_with_comma_thousands(value):
    assert parse_number(_grouped(value, ",", ".")) == value


@given(amounts)
def test_comma_decimal_with_dot_thousands(value):
    assert parse_number(_grouped(value, ".", ",")) == value


@given(amounts, st.sampled_from([("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("RM", "MYR"), ("¥", "JPY")]))
def test_symbol_before_gives_the_currency(value, symbol):
    money = parse_money(f"Total {symbol[0]}{_grouped(value, ',', '.')}")
    assert money.amount == value and money.currency == symbol[1]


@given(amounts, st.sampled_from(["USD", "EUR", "CHF", "MYR"]))
def test_code_after_gives_the_currency(value, code):
    money = parse_money(f"{_grouped(value, '.', ',')} {code}")
    assert money.amount == value and money.currency == code


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_integers_round_trip(number):
    assert parse_integer(str(number)) == number
    assert parse_integer(f"{number:,}") == number


@pytest.mark.parametrize("text, expected", [
    ("1,234.56", Decimal("1234.56")), ("1.234,56", Decimal("1234.56")), ("12345.67", Decimal("12345.67")),
    ("(12.00)", Decimal("-12.00")), ("-7", Decimal("-7")), ("1,5", Decimal("1.5")),
])
def test_forms(text, expected):
    assert parse_number(text) == expected


def test_money_keeps_its_raw_text_and_plain_numbers_have_no_currency():
    money = parse_money("TOTAL: RM 34.40")
    assert money.raw == "RM 34.40" and money.currency == "MYR"
    assert parse_money("34.40").currency is None
    assert [a.amount for a in find_amounts("2 x 3.50 = 7.00")] == [Decimal(2), Decimal("3.50"), Decimal("7.00")]


def test_no_number():
    assert parse_number("none here") is None
    assert parse_integer("2.5") is None


def test_a_row_of_figures_is_never_one_spaced_amount() -> None:
    """'Oak desk 2 400.00 800.00' is a quantity and two prices; '7 209,28' alone on its line is one amount."""
    assert [str(a.amount) for a in find_amounts("Oak desk 2 400.00 800.00")] == ["2", "400.00", "800.00"]
    assert [str(a.amount) for a in find_amounts("Total 7 209,28")] == ["7209.28"]
    assert [str(a.amount) for a in find_amounts("1 234 567,89 EUR")] == ["1234567.89"]
