"""The one reader of a typed cell: what each value Excel can hold becomes, in the same words everywhere."""

import datetime as dt
import math

import pytest

from hedgebook.app.cell_reader import (
    InputError,
    NotANumber,
    cell_number,
    cell_text,
    cell_time,
    is_blank,
    number_from_cell,
)

UTC = dt.timezone.utc


@pytest.mark.parametrize("value, number", [
    (1.5, 1.5), (2, 2.0), (-0.25, -0.25), ("1500", 1500.0), (" -0.25 ", -0.25), ("1e3", 1000.0),
])
def test_numbers(value, number):
    assert number_from_cell(value) == number


@pytest.mark.parametrize("value, reason", [
    ("1,500", "'1,500' is not a number"),
    ("50%", "'50%' is not a number"),
    ("lots", "'lots' is not a number"),
    (True, "TRUE is not a number"),
    (False, "FALSE is not a number"),
    (dt.date(2025, 1, 14), "2025-01-14 is a date, not a number"),
    (dt.datetime(2025, 1, 14), "2025-01-14 is a date, not a number"),
    (dt.datetime(2025, 1, 14, 8, 30), "2025-01-14 08:30:00 is a date, not a number"),
    (dt.time(8, 30), "08:30:00 is a time, not a number"),
    (math.inf, "inf is not a finite number"),
    ("nan", "NaN is not a number"),
    ([1, 2], "'[1, 2]' is not a number"),
])
def test_what_is_not_a_number_says_what_it_is(value, reason):
    with pytest.raises(NotANumber) as raised:
        number_from_cell(value)
    assert str(raised.value) == reason


def test_a_cell_names_where_it_is():
    with pytest.raises(InputError) as raised:
        cell_number("1,500", "Holdings row 6 (ETH), Cost basis (USD/coin)")
    assert str(raised.value) == "Holdings row 6 (ETH), Cost basis (USD/coin): '1,500' is not a number"
    assert isinstance(raised.value, ValueError)


def test_blanks_take_the_default_or_are_required():
    assert cell_number(None, "x", 0.0) == 0.0 and cell_number("  ", "x", 3.0) == 3.0
    with pytest.raises(InputError, match="^Settings row 5, Horizon: a number is required$"):
        cell_number(None, "Settings row 5, Horizon")
    assert is_blank(None) and is_blank(" ") and not is_blank(0) and not is_blank("0")


def test_times():
    assert cell_time(None, "x") is None
    assert cell_time(dt.datetime(2025, 1, 14, 8), "x") == dt.datetime(2025, 1, 14, 8, tzinfo=UTC)
    assert cell_time(dt.date(2025, 1, 14), "x") == dt.datetime(2025, 1, 14, tzinfo=UTC)
    assert cell_time(45671 + 1 / 3, "x") == dt.datetime(2025, 1, 14, 8, tzinfo=UTC)  # an Excel serial
    with pytest.raises(InputError, match=r"^Settings row 11, As of \(UTC\): 'tomorrow' is not a date$"):
        cell_time("tomorrow", "Settings row 11, As of (UTC)")
    with pytest.raises(InputError, match="TRUE is not a date"):
        cell_time(True, "x")


def test_text():
    assert cell_text("  btc ") == "btc" and cell_text(None) == "" and cell_text(5) == "5"
