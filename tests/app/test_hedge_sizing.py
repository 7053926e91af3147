"""Sizing hedges by the hedge ratio β from history, and cross-hedging a holding with another asset's contract.

The market, by hand: OKX lists an ETH and a BTC perpetual and no SOL contract; SOL is 100 on Binance spot.
BTC 1 coin (60 000) and SOL 400 coins (40 000): a portfolio of 100 000.  SOL's history is built so that its
daily log returns are exactly 1.5 × ETH's: β = 1.5, R² = 1.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from hedgebook.app.choices import hedge_choices
from hedgebook.app.daily_history import DailyHistory
from hedgebook.app.hedges import hedges_from_market
from hedgebook.app.inputs import (
    SIZING_BETA,
    HoldingInput,
    InputError,
    PlanInputs,
    PositionInput,
    Settings,
)
from hedgebook.app.plan import compute_plan
from hedgebook.app.planning import plan_from_market
from hedgebook.app.positions import attribute_positions, mark_position, mark_positions
from hedgebook.app.typed_rows import settings_from_values
from hedgebook.excel.sheets.positions import marked_values
from hedgebook.market.table import make_row, to_table

UTC = dt.timezone.utc
AS_OF = dt.datetime(2025, 1, 14, 8, tzinfo=UTC)
FIRST = dt.date(2025, 1, 9)
ETH_CLOSES = (3_000.0, 3_030.0, 2_970.0, 3_060.0, 3_000.0)


def market(*extra):
    return to_table([*extra,
        make_row("okx", "ETH-USDT-SWAP", "ETH", "USDT", "perp", "linear", mark_price=3_000.0, index_price=3_000.0,
                 funding_rate=0.0001, funding_interval_h=8.0, contract_size=0.1, lot_size=1.0, updated_at=AS_OF),
        make_row("okx", "BTC-USDT-SWAP", "BTC", "USDT", "perp", "linear", mark_price=60_000.0, index_price=60_000.0,
                 funding_rate=0.0001, funding_interval_h=8.0, contract_size=0.01, lot_size=1.0, updated_at=AS_OF),
        make_row("binance_spot", "SOLUSDT", "SOL", "USDT", "spot", "linear", last_price=100.0, updated_at=AS_OF),
        make_row("binance_spot", "BTCUSDT", "BTC", "USDT", "spot", "linear", last_price=60_000.0, updated_at=AS_OF),
    ])


BTC = HoldingInput("BTC", 1.0, venue="okx", target_weight=0.6)
SOL = HoldingInput("SOL", 400.0, venue="okx", instrument="ETH-USDT-SWAP", target_weight=0.0)


def history(asset, symbol, spot, hedge, note="") -> DailyHistory:
    blank = tuple([math.nan] * len(spot))
    return DailyHistory(asset, "okx", symbol, "", FIRST, tuple(spot), tuple(hedge), blank, blank, blank, note)


def sol_history(power=1.5, note=""):
    """SOL's closes = 100 × (ETH / 3 000) ** power: each day's log return is ``power`` × ETH's."""
    return history("SOL", "ETH-USDT-SWAP", [100.0 * (h / 3_000.0) ** power for h in ETH_CLOSES], ETH_CLOSES, note)


def plan(holdings=(BTC, SOL), histories=(), positions=(), sizing="notional"):
    inputs = PlanInputs(tuple(holdings), Settings(as_of=AS_OF, hedge_sizing=sizing), tuple(positions))
    return plan_from_market(inputs, market(), AS_OF, histories=histories)


def test_a_cross_hedge_is_sized_by_beta_from_history():
    book = plan(histories=[sol_history()])
    fit = book.sizings[1]
    assert (fit.ratio, fit.by_history, fit.problem) == (pytest.approx(1.5), True, "")
    assert fit.effectiveness == pytest.approx(1.0)
    # SOL's 40 000 to 0: 1.5 × 40 000 = 60 000 of ETH short = 60 000 / (0.1 × 3 000) = 200 contracts
    assert book.rebalance.trade_notionals[1] == pytest.approx(-60_000)
    assert book.rebalance.contracts[1] == pytest.approx(-200)
    assert book.rebalance.post_trade_weights[1] == pytest.approx(0.0)
    assert book.order_status == ["ok", "ok"] and book.sides == ["none", "sell"]
    assert any("SOL is cross-hedged with ETH-USDT-SWAP (ETH): sized by β 1.500 from history; it explained 100% of "
               "SOL's daily moves (R²)" in note for note in book.notes)
    # BTC on notional sizing is untouched by the history setting
    assert book.sizings[0].by_history is False and book.sizings[0].ratio == 1.0


def test_a_position_in_the_cross_hedge_contract_counts_for_the_holding_at_notional_over_beta():
    short = PositionInput("okx", "ETH-USDT-SWAP", -100.0, row=5)  # 10 ETH = −30 000 at 3 000
    book = plan(histories=[sol_history()], positions=[short])
    assert book.rebalance.futures_notionals.tolist() == pytest.approx([0.0, -30_000])
    # −30 000 of ETH counts as −20 000 of SOL: SOL's exposure 20 000 (20 %), 1.5 × 20 000 more to sell
    assert book.rebalance.current_weights[1] == pytest.approx(0.2)
    assert book.rebalance.trade_notionals[1] == pytest.approx(-30_000)
    assert book.rebalance.contracts[1] == pytest.approx(-100)
    assert book.held_contracts[1] == -100
    assert book.positions[0].exposure_asset == "SOL" and book.positions[0].asset == "ETH"
    assert marked_values(book.positions[0])[0] == "SOL"  # the Positions sheet's Asset column, summed by Rebalance


def test_positions_count_for_the_holding_that_cross_hedges_with_their_contract():
    table = market()
    eth = mark_position(PositionInput("okx", "ETH-USDT-SWAP", -1.0), table)
    btc = mark_position(PositionInput("okx", "BTC-USDT-SWAP", -1.0), table)
    found = attribute_positions([eth, btc], {("okx", "ETH-USDT-SWAP"): "SOL"})
    assert [p.exposure_asset for p in found] == ["SOL", "BTC"]


@pytest.mark.parametrize("histories, problem", [
    ((), "a cross hedge with ETH's ETH-USDT-SWAP is sized by β from history, and there is no history of "
         "ETH-USDT-SWAP yet: press Refresh"),
    ([history("SOL", "ETH-USDT-SWAP", [100.0, 101.0], [3_000.0, 3_030.0])],
     "a cross hedge with ETH's ETH-USDT-SWAP is sized by β from history, and the History sheet holds too few days "
     "of both SOL's spot and ETH-USDT-SWAP's closes to measure it"),
    ([sol_history(power=-0.5)],
     "a cross hedge with ETH's ETH-USDT-SWAP is sized by β from history, and ETH-USDT-SWAP's β against SOL is "
     "-0.500: it moved against the coins, so it cannot hedge them"),
])
def test_a_cross_hedge_without_a_usable_beta_is_withheld_and_says_why(histories, problem):
    book = plan(histories=histories)
    assert book.order_status[1] == f"withheld: {problem}"
    assert book.rebalance.contracts[1] == 0 and book.sides[1] == "withheld"
    assert book.rebalance.current_weights[1] == pytest.approx(0.4)  # SOL keeps its exposure
    assert not book.hedges[1].tradable  # no order, and no price on Holdings for the sheet to compute one from
    assert book.order_status[0] == "ok"  # the rest of the plan goes on


def test_a_history_of_another_contract_is_not_used():
    other = history("SOL", "SOL-USDT-SWAP", sol_history().spot_close, ETH_CLOSES)
    assert plan(histories=[other]).order_status[1].startswith("withheld: a cross hedge")


def test_beta_sizing_applies_to_every_hedge_and_withholds_where_there_is_no_history():
    btc_closes = (60_000.0, 61_200.0, 59_400.0, 60_600.0, 60_000.0)
    # BTC's spot moves 0.8 × its perpetual's: β 0.8
    btc = history("BTC", "BTC-USDT-SWAP", [60_000.0 * (h / 60_000.0) ** 0.8 for h in btc_closes], btc_closes)
    holdings = (HoldingInput("BTC", 1.0, venue="okx", target_weight=0.3), SOL)
    book = plan(holdings, histories=[btc, sol_history()], sizing=SIZING_BETA)
    # BTC's 60 000 to 30 000: 0.8 × −30 000 = −24 000 = 40 contracts of 0.01 BTC at 60 000
    assert book.sizings[0].ratio == pytest.approx(0.8)
    assert book.rebalance.trade_notionals[0] == pytest.approx(-24_000)
    assert book.rebalance.contracts[0] == pytest.approx(-40)
    assert book.rebalance.post_trade_weights[0] == pytest.approx(0.3)
    assert any("BTC's hedge BTC-USDT-SWAP: sized by β 0.800" in note for note in book.notes)
    book = plan(holdings, histories=[sol_history()], sizing=SIZING_BETA)
    assert book.order_status[0] == ("withheld: Hedge sizing is beta, and there is no history of BTC-USDT-SWAP "
                                    "yet: press Refresh")
    assert book.order_status[1] == "ok"


def test_notional_sizing_shows_the_fit_but_sizes_by_one():
    btc_closes = (60_000.0, 61_200.0, 59_400.0, 60_600.0, 60_000.0)
    btc = history("BTC", "BTC-USDT-SWAP", [60_000.0 * (h / 60_000.0) ** 0.8 for h in btc_closes], btc_closes)
    book = plan((HoldingInput("BTC", 1.0, venue="okx", target_weight=0.3), SOL), histories=[btc, sol_history()])
    fit = book.sizings[0]
    assert (fit.ratio, fit.measured, fit.effectiveness) == (1.0, pytest.approx(0.8), pytest.approx(1.0))
    assert book.rebalance.trade_notionals[0] == pytest.approx(-30_000)


def test_a_weak_fit_and_a_stale_history_are_said():
    noisy = (100.0, 103.0, 99.0, 100.5, 101.0)  # SOL's closes hardly follow ETH's
    book = plan(histories=[history("SOL", "ETH-USDT-SWAP", noisy, ETH_CLOSES, note="stale: ETH-USDT-SWAP close "
                                                                                     "not updated")])
    fit = book.sizings[1]
    assert fit.effectiveness < 0.5 and book.order_status[1] == "ok"
    assert any("less than half: the hedge leaves much of the risk" in note for note in book.notes)
    assert "SOL: the history β is measured on says: stale: ETH-USDT-SWAP close not updated" in book.notes


@pytest.mark.parametrize("typed, sizing", [(None, "notional"), ("", "notional"), ("Beta", "beta"),
                                           (" notional ", "notional")])
def test_the_hedge_sizing_setting(typed, sizing):
    values = [None] * 14 + [typed]
    assert settings_from_values(values, first_row=5).hedge_sizing == sizing


def test_a_hedge_sizing_that_is_neither_is_refused_by_name():
    with pytest.raises(InputError, match=r"Settings row 19, Hedge sizing: must be notional or beta, got 'ratio'"):
        settings_from_values([None] * 14 + ["ratio"], first_row=5)


def test_a_cross_hedge_compares_its_contracts_assets_perpetuals_and_has_no_dated_alternative():
    book = plan(histories=[sol_history()])
    (btc, sol) = hedge_choices(book)
    # the 60 000 ETH short over 30 days at 0.01 % per 8 h receives 60 000 × 0.0001 × 90 = 540
    assert (sol.asset, sol.linear, sol.linear_cost) == ("SOL", "ETH-USDT-SWAP", pytest.approx(-540))
    assert sol.dated == "" and math.isnan(book.annualized_basis[1]) and math.isnan(book.switch_gain[1])


def test_a_shared_contract_stays_its_own_assets_hedge_and_its_positions_count_there():
    """SOL names ETH-USDT-SWAP, which is ETH's own hedge on OKX: SOL is withheld; the position stays ETH's."""
    eth = HoldingInput("ETH", 10.0, venue="okx", target_weight=0.2)
    short = PositionInput("okx", "ETH-USDT-SWAP", -50.0, row=5)  # 5 ETH = −15 000
    book = plan((eth, SOL), histories=[None, sol_history()], positions=[short])
    assert book.order_status[0] == "ok" and book.order_status[1].startswith(
        "withheld: ETH-USDT-SWAP on okx is also the hedge of ETH")
    assert book.positions[0].exposure_asset == "ETH"
    assert book.rebalance.futures_notionals.tolist() == pytest.approx([-15_000, 0.0])


def test_a_position_in_a_suspect_cross_hedge_contract_holds_back_its_holding_not_the_contracts_asset():
    """OKX's ETH perpetual is suspect: SOL (cross-hedged with it) is withheld, and ETH, hedged on Bybit, is not."""
    table = market(make_row("bybit", "ETHUSDT", "ETH", "USDT", "perp", "linear", mark_price=3_000.0,
                            index_price=3_000.0, funding_rate=0.0001, funding_interval_h=8.0, lot_size=0.01,
                            updated_at=AS_OF))
    table.loc[table["symbol"] == "ETH-USDT-SWAP", "status"] = "suspect: mark far from the reference"
    eth = HoldingInput("ETH", 10.0, venue="bybit", target_weight=0.2)
    short = PositionInput("okx", "ETH-USDT-SWAP", -50.0, row=5)
    holdings = [eth, SOL]
    hedges = hedges_from_market(holdings, table, AS_OF)
    assert hedges[1].cross_asset == "ETH" and not hedges[1].tradable
    book = compute_plan(holdings, Settings(as_of=AS_OF), hedges, AS_OF, mark_positions([short], table),
                        [None, sol_history()])
    assert book.positions[0].exposure_asset == "SOL"
    assert book.order_status == ["ok", "withheld: suspect: mark far from the reference"]
