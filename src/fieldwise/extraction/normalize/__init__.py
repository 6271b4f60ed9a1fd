"""Pure normalizers: raw text -> typed value (Decimal for money), each keeping the raw text beside the value."""

from fieldwise.extraction.normalize.booleans import find_checkbox, parse_bool
from fieldwise.extraction.normalize.dates import DateMatch, find_dates, infer_day_first, parse_date, parse_datetime
from fieldwise.extraction.normalize.durations import Duration, find_durations, parse_duration
from fieldwise.extraction.normalize.numbers import Money, find_amounts, parse_integer, parse_money, parse_number
from fieldwise.extraction.normalize.options import match_option, match_options, option_score

__all__ = [
    "DateMatch", "Duration", "Money", "find_amounts", "find_checkbox", "find_dates", "find_durations",
    "infer_day_first", "match_option", "match_options", "option_score", "parse_bool", "parse_date",
    "parse_datetime", "parse_duration", "parse_integer", "parse_money", "parse_number",
]
