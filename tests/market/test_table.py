"""to_table: rows typed column by column give the very frame the general cast gives."""

import datetime as dt
import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from hedgebook.market.table import COLUMNS, NUMBER_COLUMNS, TEXT_COLUMNS, TIME_COLUMNS, normalize_types, to_table

UTC = dt.timezone.utc
TIMES = st.none() | st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1),
                                 timezones=st.just(UTC))
NUMBERS = st.floats(allow_nan=True, allow_infinity=False) | st.just(math.nan)
ROWS = st.fixed_dictionaries({
    **{column: st.text(max_size=8) for column in TEXT_COLUMNS},
    **{column: TIMES for column in TIME_COLUMNS},
    **{column: NUMBERS for column in NUMBER_COLUMNS},
})


def general(rows):
    return normalize_types(pd.DataFrame(rows, columns=list(COLUMNS)))


@settings(max_examples=60, deadline=None)
@given(st.lists(ROWS, max_size=6))
def test_typed_rows_give_the_frame_of_the_general_cast(rows):
    pd.testing.assert_frame_equal(to_table(rows), general(rows))


def test_rows_of_other_types_go_through_the_general_cast():
    row = {column: None for column in COLUMNS} | {"venue": "x", "symbol": "X", "mark_price": "1.5", "lot_size": 1}
    table = to_table([row])
    pd.testing.assert_frame_equal(table, general([row]))
    assert table.loc[0, "mark_price"] == 1.5 and table.loc[0, "status"] == ""
    pd.testing.assert_frame_equal(to_table([{"venue": "x"}]), general([{"venue": "x"}]))  # columns missing
