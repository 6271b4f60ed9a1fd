"""Dates: every written form of a date reads back as that date (hypothesis), and the forms users send."""

from datetime import date

import pytest
from hypothesis import given, strategies as st

from fieldwise.extraction.normalize import find_dates, infer_day_first, parse_date, parse_datetime

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))


@given(dates)
def test_iso_round_trips(d):
    assert parse_date(d.isoformat()) == d


@given(dates, st.sampled_from(["/", "-", "."]))
def test_numeric_day_first_and_month_first(d, sep):
    assert parse_date(f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}", day_first=True) == d
    assert parse_date(f"{d.month:02d}{sep}{d.day:02d}{sep}{d.year}", day_first=False) == d


@given(dates)
def test_unambiguous_numeric_dates_ignore_the_preference(d):
    if d.day > 12:
        assert parse_date(f"{d.day}/{d.month}/{d.year}", day_first=False) == d
        assert parse_date(f"{d.month}/{d.day}/{d.year}", day_first=True) == d


@given(dates)
def test_month_names_in_both_orders_and_legal_prose(d):
    name = MONTHS[d.month - 1]
    assert parse_date(f"{name} {d.day}, {d.year}") == d
    assert parse_date(f"{d.day} {name[:3].upper()} {d.year}") == d
    assert parse_date(f"dated this {d.day}th day of {name}, {d.year} by") == d


@given(dates, st.text(alphabet="abc XYZ:,", max_size=20))
def test_found_inside_other_text(d, noise):
    found = find_dates(f"{noise} {d.isoformat()} {noise}")
    assert d in [f.value for f in found]


@pytest.mark.parametrize("text, expected", [
    ("6th day of January, 2012", date(2012, 1, 6)),
    ("23/12/17", date(2017, 12, 23)),
    ("Jan 5 2018", date(2018, 1, 5)),
    ("2018-01-05", date(2018, 1, 5)),
    ("24 MAR 18", date(2018, 3, 24)),
    ("5-Jan-18", date(2018, 1, 5)),
    ("6 de enero de 2012", date(2012, 1, 6)),
    ("3. März 2020", date(2020, 3, 3)),
    ("Date: 04-05-2018 10:30", date(2018, 5, 4)),
    ("18:1524/05/18", date(2018, 5, 24)),  # a receipt's time printed straight before its date
    ("05:23PM 568268 05-05~18", date(2018, 5, 5)),  # OCR reads a dash as a tilde
])
def test_formats_users_write(text, expected):
    assert parse_date(text) == expected


def test_raw_text_is_kept_beside_the_value():
    (match,) = find_dates("Invoice date: 03 APR 2018, thanks")
    assert match.raw == "03 APR 2018"


def test_not_a_date():
    assert parse_date("Total 73.30") is None
    assert parse_date("31/02/2018") is None
    assert parse_date("RC11-23-42- 12/144") is None  # a product code


def test_day_first_habit_is_read_from_the_text():
    assert infer_day_first("paid 12/25/2019 and 01/02/2020") is False
    assert infer_day_first("paid 25/12/2019 and 01/02/2020") is True


def test_datetime_with_a_twelve_hour_clock():
    assert parse_datetime("2018-05-04 10:30 PM").isoformat() == "2018-05-04T22:30:00"
    assert parse_datetime("2018-05-04").isoformat() == "2018-05-04T00:00:00"


def test_french_january_and_austrian_jaenner_are_months() -> None:
    assert [d.value.isoformat() for d in find_dates("Lyon, le 10 janvier 2023; Wien, 3. Jänner 2024", True)] == [
        "2023-01-10", "2024-01-03"]


def test_a_four_digit_year_is_never_read_as_a_day_and_a_two_digit_year() -> None:
    assert find_dates("maggio 1994", True) == []  # not 19 May '94


def test_two_digit_years_pivot_like_posix() -> None:
    assert [d.value.year for d in find_dates("05/06/70 and 05/06/18", True)] == [1970, 2018]
