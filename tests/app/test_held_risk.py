"""The position held now and the one an order leaves (issue 21 A1–A4): margin posted or assumed, isolated and cross
liquidation, a position already past its liquidation price.

The market, by hand: OKX's ETH perpetual at a mark of 2 501 (0.1 ETH a contract) and its BTC perpetual at 60 000
(0.01 BTC a contract); no margin tiers are known for either, so Settings' 0.4 % applies.
"""

from __future__ import annotations

import datetime as dt

import pytest

from hedgebook.app.export import plan_as_json
from hedgebook.app.inputs import AccountInput, HoldingInput, InputError, PlanInputs, PositionInput, Settings
from hedgebook.app.planning import plan_from_market
from hedgebook.app.typed_rows import positions_from_rows
from hedgebook.market.table import make_row, to_table

UTC = dt.timezone.utc
AS_OF = dt.datetime(2025, 1, 14, 8, tzinfo=UTC)


def market():
    return to_table([
        make_row("okx", "ETH-USDT-SWAP", "ETH", "USDT", "perp", "linear", mark_price=2_501.0, index_price=2_501.0,
                 funding_rate=0.0001, funding_interval_h=8.0, contract_size=0.1, lot_size=1.0, updated_at=AS_OF),
        make_row("okx", "BTC-USDT-SWAP", "BTC", "USDT", "perp", "linear", mark_price=60_000.0, index_price=60_000.0,
                 funding_rate=0.0001, funding_interval_h=8.0, contract_size=0.01, lot_size=1.0, updated_at=AS_OF),
        make_row("okx", "BTC-USD-SWAP", "BTC", "USD", "perp", "inverse", mark_price=60_000.0, index_price=60_000.0,
                 funding_rate=0.0001, funding_interval_h=8.0, contract_size=100.0, lot_size=1.0, updated_at=AS_OF),
    ])


ETH = HoldingInput("ETH", 10.0, venue="okx", target_weight=0.0)  # 25 010 of coins


def plan(positions, holdings=(ETH,), accounts=()):
    inputs = PlanInputs(tuple(holdings), Settings(as_of=AS_OF), tuple(positions), accounts=tuple(accounts))
    return plan_from_market(inputs, market(), AS_OF)


SHORT = PositionInput("okx", "ETH-USDT-SWAP", -100.0, 2_000.0, row=5)  # 10 ETH short, entered at 2 000


def test_a_held_short_is_liquidated_from_its_entry_and_the_margin_assumed():
    """Entered at 2 000 at 3×: margin 10 × 2 000 / 3 = 6 666.67 (assumed); (6 666.67 + 20 000) / (10 × 1.004) =
    2 656.04, 6.2 % above the mark.  As if opened at the mark it would be 2 501 × 4 / 3 / 1.004 = 3 321.38."""
    book = plan([SHORT])
    risk = book.position_risks[0]
    assert risk.margin_mode == "isolated" and risk.margin_assumed
    assert risk.margin == pytest.approx(20_000 / 3)
    assert risk.liquidation_price == pytest.approx((20_000 / 3 + 20_000) / 10.04)
    assert risk.distance == pytest.approx(((20_000 / 3 + 20_000) / 10.04 - 2_501) / 2_501)
    assert round(risk.distance, 3) == 0.062 and not risk.past_liquidation
    # no order (ETH is at its 0 % target): the position the plan leaves is the one held, at the same price
    assert book.rebalance.contracts[0] == 0
    assert book.costs.liquidation_price[0] == pytest.approx(risk.liquidation_price)
    assert book.costs.entry[0] == 2_000


def test_the_margin_posted_is_used_and_a_position_past_its_liquidation_is_flagged():
    # 5 000 posted: (5 000 + 20 000) / 10.04 = 2 490.04, below the mark 2 501: the venue may have closed it
    book = plan([PositionInput("okx", "ETH-USDT-SWAP", -100.0, 2_000.0, row=5, margin=5_000.0)])
    risk = book.position_risks[0]
    assert not risk.margin_assumed and risk.margin == 5_000
    assert risk.liquidation_price == pytest.approx(25_000 / 10.04) and risk.past_liquidation
    assert any(note.startswith("Positions row 5 (okx ETH-USDT-SWAP): the mark 2,501.00 is past its liquidation "
                               "price 2,490.04: the venue may have closed it") for note in book.notes)


def test_a_cross_position_is_liquidated_from_the_wallet_and_the_other_cross_positions():
    """Wallet 8 000; a BTC long of 1 contract (0.01 BTC) entered at 50 000 is 100 in profit at 60 000, with a
    maintenance of 600 × 0.4 % = 2.4: ETH's short is liquidated at (8 000 + 100 − 2.4 + 20 000) / (10 × 1.004)."""
    eth = PositionInput("okx", "ETH-USDT-SWAP", -100.0, 2_000.0, row=5, margin_mode="cross")
    btc = PositionInput("okx", "BTC-USDT-SWAP", 1.0, 50_000.0, row=6, margin_mode="cross")
    book = plan([eth, btc], holdings=(ETH, HoldingInput("BTC", 1.0, venue="okx", target_weight=0.7)),
                accounts=[AccountInput("okx", 8_000.0)])
    risk = book.position_risks[0]
    assert risk.margin_mode == "cross" and risk.margin != risk.margin  # no margin of its own
    assert risk.liquidation_price == pytest.approx((8_000 + 100 - 2.4 + 20_000) / 10.04)
    assert book.held[0].cross and book.held[0].cross_collateral == pytest.approx(8_000 + 100 - 2.4)
    assert book.costs.liquidation_price[0] == pytest.approx(risk.liquidation_price)


def test_a_cross_position_without_the_wallet_says_what_to_type():
    eth = PositionInput("okx", "ETH-USDT-SWAP", -100.0, 2_000.0, row=5, margin_mode="cross")
    book = plan([eth])
    assert book.position_risks[0].problem == ("a cross position: type okx's cross wallet balance in Accounts to "
                                              "compute its liquidation price")
    assert book.costs.liquidation_price[0] != book.costs.liquidation_price[0]  # not known: never a made-up number


def test_an_inverse_position_shows_its_pnl_in_coins():
    # 600 contracts of 100 USD short, entered at 50 000, mark 60 000: 60 000 × (1/50 000 − 1/60 000) = −0.2 BTC
    short = PositionInput("okx", "BTC-USD-SWAP", -600.0, 50_000.0, row=5)
    book = plan([short], holdings=(HoldingInput("BTC", 1.0, venue="okx", instrument="inverse"),))
    assert book.position_risks[0].pnl_coins == pytest.approx(-0.2)


def test_the_json_positions_carry_margin_and_liquidation():
    data = plan_as_json(plan([SHORT]))
    position = data["positions"][0]
    assert position["margin_mode"] == "isolated" and position["margin_assumed"] is True
    assert position["margin"] == pytest.approx(20_000 / 3)
    assert position["liquidation_price"] == pytest.approx((20_000 / 3 + 20_000) / 10.04)
    assert position["maint_margin_rate"] == 0.004 and position["past_liquidation"] is False


@pytest.mark.parametrize("cells, message", [
    (["okx", "ETH-USDT-SWAP", -1, None, "portfolio"],
     "Positions row 5 (okx ETH-USDT-SWAP), Margin mode: must be isolated or cross (blank = isolated), got 'portfolio'"),
    (["okx", "ETH-USDT-SWAP", -1, None, "isolated", -5],
     "Positions row 5 (okx ETH-USDT-SWAP), Margin (optional): must be 0 or more, got -5"),
    (["okx", "ETH-USDT-SWAP", -1, None, "cross", 500],
     "Positions row 5 (okx ETH-USDT-SWAP), Margin (optional): a cross position has no margin of its own"),
])
def test_the_margin_inputs_are_checked(cells, message):
    with pytest.raises(InputError) as error:
        positions_from_rows([cells], first_row=5)
    assert str(error.value).startswith(message)


def test_a_blank_margin_mode_is_isolated():
    (position,) = positions_from_rows([["okx", "ETH-USDT-SWAP", -1, 2_000, None, 300]], first_row=5)
    assert (position.margin_mode, position.margin, position.cross) == ("isolated", 300, False)


def test_coins_in_a_coin_margined_account_count_at_their_margin_balance():
    """Issue 21 A7: 1 BTC (the wallet) and a 1× short of 600 contracts of 100 USD entered at 60 000.  At 80 000 its
    P&L is 60 000 × (1/80 000 − 1/60 000) = −0.25 BTC: a margin balance of 0.75 BTC = 60 000, against the short's
    −60 000: exposure 0 (it showed 80 000 − 60 000 = +20 000)."""
    table = to_table([make_row("okx", "BTC-USD-SWAP", "BTC", "USD", "perp", "inverse", mark_price=80_000.0,
                               index_price=80_000.0, funding_rate=0.0001, funding_interval_h=8.0, contract_size=100.0,
                               lot_size=1.0, updated_at=AS_OF)])
    inputs = PlanInputs((HoldingInput("BTC", 1.0, venue="okx", instrument="inverse", target_weight=0.0),),
                        Settings(as_of=AS_OF, leverage=1.0),
                        (PositionInput("okx", "BTC-USD-SWAP", -600.0, 60_000.0, row=5),))
    book = plan_from_market(inputs, table, AS_OF)
    assert book.position_risks[0].pnl_coins == pytest.approx(-0.25)
    assert book.rebalance.spot_values[0] == pytest.approx(60_000)
    assert book.rebalance.futures_notionals[0] == pytest.approx(-60_000)
    assert book.rebalance.current_weights[0] == pytest.approx(0.0, abs=1e-12)
    assert book.rebalance.contracts[0] == 0  # at its 0 % target already


def test_a_venues_own_maintenance_rate_applies_where_its_tiers_are_not_known():
    """Issue 21 A6: OKX's contracts here have no tiers; with OKX at 1 % on Settings the held short is liquidated at
    (6 666.67 + 20 000) / (10 × 1.01) = 2 640.26, not 2 656.04 at the 0.4 % setting."""
    settings = Settings(as_of=AS_OF, venue_maint_rates=(("okx", 0.01),))
    book = plan_from_market(PlanInputs((ETH,), settings, (SHORT,)), market(), AS_OF)
    assert book.position_risks[0].liquidation_price == pytest.approx((20_000 / 3 + 20_000) / 10.1)
    assert book.position_risks[0].maint_margin_rate == 0.01
    assert book.costs.maint_margin_rate[0] == 0.01
    assert book.costs.liquidation_price[0] == pytest.approx((20_000 / 3 + 20_000) / 10.1)
    assert Settings(venue_maint_rates=(("okx", 0.01),)).maint_rate_for("bybit") == 0.004


@pytest.mark.parametrize("rows, found", [
    ([["deribit", 0.005], ["OKX", None], [None, None]], (("deribit", 0.005),)),
    ([["deribit", None]], ()),
])
def test_the_venue_rates_are_read(rows, found):
    from hedgebook.app.typed_rows import venue_maint_rates_from_rows

    assert venue_maint_rates_from_rows(rows, first_row=24) == found


@pytest.mark.parametrize("rows, message", [
    ([[None, 0.01]], "Settings row 24 (maintenance margin of no venue): a rate needs its venue"),
    ([["deribit", 1.5]], "Settings row 24 (maintenance margin of deribit): must be from 0 to under 1"),
    ([["okx", 0.01], ["OKX", 0.02]], "Settings row 25 (maintenance margin of okx): okx has a rate already"),
])
def test_a_bad_venue_rate_is_named(rows, message):
    from hedgebook.app.typed_rows import venue_maint_rates_from_rows

    with pytest.raises(InputError) as error:
        venue_maint_rates_from_rows(rows, first_row=24)
    assert str(error.value).startswith(message)
