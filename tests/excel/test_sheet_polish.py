"""Issue 11, "sheets a trader would keep": headers with units, formats per column, red only where you pay or lose,
quantities to their lot, the venue drop-down, the stress chart's figures, print areas.  Every figure is the worked
example's (BTC 60 000, ETH 3 000, 65/35 → 50/50)."""

from __future__ import annotations

import openpyxl
import pytest

from hedgebook.excel import layout as L
from hedgebook.excel.project import write_project
from hedgebook.excel.sheets.formats import COST, GAIN, MONEY, step_decimals
from hedgebook.excel.workbook_io import read_file


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("polish"), "plan_polish").workbook


@pytest.fixture(scope="module")
def formulas(demo_file):
    return openpyxl.load_workbook(demo_file)


@pytest.fixture(scope="module")
def values(demo_file):
    return openpyxl.load_workbook(demo_file, data_only=True)


def test_market_headers_say_what_and_in_which_unit_and_the_reader_still_reads_them(formulas, demo_file):
    market = formulas[L.MARKET]
    header = [market.cell(L.MARKET_TABLE.header_row + 1, c + 1).value for c in range(len(L.MARKET_TITLES))]
    assert header[:3] == ["Venue", "Contract", "Base"] and "Open interest (USD m)" in header
    assert all("_" not in title for title in header)
    assert market.freeze_panes == "C5" and market.auto_filter.ref.startswith("A4:")
    first = L.MARKET_TABLE.first_row + 1
    oi = market.cell(first, L.MARKET_TABLE.col("open_interest_usd") + 1)
    assert oi.number_format == '#,##0.0,," m"'  # 4 800 000 000 shows as 4,800.0 m
    assert market.column_dimensions[L.column_letter(L.MARKET_TABLE.col("status"))].width >= 30
    again = read_file(demo_file).market  # the reader maps the titles back to the columns
    btc = again[(again["venue"] == "binance") & (again["symbol"] == "BTCUSDT")].iloc[0]
    assert btc["open_interest_usd"] == 4_800_000_000 and btc["funding_rate"] == pytest.approx(0.0001)


def test_a_perpetual_without_a_published_next_funding_says_so(values, demo_file):
    market = values[L.MARKET]
    rows = {(market.cell(r, 1).value, market.cell(r, 2).value): r for r in range(L.MARKET_TABLE.first_row + 1, 40)}
    column = L.MARKET_TABLE.col("next_funding_time") + 1
    assert market.cell(rows[("deribit", "BTC-PERPETUAL")], column).value == "not published"
    assert market.cell(rows[("binance", "BTCUSDT_250328")], column).value is None  # dated: no funding at all
    again = read_file(demo_file).market
    assert again.loc[again["symbol"] == "BTC-PERPETUAL", "next_funding_time"].isna().all()


def test_the_hedge_venue_is_a_drop_down_of_the_venues_with_futures(formulas):
    venue = L.holdings_column("Holdings_Venue")
    rules = [rule for rule in formulas[L.HOLDINGS].data_validations.dataValidation
             if str(rule.sqref).startswith(L.a1(venue.first_row, venue.first_col))]
    assert len(rules) == 1 and rules[0].type == "list" and rules[0].errorStyle == "warning"
    assert rules[0].formula1 == '"binance,binance_coinm,bybit,okx,deribit,bingx,mexc,weex,none"'


def test_red_is_for_money_you_pay_or_lose_only(formulas):
    assert "[Red]" not in MONEY and COST.startswith("[Red]") and "[Red]-" in GAIN
    rebalance, costs = formulas[L.REBALANCE], formulas[L.COSTS]
    assert rebalance[L.REBALANCE_TABLE.cell("Order notional", 0).a1()].number_format == MONEY  # a short is not red
    assert costs[L.COSTS_TABLE.cell("Spot: fees, slippage, tax", 0).a1()].number_format == COST
    assert costs[L.COSTS_TABLE.cell("Deferred or saved with futures", 0).a1()].number_format == GAIN
    orders = formulas[L.ORDERS]
    assert orders[L.ORDERS_TABLE.cell("Funding over horizon (USD)", 0).a1()].number_format == COST
    assert orders[L.ORDERS_TABLE.cell("Notional (USD)", 0).a1()].number_format == MONEY


@pytest.mark.parametrize("step, decimals", [(0.001, 3), (1, 0), (0.5, 1), (0.01, 2), (1e-5, 5), (None, None),
                                            (float("nan"), None), (0, None)])
def test_decimals_of_an_order_step(step, decimals):
    assert step_decimals(step) == decimals


def test_contracts_show_to_their_lot(formulas):
    rebalance = formulas[L.REBALANCE]
    for title in ("Sized (contracts)", "Contracts"):
        assert rebalance[L.REBALANCE_TABLE.cell(title, 0).a1()].number_format == "#,##0.000"  # BTCUSDT lot 0.001
    orders = formulas[L.ORDERS]
    unwind = orders[L.UNWIND_TABLE.cell("Contracts", 0).a1()]
    assert unwind.value == 0.25 and unwind.number_format == "#,##0.000"  # one format: the lot's, as the order's
    assert orders[L.ORDERS_TABLE.cell("Contracts", 0).a1()].number_format == "#,##0.000"
    for title in ("Close contracts", "Open contracts"):
        assert orders[L.SWITCH_TABLE.cell(title, 1).a1()].number_format == "#,##0.000"  # ETH: 5 → 5.000


def test_holdings_shows_no_raw_true_false_and_coins_to_sensible_decimals(formulas, values):
    holdings = values[L.HOLDINGS]
    inverse = L.holdings_column("Holdings_Inverse").first
    assert holdings[inverse.a1()].value == 0  # a number, shown by its format
    assert formulas[L.HOLDINGS][inverse.a1()].number_format == '"inverse";"inverse";"linear"'
    quantity = L.holdings_column("Holdings_Qty").first
    assert formulas[L.HOLDINGS][quantity.a1()].number_format == "[>=1000]#,##0;[>=1]#,##0.0000;0.00000000"


def test_risk_columns_carry_their_units():
    titles = L.RISK_TABLE.titles
    for title in ("Notional after (USD)", "Margin (USD)", "Collateral (USD; inverse: coins)",
                  "Quantity (coins; inverse: contracts)", "Liquidation price (USD)"):
        assert title in titles


def test_the_stress_chart_shows_the_hedge_at_work(values):
    """Every coin −20 %: BTC's coins lose 65 000 × 0.2 = 13 000, its 15 000 short gains 3 000, net −10 000;
    ETH's coins lose 7 000, its 15 000 long loses 3 000, net −10 000: both assets now weigh the same."""
    risk, S = values[L.RISK], L.STRESS_TABLE
    net = L.column_letter(L.stress_column(L.STRESS_SHOCKS.index(-0.2)))
    rows = {risk[S.cell(S.titles[0], i).a1()].value: S.first_row + i + 1 for i in range(2)}
    coins, futures = S.letter(S.titles[-2]), S.letter(S.titles[-1])
    assert [risk[f"{c}{rows['BTC']}"].value for c in (coins, futures, net)] == [-13_000, 3_000, -10_000]
    assert [risk[f"{c}{rows['ETH']}"].value for c in (coins, futures, net)] == [-7_000, -3_000, -10_000]
    P, at = L.PORTFOLIO_STRESS, L.stress_column(L.STRESS_SHOCKS.index(-0.2)) + 1
    whole = {risk.cell(row, P.first_col + 1).value: risk.cell(row, at).value
             for row in range(P.first_row + 1, P.first_row + 1 + len(L.PORTFOLIO_STRESS_TITLES))}
    # the plan moves exposure between the coins, not out of them: the whole 100 000 still loses 20 000
    assert whole == {"Coins alone": -20_000, "Futures after plan": 0, "Total after plan": -20_000,
                     "Total now (no plan)": -20_000}


def test_every_sheet_prints_its_used_rows_not_its_hundred_empty_slots(formulas):
    for name in (L.START, L.HOLDINGS, L.POSITIONS, L.SETTINGS, L.MARKET, L.REBALANCE, L.ORDERS, L.CARRY, L.COSTS,
                 L.RISK, L.CONTEXT):
        area = formulas[name].print_area
        assert area, name
        last_row = int("".join(ch for ch in area.split(":")[-1] if ch.isdigit()))
        assert last_row < 60, (name, area)


def test_the_sample_label_cannot_be_read_as_a_date_of_market_prices(values):
    label = values[L.START][L.DATA_LABEL.a1()].value
    assert label == "SAMPLE DATA: made-up prices, not from any market; dated 2025-01-14 08:00 UTC"
