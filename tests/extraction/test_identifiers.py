"""Identifiers known by their form: check digits decide, so a look-alike number is never taken for an IBAN."""

import pytest

from fieldwise.extraction import extract
from fieldwise.extraction.normalize import find_amounts
from fieldwise.extraction.normalize.identifiers import grouped_identifier, iban_valid, isin_valid
from fieldwise.extraction.schema import FieldSpec

from tests.extraction.docs import document, page

IBAN = FieldSpec("iban", "Account number (IBAN)")


def test_check_digits_accept_real_codes_and_refuse_a_changed_digit() -> None:
    assert iban_valid("DE85 2082 7878 5790 9733 04") and not iban_valid("DE85 2082 7878 5790 9733 05")
    assert isin_valid("US0378331005") and not isin_valid("US0378331006")


@pytest.mark.parametrize("printed, read", [
    ("DE85 2082 7878 5790 9733 04", "DE85208278785790973304"),
    ("GB82 WEST 1234 5698 7654 32 BIC WESTGB22", "GB82WEST12345698765432"),  # the next word is not glued on
    ("4111 1111 1111 1111", "4111111111111111"),
    ("**** **** **** 1234", "**** **** **** 1234"),  # masked: kept as printed
    ("1234 5678 9012 3456", None),  # four groups whose Luhn sum fails: no card number
])
def test_an_identifier_printed_in_groups_is_read_whole(printed: str, read: str | None) -> None:
    assert grouped_identifier(printed) == read


@pytest.mark.parametrize("row", [
    "IBAN: DE85 2082 7878 5790 9733 04",
    "Conto (IBAN): DE85208278785790973304",  # 'account' beside 'IBAN' describes it, as the field's description does
    "Rekeningnummer: DE85208278785790973304",  # no word of IBAN: its form and check digits say it
])
def test_an_iban_is_found_under_any_label(row: str) -> None:
    got = extract(document(page([("Kontoauszug", 0.1, 0.05), (row, 0.1, 0.2), ("BIC: RHZDDER8", 0.1, 0.23)])),
                  [IBAN])
    assert got["iban"].value == "DE85208278785790973304"


def test_thousands_apart_by_a_space_are_one_amount_only_when_alone_on_the_line() -> None:
    assert [str(m.amount) for m in find_amounts("Net à payer 7 209,28 EUR")] == ["7209.28"]
    # A quantity, a price and a total: nothing tells the groups from the columns, so they stay apart.
    assert [str(m.amount) for m in find_amounts("Perferendis 18 209,82 3 776,76")] == ["18", "209.82", "3", "776.76"]


def test_a_range_anywhere_gives_an_end_field_its_last_date() -> None:
    end = FieldSpec("period_end", "Statement period to", "date")
    got = extract(document(page([("Extracto bancario", 0.1, 0.05), ("Desde: 01-07-2021 - 31-07-2021", 0.1, 0.2)])),
                  [end])
    assert got["period_end"].value == "2021-07-31"


def test_an_amount_is_never_read_out_of_a_date() -> None:
    amount = FieldSpec("settlement_amount", "Net amount settled, after fees", "float")
    got = extract(document(page([("Confirmation d'opération", 0.1, 0.05), ("Date de règlement 8 juillet 2022", 0.1, 0.2),
                                 ("Net à débiter 954 227,62 EUR", 0.1, 0.3)])), [amount])
    assert got["settlement_amount"].value == 954227.62


def test_a_label_read_iban_that_fails_its_check_digits_is_not_taken() -> None:
    got = extract(document(page([("Relevé bancaire", 0.1, 0.05), ("IBAN", 0.1, 0.2), ("FR21", 0.5, 0.2),
                                 ("FR21 4222 9336 8489 7396 0659 770", 0.1, 0.25)])), [IBAN])
    assert got["iban"].value == "FR2142229336848973960659770"


def test_a_sign_before_the_currency_symbol_makes_the_balance_negative() -> None:
    closing = FieldSpec("closing_balance", "Closing / new balance at the end of the period", "float")
    got = extract(document(page([("Account Statement", 0.1, 0.05), ("Starting Balance -$192.29", 0.1, 0.6),
                                 ("Ending Balance -$4,462.34", 0.1, 0.62)])), [closing])
    assert got["closing_balance"].value == -4462.34


def test_long_hostile_lines_are_not_scanned_for_values_that_stand_on_short_ones() -> None:
    """'a.a.a.…' and 'x - x - …' would make the e-mail and return-address patterns backtrack over the whole line
    from every position (minutes for these lines; benchmarks.hostile times them): such values stand on short
    lines, so long ones are not scanned for them. An 'Email address' field gets no street address either."""
    email = FieldSpec("email", "Email address")
    holder = FieldSpec("recipient_name", "Name of the person the letter is addressed to")
    line = "a." * 50_000
    got = extract(document(page([("Letter", 0.1, 0.05), (line, 0.1, 0.2), ("x - " * 25_000, 0.1, 0.3),
                                 ("Jane Doe", 0.1, 0.32), ("Main Street 1", 0.1, 0.34), ("12345 Town", 0.1, 0.36)])),
                  [email, holder])
    assert got["email"].value is None
    assert got["recipient_name"].value == "Jane Doe"
