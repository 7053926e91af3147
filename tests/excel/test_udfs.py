"""Worksheet functions called exactly as Excel calls them through xlwings."""

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedgebook.excel import udfs
from hedgebook.excel.udfs import (
    ANNUALIZEDBASIS,
    BASIS,
    DATEDCARRY,
    DATEDHEDGECOST,
    ENTRYAFTER,
    FUNDINGAPR,
    FUNDINGCOST,
    FUTREBALCOST,
    HEDGENOTIONAL,
    HEDGESIZE,
    HISTORYFIT,
    HISTORYFUNDING,
    HISTORYFUNDINGAPR,
    LIQPRICE,
    MAINTRATE,
    MARGIN,
    NETEXPOSURE,
    POSITIONNOTIONAL,
    POSITIONPNL,
    REBALANCE,
    ROLLCOST,
    ROLLCOUNT,
    SPOTREBALCOST,
    STRESSPNL,
    SWITCHGAIN,
)

UTC = dt.timezone.utc


def approx(value):
    return pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize(
    "call, expected",
    [
        (lambda: NETEXPOSURE(65_000, -15_000), 50_000),
        (lambda: NETEXPOSURE(65_000, -15_000, 100_000), 0.5),
        (lambda: HEDGENOTIONAL(65_000, 0.5, 100_000), -15_000),
        (lambda: HEDGESIZE(65_000, 0.5, 100_000, 60_000), -0.25),
        (lambda: HEDGESIZE(35_000, 0.5, 100_000, 3_000), 5),
        (lambda: HEDGESIZE(65_250, 0.5, 100_000, 60_000, None, 0.001), -0.254),
        (lambda: HEDGESIZE(65_000, 0.5, 100_000, 60_000, 100, 1, True), -150),
        (lambda: HEDGENOTIONAL(65_000, 0.5, 100_000, 1.2), -18_000),  # β 1.2: 1.2 × the 15 000 gap
        (lambda: HEDGESIZE(65_000, 0.5, 100_000, 60_000, None, None, None, 2), -0.5),
        (lambda: HEDGESIZE(65_000, 0.5, 100_000, 60_000, None, None, None, None), -0.25),  # blank β = 1
        (lambda: FUNDINGCOST(-15_000, 0.0001, 30, 8), -135),
        (lambda: FUNDINGCOST(-15_000, 0.0001, 30, 4), -270),
        (lambda: FUNDINGAPR(0.0001, 8), 0.1095),
        (lambda: BASIS(60_000, 61_200), 1_200),
        (lambda: BASIS(60_000, 61_200, True), 0.02),
        (lambda: ANNUALIZEDBASIS(60_000, 61_200, dt.datetime(2025, 3, 28, 8), dt.datetime(2025, 1, 14, 8)), 0.10),
        (lambda: ANNUALIZEDBASIS(60_000, 61_200, 45744.0 + 1 / 3, 45671.0 + 1 / 3), 0.10),  # Excel serials
        (lambda: DATEDCARRY(-15_000, 60_000, 61_200, 73, 73), -300),
        (lambda: SWITCHGAIN(-15_000, 0.0001, 60_000, 61_200, 73, 8), -28.5),
        (lambda: POSITIONNOTIONAL(-0.25, 80_000), -20_000),
        (lambda: POSITIONNOTIONAL(-150, 80_000, 100, True), -15_000),
        (lambda: POSITIONPNL(-0.25, 60_000, 80_000), -5_000),
        (lambda: POSITIONPNL(-3, 60_000, 80_000, 100, True), -100),
        (lambda: ROLLCOST(10_000, 60_000, 60_600, 0.0005, 1), 112),
        (lambda: MARGIN(-15_000, 3), 5_000),
        (lambda: STRESSPNL(65_000, -15_000, -0.2), -10_000),
        (lambda: SPOTREBALCOST(-15_000, 60_000, 20_000, 0.001, 10, 0.25), 2_530),
        (lambda: FUTREBALCOST(-15_000, 0.0001, 30, 8, 0.0005, 2), -114),
    ],
)
def test_hand_checked_values(call, expected):
    assert call() == approx(expected)


def test_liquidation_prices():
    assert LIQPRICE(67_445.9, 0.009, 25.7247, 0.004) == pytest.approx(64_846.99, abs=0.005)
    assert LIQPRICE(68_911, -3, 0.00023156, 0.004, None, 100) == pytest.approx(72_491.17, abs=0.005)


def test_a_dated_hedge_past_its_expiry_counts_its_rolls():
    """Issue 10: expiry in 73 days, horizon 100: one roll; basis earned 15 000 × 2 % × 100 / 73 = 410.96, the roll's
    two trades at 0.05 % + 10 bps cost 45: −365.96, against −450 of funding over the same 100 days."""
    assert ROLLCOUNT(100.0, 73.0) == 1 and ROLLCOUNT(73.0, 73.0) == 0
    assert DATEDHEDGECOST(-15_000.0, 60_000.0, 61_200.0, 100.0, 73.0, 0.0005, 10.0) == pytest.approx(-365.96, abs=0.005)
    assert FUNDINGCOST(-15_000.0, 0.0001, 100.0, 8.0) == pytest.approx(-450)


TIER_CAPS_ROW = [[50_000, 250_000, 1_000_000, 10_000_000, 20_000_000, None, None]]
"""Binance BTCUSDT's first five tiers as a row beside Holdings, blank cells after the last."""
TIER_RATES_ROW = [[0.004, 0.005, 0.01, 0.025, 0.05, None, None]]
TIER_LEVERAGES_ROW = [[125, 100, 50, 20, 10, None, None]]


def test_liquidation_and_margin_pick_the_tier_of_the_position():
    """A 250 BTC short at 60 000 (15 M USD) with 5 M USD: tier 5, 5 % and 266 300 USD → 77 204.95."""
    assert LIQPRICE(60_000.0, -250.0, 5_000_000.0, None, None, None, TIER_CAPS_ROW, TIER_RATES_ROW) == \
        pytest.approx(77_204.95, abs=0.005)
    column = [[-250.0], [-0.25]]  # an array of positions, each in its own tier of the same contract
    assert LIQPRICE([[60_000.0], [60_000.0]], column, [[5_000_000.0], [5_000.0]], None, None, None,
                    TIER_CAPS_ROW, TIER_RATES_ROW) == [[pytest.approx(77_204.95, abs=0.005)],
                                                       [pytest.approx(79_681.27, abs=0.005)]]
    assert MARGIN(-15_000_000.0, 20.0, TIER_CAPS_ROW, TIER_LEVERAGES_ROW) == 1_500_000  # tier 5 allows 10×
    assert udfs.MAINTRATE(-15_000_000.0, TIER_CAPS_ROW, TIER_RATES_ROW) == 0.05  # the rate Risk shows beside it
    assert udfs.MAINTRATE(-15_000_000.0, [[None]], [[None]], 0.01) == 0.01  # no tiers: the Settings rate
    assert udfs.MAINTRATE(-25_000_000.0, TIER_CAPS_ROW, TIER_RATES_ROW) == "#N/A"  # above the last tier given
    assert MARGIN(-15_000.0, 3.0, TIER_CAPS_ROW, TIER_LEVERAGES_ROW) == 5_000
    blank = [[None, None]]
    assert LIQPRICE(60_000.0, -250.0, 5_000_000.0, None, None, None, blank, blank) == \
        pytest.approx(79_681.27, abs=0.005)  # no tiers: the one rate


@pytest.mark.parametrize("caps, values, message", [
    (TIER_CAPS_ROW, None, "#VALUE! tier_caps and tier_rates go together"),
    ([[50_000, None, 250_000]], [[0.004, 0.005, 0.01]], "#VALUE! tier_caps has a blank tier 2 before the last one"),
    ([[50_000, "big"]], [[0.004, 0.005]], "#VALUE! tier_caps (tier 2): 'big' is not a number"),
    ([[50_000, 250_000]], [[0.004]], "#VALUE! tier_caps has 2 tiers and tier_rates 1"),
    ([[50_000, 250_000]], [[0.01, 0.005]], "#VALUE! tier_rates must be >= 0 and < 1 and never fall"),
])
def test_bad_tiers_say_what_is_wrong(caps, values, message):
    assert str(LIQPRICE(60_000.0, -1.0, 6_000.0, None, None, None, caps, values)).startswith(message)


def test_ranges_in_arrays_out():
    assert HEDGESIZE([[65_000], [35_000]], [[0.5], [0.5]], 100_000, [[60_000], [3_000]]) == [[-0.25], [5.0]]
    assert FUNDINGCOST([[-15_000, 15_000]], 0.0001, 30, 8) == [[approx(-135), approx(135)]]


@pytest.mark.parametrize("call", [
    lambda: FUNDINGAPR(0.0001), lambda: FUNDINGAPR(0.0001, ""), lambda: FUNDINGCOST(-15_000, 0.0001, 30),
    lambda: SWITCHGAIN(-15_000, 0.0001, 60_000, 61_200, 73), lambda: FUTREBALCOST(-15_000, 0.0001, 30),
])
def test_a_blank_funding_interval_is_unknown_not_8_hours(call):
    """Issue 10: FUNDINGAPR showed 5.475 % (8 h assumed) beside a funding cost of NaN; intervals are 8, 4, 1 h..."""
    assert call() == "#N/A"


def test_rebalance_sizes_inverse_contracts_in_usd_per_contract():
    """Issue 10: without the inverse argument COIN-M sizes (100 / 10 USD) gave BTC 0 and ETH 1 contract (30 000 USD)."""
    table = REBALANCE([["BTC"], ["ETH"]], [[65_000], [35_000]], None, [[0.5], [0.5]], [[60_000], [3_000]],
                      [[100], [10]], [[1], [1]], [[True], [True]])
    assert [row[4:6] for row in table[1:]] == [["sell", -150.0], ["buy", 1_500.0]]
    assert [row[3] for row in table[1:]] == [-15_000.0, 15_000.0]
    assert NETEXPOSURE([[1.0]], [[2.0]]) == 3.0  # a 1×1 range is one value


def test_rebalance_reads_empty_text_as_blank():
    """A formula cell showing "" is blank to REBALANCE, as a truly empty cell is (core sees None)."""
    table = REBALANCE([["BTC"], ["ETH"], [""]], [[65_000], [35_000], [""]], [[""], [None], [""]],
                      [[0.5], [0.5], [""]], [[60_000], [3_000], [""]])
    assert [row[5] for row in table[1:]] == [-0.25, 5.0]


def test_rebalance_table_skips_trailing_blank_rows():
    table = REBALANCE(
        [["BTC"], ["ETH"], [None]], [[65_000], [35_000], [None]], [[0], [None], [None]], [[0.5], [0.5], [None]],
        [[60_000], [3_000], [None]], None, [[0.001], [0.001], [None]],
    )
    assert table[0] == ["asset", "current weight", "target weight", "trade notional", "side", "contracts",
                        "post-trade weight"]
    assert table[1] == ["BTC", 0.65, 0.5, -15_000.0, "sell", -0.25, 0.5]
    assert table[2] == ["ETH", 0.35, 0.5, 15_000.0, "buy", 5.0, 0.5]
    assert len(table) == 3


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: HEDGESIZE(65_000, 0.5, 100_000, 0), "#VALUE! price must be > 0, got 0.0"),
        (lambda: HEDGESIZE(65_000, 0.5, 100_000, 60_000, None, None, None, -1),
         "#VALUE! hedge_ratio must be > 0, got -1.0"),
        (lambda: HEDGESIZE(65_000, 0.5, 100_000, None), "#VALUE! price is required"),
        (lambda: HEDGESIZE(65_000, 0.5, 100_000, ""), "#VALUE! price is required"),
        (lambda: HEDGESIZE(65_000, 0.5, 100_000, "sixty"), "#VALUE! price: 'sixty' is not a number"),
        (lambda: HEDGESIZE(True, 0.5, 100_000, 1), "#VALUE! current_exposure: TRUE is not a number"),
        (lambda: HEDGESIZE(dt.date(2025, 1, 14), 0.5, 100_000, 1),
         "#VALUE! current_exposure: 2025-01-14 is a date, not a number"),
        (lambda: NETEXPOSURE([[1], ["1,5"]], 1), "#VALUE! spot_value (row 2): '1,5' is not a number"),
        (lambda: HEDGESIZE(1, 0.5, 100_000, 1, None, None, "maybe"), "#VALUE! inverse must be TRUE or FALSE, got 'maybe'"),
        (lambda: HEDGESIZE(1, 0.5, 10, 1, None, None, True), "#VALUE! contract_size is required for inverse contracts (USD per contract)"),
        (lambda: HEDGESIZE([[1], [2]], 0.5, 10, [[1], [2], [3]]),
         "#VALUE! ranges have different shapes: current_exposure 2×1, price 3×1"),
        (lambda: NETEXPOSURE([[1], ["abc"]], 1), "#VALUE! spot_value (row 2): 'abc' is not a number"),
        (lambda: MARGIN(1, 0), "#VALUE! leverage must be > 0, got 0.0"),
        (lambda: FUNDINGCOST(1, 0.0001, 30, 0), "#VALUE! interval_hours must be > 0, got 0.0"),
        (lambda: REBALANCE([["BTC"]], [[1]], None, [[0.5]], [[1]], [[100]], None, [["yes"]]),
         "#VALUE! inverse must be TRUE or FALSE, got 'yes'"),
        (lambda: ANNUALIZEDBASIS(60_000, 61_200, "soon"), "#VALUE! expiry must be a date, got 'soon'"),
        (lambda: ANNUALIZEDBASIS(60_000, 61_200, dt.datetime(2020, 1, 1), dt.datetime(2021, 1, 1)),
         "#VALUE! days_to_expiry must be > 0, got -366.0"),
        (lambda: REBALANCE([["BTC"], ["ETH"]], [[1], [1]], None, [[0.6], [0.6]], [[1], [1]]),
         "#VALUE! target weights sum to 1.2 (120%), more than the whole portfolio: type each as a fraction (0.5) or a "
         "percentage (50 %), together at most 1"),
        (lambda: REBALANCE([["BTC"]], [[1]], None, [[True]], [[1]]), "#VALUE! target_weights must be numbers, got TRUE for BTC"),
        (lambda: REBALANCE([[None]], [[1]], None, [[1]], [[1]]), "#VALUE! assets is empty"),
        (lambda: SPOTREBALCOST(-1, 1, 1, None, None, 2), "#VALUE! tax_rate must be between 0 and 1, got 2.0"),
    ],
)
def test_bad_input_returns_short_error_text(call, message):
    assert call() == message


def test_a_nan_argument_is_not_a_number_in_every_function_alike():
    """Issue 21 D4: HEDGESIZE gave #N/A and REBALANCE #VALUE! for the same NaN."""
    assert NETEXPOSURE(math.nan, 1) == "#VALUE! spot_value: NaN is not a number"
    assert HEDGESIZE(65_000, 0.5, 100_000, math.nan) == "#VALUE! price: NaN is not a number"
    assert udfs.REBALANCE([["BTC"]], [[math.nan]], [[0.0]], [[0.5]], [[60_000.0]]) == \
        "#VALUE! spot_values (row 1): NaN is not a number"
    # a function of one position over a column: the bad row says why in its own cell, the others are computed
    assert LIQPRICE(60_000, [[-0.25], [math.nan]], 5_000) == [[pytest.approx(79_681.27)],
                                                              ["#VALUE! quantity: NaN is not a number"]]
    assert NETEXPOSURE(math.inf, 1) == "#VALUE! spot_value: inf is not a finite number"


def test_nan_results_show_as_na():
    assert FUNDINGCOST(-15_000, 0.0001, 30, None) == "#N/A"  # an interval not known gives no cost


def test_an_inverse_position_needs_its_usd_per_contract():
    """Issue 21 D5: POSITIONNOTIONAL and POSITIONPNL assumed 1 USD a contract, as HEDGESIZE never did."""
    message = "#VALUE! contract_size is required for inverse contracts (USD per contract)"
    assert udfs.POSITIONNOTIONAL(-600, 60_000, None, True) == message
    assert udfs.POSITIONPNL(-600, 50_000, 60_000, None, True) == message
    assert udfs.POSITIONNOTIONAL(-600, 60_000, 100, True) == -60_000
    assert udfs.POSITIONNOTIONAL(-0.25, 80_000) == -20_000  # a linear contract: 1 coin when blank


def test_percent_cells_arrive_as_fractions():
    # a cell showing 50% holds 0.5; a cell showing 0.01% holds 0.0001
    assert HEDGENOTIONAL(65_000, 0.5, 100_000) == -15_000
    assert FUNDINGAPR(0.0001, 8) == approx(0.1095)


def test_every_catalogue_function_is_present():
    assert set(udfs.WORKSHEET_FUNCTIONS) == {
        "NETEXPOSURE", "HEDGENOTIONAL", "HEDGESIZE", "REBALANCE", "FUNDINGCOST", "FUNDINGAPR", "BASIS",
        "ANNUALIZEDBASIS", "DATEDCARRY", "SWITCHGAIN", "ROLLCOST", "MARGIN", "LIQPRICE", "STRESSPNL",
        "SPOTREBALCOST", "FUTREBALCOST", "POSITIONNOTIONAL", "POSITIONPNL", "ROLLCOUNT", "DATEDHEDGECOST",
        "MAINTRATE", "HEDGERATIO", "HEDGEEFFECTIVENESS", "BASISVOL", "FUNDINGAPRMEAN", "FUNDINGAPRVOL",
        "EXPECTEDFUNDING", "ENTRYAFTER", "MARGINAFTER", "HISTORYFUNDINGAPR", "HISTORYFUNDING", "HISTORYFIT",
    }


HEDGE_CLOSES = [[100.0], [101.0], [100.0], [102.0]]
SPOT_CLOSES = [[100.0 * (row[0] / 100.0) ** 2] for row in HEDGE_CLOSES]  # moves twice as much, day by day


def test_history_functions_read_columns_of_daily_closes_as_excel_sends_them():
    """The blank cells below a series (a range longer than the history) are days without a price."""
    blanks = [[None], [None]]
    assert udfs.HEDGERATIO(SPOT_CLOSES + blanks, HEDGE_CLOSES + blanks) == approx(2.0)
    assert udfs.HEDGEEFFECTIVENESS(SPOT_CLOSES, HEDGE_CLOSES) == approx(1.0)
    assert udfs.BASISVOL([[100.0], [100.0], [100.0]], [[101.0], [102.0], [101.0]]) == approx(0.02 ** 0.5 / 10)
    # 0.01 % over 8 h, then 0.01 % over 4 h (the venue shortened the interval): 0.02 % in 12 h, 14.6 % a year
    assert udfs.FUNDINGAPRMEAN([[0.0001], [0.0001]], [[8.0], [4.0]]) == approx(0.146)
    assert udfs.FUNDINGAPRMEAN([[0.0001], [0.0003]], 8.0) == approx(0.219)  # one interval for all
    assert udfs.FUNDINGAPRVOL([[0.0001], [0.0001]], [[8.0], [4.0]]) == approx(0.1095 / 2 ** 0.5)


def test_expected_funding_from_history_with_its_band():
    # a 10 000 short, 0.01 % and 0.03 % per 8 h: receives 180 in 30 days, give or take 10 000 × 0.0141 % × √90
    rates = [[0.0001], [0.0003], [None]]  # a day without a record below
    assert udfs.EXPECTEDFUNDING(-10_000.0, rates, [[8.0], [8.0], [None]], 30.0) == approx(-180.0)
    assert udfs.EXPECTEDFUNDING(-10_000.0, rates, 8.0, 30.0, 1.0) == pytest.approx(-166.58, abs=0.01)  # the worse side
    assert udfs.EXPECTEDFUNDING(-10_000.0, rates, 8.0, 30.0, -1.0) == pytest.approx(-193.42, abs=0.01)
    assert udfs.EXPECTEDFUNDING(10_000.0, rates, 8.0, 30.0, 1.0) == pytest.approx(193.42, abs=0.01)  # a long pays
    assert udfs.EXPECTEDFUNDING(-10_000.0, rates, 8.0, [[30.0], [60.0]]) == "#VALUE! days must be one number"
    assert udfs.EXPECTEDFUNDING(-10_000.0, rates, 8.0, -1.0) == "#VALUE! days must be >= 0, got -1.0"


@pytest.mark.parametrize("call, message", [
    (lambda: udfs.HEDGERATIO([[100.0], ["n/a"]], [[1.0], [2.0]]),
     "#VALUE! spot_prices (cell 2): 'n/a' is not a number"),
    (lambda: udfs.HEDGERATIO([[100.0], [101.0], [102.0]], [[1.0], [2.0]]),
     "#VALUE! spot_prices and hedge_prices must have as many days, got 3 and 2"),
    (lambda: udfs.HEDGERATIO(None, HEDGE_CLOSES), "#VALUE! spot_prices is required"),
    (lambda: udfs.BASISVOL([[100.0], [0.0], [100.0]], [[1.0], [2.0], [3.0]]),
     "#VALUE! spot_prices must be > 0, got 0.0 (row 2)"),  # counted from 1, as a user counts rows
    (lambda: udfs.HEDGERATIO([[100.0], [101.0]], [[50.0], [51.0]]), "#N/A"),  # one return: no ratio yet
    (lambda: udfs.FUNDINGAPRVOL([[0.0001]], 8.0), "#N/A"),
])
def test_history_functions_say_what_is_wrong(call, message):
    assert call() == message


excel_values = st.one_of(
    st.none(), st.just(""), st.text(max_size=5), st.sampled_from(["=1+1", "@SUM(1)", "50%", "1e3"]), st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6), st.just(-0.0), st.just(1e308),
    st.just(-1e308), st.datetimes(), st.dates(),
)
rectangular = st.integers(1, 3).flatmap(
    lambda columns: st.lists(st.lists(excel_values, min_size=columns, max_size=columns), min_size=1, max_size=4))
excel_args = st.one_of(
    excel_values,
    rectangular,
    st.lists(st.lists(excel_values, min_size=0, max_size=3), min_size=0, max_size=3),  # ragged and empty
    st.lists(excel_values, min_size=0, max_size=3),  # a 1-D range
)


def _is_cell_result(x):
    """A number, a ``#...`` text, or a blank cell (a blank row of a function over a table's columns)."""
    return (isinstance(x, float) and x == x and abs(x) != float("inf")) or x == "" or (
        isinstance(x, str) and x.startswith("#") and "Traceback" not in x)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(udfs.WORKSHEET_FUNCTIONS)), st.lists(excel_args, min_size=0, max_size=7))
def test_no_input_raises(name, args):
    """Whatever Excel can send, a worksheet function answers a number, an array, or a #... text."""
    function = getattr(udfs, name)
    count = len(function.__xlfunc__["args"])
    result = function(*(args + [None] * count)[:count])
    if isinstance(result, list):
        assert result and all(isinstance(row, list) and row for row in result)
        if name == "REBALANCE":
            return  # a table: text and numbers
        assert all(_is_cell_result(x) for row in result for x in row), result
    else:
        assert _is_cell_result(result), result


def test_module_imports_without_pandas_requests_or_xlwings():
    import subprocess
    import sys

    code = "import sys, hedgebook.excel.udfs; print(sorted(m for m in ('pandas','requests','xlwings','urllib3') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_overflow_shows_as_num_error():
    assert STRESSPNL(1e308, 1e308, 0.5) == "#NUM!"
    assert STRESSPNL([[1e308], [1.0]], [[1e308], [1.0]], 0.5) == [["#NUM!"], [1.0]]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ANNUALIZEDBASIS(1.0, 1.0, []), "#VALUE! expiry is an empty range"),
        (lambda: HEDGESIZE(1.0, 0.5, 1.0, 1.0, None, None, []), "#VALUE! inverse is an empty range"),
        (lambda: HEDGESIZE(1.0, 0.5, 1.0, 1.0, None, None, [[]]), "#VALUE! inverse is an empty range"),
        (lambda: NETEXPOSURE([[]], 1.0), "#VALUE! spot_value is an empty range"),
    ],
)
def test_empty_ranges_are_errors_not_empty_results(call, message):
    """Found by hypothesis in CI: an empty date or TRUE/FALSE range gave an empty array."""
    assert call() == message


def test_the_position_an_order_leaves_is_built_from_the_one_held():
    """Issue 21 A3, as the Risk sheet computes it: 10 ETH short at 2 000 with 5 000 posted."""
    assert udfs.ENTRYAFTER(-10.0, 2_000.0, -10.0, 2_500.0) == approx(2_250)  # adding: (20 000 + 25 000) / 20
    assert udfs.ENTRYAFTER(-10.0, 2_000.0, 4.0, 2_500.0) == 2_000  # reducing: unchanged
    assert udfs.ENTRYAFTER(-10.0, 2_000.0, 15.0, 2_500.0) == 2_500  # flipping: at the price
    assert udfs.ENTRYAFTER(-10.0, None, -10.0, 2_500.0) == 2_500  # no entry typed: as if opened now
    assert udfs.MARGINAFTER(-10.0, 2_000.0, 5_000.0, -10.0, 2_500.0, 3.0) == approx(5_000 + 25_000 / 3)
    assert udfs.MARGINAFTER(-10.0, 2_000.0, 6_000.0, 4.0, 2_500.0, 3.0) == approx(3_600)
    assert udfs.MARGINAFTER(-10.0, 2_000.0, None, 0.0, 2_501.0, 3.0) == approx(20_000 / 3)  # assumed at entry
    # an 8 M short at 60 000 in tier 4 (20× at most) asked at 25×: 8 000 000 / 20
    assert udfs.MARGINAFTER(0.0, None, None, -8_000_000 / 60_000, 60_000.0, 25.0, None, None,
                            [[1_000_000, 10_000_000]], [[50, 20]]) == approx(400_000)
    assert udfs.MARGINAFTER(-10.0, 2_000.0, -1.0, 0.0, 2_500.0, 3.0).startswith("#VALUE!")


def test_switchgain_counts_slippage_on_both_legs_as_rollcost_does():
    """Issue 21 D3: 2 × 15 000 × (0.05 % + 10 bps) = 45 of fees and slippage on −28.50."""
    assert SWITCHGAIN(-15_000, 0.0001, 60_000, 61_200, 73, 8, 0.0005, 10) == approx(-73.5)
    assert SWITCHGAIN(-15_000, 0.0001, 60_000, 61_200, 73, 8, 0.0005) == approx(-43.5)  # no slippage given


def test_stresspnl_over_a_table_column_by_a_row_of_moves_with_blank_rows_blank():
    """The stress table in one call: positions down, moves across; a blank row (no holding) gives blank cells."""
    spot, futures = [[65_000.0], [35_000.0], [""]], [[0.0], [0.0], [None]]
    orders = [[-15_000.0], [15_000.0], [""]]
    assert STRESSPNL(spot, futures, [[-0.2, 0.1]], orders) == [[-10_000.0, 5_000.0], [-10_000.0, 5_000.0], ["", ""]]
    assert STRESSPNL(spot, 0, -0.2) == [[-13_000.0], [-7_000.0], [""]]  # the coins alone
    assert STRESSPNL(65_000, -15_000, -0.2) == -10_000  # one cell as before
    assert STRESSPNL([["x"], [1.0]], 0, -0.2).startswith("#VALUE! spot_value (row 1)")  # text is still an error


def test_the_plan_functions_take_whole_columns_and_leave_blank_rows_blank():
    """Rebalance calls each of them once over its 100 rows: a blank row gives a blank cell; a blank hedge ratio is 1,
    a blank order 0, a blank lot no rounding, a blank contract size 1 coin (never guessed for an inverse contract).
    By hand: 65 000 − 15 000 / 1.5 = 55 000 of 100 000 is 0.55; 35 000 − 15 000 = 20 000 is 0.2; sizing the ETH row
    at β 2: 2 × (50 000 − 35 000) / 3 000 = 10 contracts."""
    assert NETEXPOSURE([[65000], [None], [35000]], [[-15000], [None], [0]], 100000, [[1.5], [None], [None]],
                       [[0], [None], [-15000]]) == [[0.55], [""], [0.2]]
    assert NETEXPOSURE([[65000], [""]], [[-15000], [""]]) == [[50000.0], [""]]
    assert HEDGENOTIONAL([[65000], [""]], [[0.5], [0.5]], 100000, [[1.2], [None]]) == [[-18000.0], [""]]
    assert HEDGESIZE([[65000], [None], [35000], [10]], [[0.5], [0.1], [0.5], [0.5]], 100000,
                     [[60000], [1], [3000], [None]], None, [[0.001], [None], [None], [None]], None,
                     [[None], [None], [2], [None]]) == [[-0.25], [""], [10.0], [""]]
    assert HEDGESIZE([[65000], [35000]], 0.5, 100000, [[60000], [60000]], [[None], [None]], None,
                     [[False], [True]]) == [[-0.25], ["#N/A"]]


def test_the_cost_functions_take_whole_columns_and_leave_blank_rows_blank():
    """Costs calls each once over its 100 rows. By hand, selling 15 000 of BTC at 60 000 bought at 20 000: fee 15,
    slippage 7.5, tax 25 % of the 10 000 gain = 2 522.5; buying 15 000 of ETH at β 2 is 7 500 of coins: 7.5 + 3.75.
    Shorting 15 000 for 30 days at 0.01 % per 8 h: 15 + 15 of fees and slippage, −135 of funding = −105; the dated
    hedge adds its basis cost (40) to its fees (30) and pays no funding."""
    assert SPOTREBALCOST([[-15000], [None], [15000]], [[60000], [None], [3000]], [[20000], [None], [None]], 0.001, 5,
                         0.25, [[1], [None], [2]]) == [[2522.5], [""], [11.25]]
    assert FUTREBALCOST([[-15000], [None], [15000]], [[0.0001], [None], [0]], 30, [[8], [None], [None]], 0.0005, 5,
                        [[None], [None], [40]]) == [[-105.0], [""], [70.0]]
    assert SPOTREBALCOST(-15000, 60000, None, 0.001) == "#VALUE! cost_basis is required"


def test_the_carry_functions_take_whole_columns_and_leave_blank_rows_blank():
    """Carry calls each once over its 100 rows. By hand: 0.01 % per 8 h is 0.0001 × 3 × 365 = 10.95 % a year; a
    15 000 short over 30 days receives 15 000 × 0.0001 × 3 × 30 = 135; a future 2 % over spot 73 days from expiry
    is 2 % × 365 / 73 = 10 % a year (expiry as a date, or as the serial number xlwings Lite sends)."""
    assert FUNDINGAPR([[0.0001], [None]], [[8], [None]]) == [[pytest.approx(0.1095)], [""]]
    assert FUNDINGCOST([[-15000], [""]], [[0.0001], [""]], 30, [[8], [""]]) == [[pytest.approx(-135)], [""]]
    for expiry, as_of in (([[dt.datetime(2025, 3, 28)], [None]], dt.datetime(2025, 1, 14)),
                          ([[45744.0], [""]], 45671.0)):
        assert ANNUALIZEDBASIS([[100000], [None]], [[102000], [None]], expiry, as_of) == [[pytest.approx(0.1)], [""]]
    assert ROLLCOUNT(30, [[73], [None]]) == [[0.0], [""]]
    for value in (DATEDHEDGECOST([[-15000], [None]], [[100000], [None]], [[102000], [None]], 30, [[73], [None]]),
                  SWITCHGAIN([[-15000], [None]], [[0.0001], [None]], [[100000], [None]], [[102000], [None]],
                             [[73], [None]], [[8], [None]])):
        assert isinstance(value[0][0], float) and value[1] == [""]


def test_the_position_functions_go_row_by_row_with_each_rows_own_tiers():
    """Risk calls each once over its 100 rows, each row with its own tier ladder (its row of the blocks beside
    Holdings). By hand: 15 000 at 10× is 1 500; 30 000 at 10× is 3 000 (its tier allows 20×, then 10× past 10 000);
    a blank row gives a blank cell; one ladder for every row is read as before."""
    caps, leverages = [[50_000, 250_000], [None, None], [10_000, 100_000]], [[125, 50], [None, None], [20, 10]]
    assert MARGIN([[15_000], [None], [-30_000]], 10, caps, leverages) == [[1500.0], [""], [3000.0]]
    assert MARGIN([[15_000], [-30_000]], 10, [[10_000, 100_000]], [[20, 10]]) == [[1500.0], [3000.0]]
    assert MAINTRATE([[15_000], [None]], [[50_000, 250_000], [None, None]], [[0.004, 0.005], [None, None]],
                     [[0.01], [None]]) == [[0.004], [""]]
    assert ENTRYAFTER([[0], [None], [1]], [[None], [None], [50_000]], [[-0.25], [None], [1]],
                      [[60_000], [None], [60_000]]) == [[60_000.0], [""], [55_000.0]]  # (50 000 + 60 000) / 2
    assert MARGIN([[1], [2], [3]], [[1], [2]]) == "#VALUE! the columns have different lengths: 2, 3 rows"


def test_the_history_functions_read_every_holdings_block_at_once():
    """Carry calls each once over the History sheet's stacked blocks (days first, then the rows heading the next
    block). By hand, a block whose funding is 0.01 %, 0.03 %, 0.02 %, 0.02 % per 8 h: all four average 0.02 % a
    settlement, 0.0002 × 3 × 365 = 21.9 % a year; the last two 21.9 % too; the APRs 10.95, 32.85, 21.9, 21.9 % lie
    ±10.95 % from it twice, a sample s.d. of 10.95 % × √(2/3); a hedge that moves exactly with the coins has β 1
    and R² 1. A second block with no days is blank; a text in a price names its cell."""
    days = [[price, price, rate, 8.0, None] for price, rate in zip((100.0, 102.0, 99.0, 103.0),
                                                                    (0.0001, 0.0003, 0.0002, 0.0002))]
    heading = [[None] * 5, ["Spot close", "Hedge close", "Funding (day)", "Funding hours", "Dated close"]]
    history = days + heading + [[None] * 5] * 6
    assert HISTORYFUNDINGAPR(history, 2, 4, 2) == [[pytest.approx(0.219), pytest.approx(0.219),
                                                    pytest.approx(0.1095 * math.sqrt(2 / 3))], ["", "", ""]]
    assert HISTORYFIT(history, 2, 4) == [[pytest.approx(1.0), pytest.approx(1.0), ""], ["", "", ""]]
    expected, better, worse = HISTORYFUNDING(history, [[10_000.0], [None]], 30, 4)[0]
    assert expected == pytest.approx(10_000 * 0.0002 * 3 * 30) and better < expected < worse
    assert HISTORYFUNDING(history, [[10_000.0], [None]], 30, 4)[1] == ["", "", ""]
    bad = [[100.0, "x", 0.0001, 8.0, None]] + days[1:] + heading + [[None] * 5] * 6
    assert HISTORYFIT(bad, 2, 4)[0] == ["#VALUE! hedge closes (cell 1): 'x' is not a number"] * 3
    assert HISTORYFIT(history, 5, 4) == "#VALUE! history must be one block of at least 4 rows per row (12 rows for 5)"


def test_one_cell_arrives_from_excel_as_a_range_of_one_and_is_one_number():
    """xlwings hands an argument declared ``ndim=2`` as [[value]] even for one cell or a constant: a function that
    takes one number must read it (EXPECTEDFUNDING, and the history functions' rows and days)."""
    rates = [[0.0001], [0.0001], [0.0001]]
    assert udfs.EXPECTEDFUNDING([[-10_000.0]], rates, [[8.0]], [[30.0]]) == pytest.approx(-90.0)
    assert udfs.EXPECTEDFUNDING([[-10_000.0]], rates, [[8.0]], [[30.0]], [[1.0]]) == pytest.approx(
        udfs.EXPECTEDFUNDING(-10_000.0, rates, 8.0, 30.0, 1.0))
    assert udfs.EXPECTEDFUNDING(-10_000.0, rates, 8.0, [[30.0], [60.0]]) == "#VALUE! days must be one number"
