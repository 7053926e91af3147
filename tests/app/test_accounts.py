"""An account read from its venues, merged into the plan's inputs (issue 24 §1)."""

import math

import pytest

from hedgebook.app.accounts import (
    collateral_by_venue,
    cross_collateral,
    imported_inputs,
    liquidation_check,
    liquidation_warning,
    merged_positions,
)
from hedgebook.app.inputs import FROM_VENUE, TYPED, AccountInput, PositionInput
from hedgebook.market.accounts import AccountPosition, AccountWallet

READ = [AccountPosition("binance", "BTCUSDT", -0.25, 60_000.0, "isolated", 1_500.0, 65_737.05),
        AccountPosition("binance", "ETHUSDT", 5.0, 3_000.0, "cross", None, None),
        AccountPosition("binance_coinm", "BTCUSD_PERP", -150.0, 60_000.0, "isolated", 0.025, 71_000.0, "BTC")]


def test_a_venue_read_replaces_its_typed_rows_and_the_others_stay():
    typed = [PositionInput("binance", "BTCUSDT", -0.5, 58_000.0, row=5),  # closed since at the venue: it goes
             PositionInput("okx", "BTC-USDT-SWAP", -25.0, row=6)]
    merged = merged_positions(typed, ["binance"], READ[:2])
    assert [(p.venue, p.contract, p.contracts, p.source) for p in merged] == [
        ("okx", "BTC-USDT-SWAP", -25.0, TYPED), ("binance", "BTCUSDT", -0.25, FROM_VENUE),
        ("binance", "ETHUSDT", 5.0, FROM_VENUE)]
    btc, eth = merged[1:]
    assert (btc.margin_mode, btc.margin, btc.venue_liquidation_price) == ("isolated", 1_500.0, 65_737.05)
    assert eth.margin_mode == "cross" and math.isnan(eth.margin) and math.isnan(eth.venue_liquidation_price)


def test_the_cross_collateral_is_the_wallet_less_the_isolated_margins_in_usd():
    """Binance: 21 500 USD less the 1 500 isolated on BTCUSDT = 20 000. COIN-M: 0.5 BTC at 60 000 = 30 000 less
    its 0.025 BTC isolated (1 500) = 28 500."""
    wallets = [AccountWallet("binance", "USD", 21_500.0), AccountWallet("binance_coinm", "BTC", 0.5)]
    collateral = cross_collateral(wallets, READ, usd_price={"BTC": 60_000.0}.get, venues=["binance", "bybit"])
    assert collateral == {"binance": pytest.approx(20_000.0), "binance_coinm": pytest.approx(28_500.0),
                          "bybit": 0.0}  # read, and no wallet: nothing there
    no_price = cross_collateral(wallets, READ, usd_price={}.get)
    assert no_price["binance"] == pytest.approx(20_000.0) and math.isnan(no_price["binance_coinm"])
    typed = [AccountInput("binance", 5_000.0, row=5), AccountInput("okx", 7_000.0, row=6)]
    assert collateral_by_venue(typed, {"binance": 20_000.0, "bybit": 0.0}) == [
        AccountInput("binance", 20_000.0, row=5), AccountInput("okx", 7_000.0, row=6), AccountInput("bybit", 0.0)]


def test_the_venues_liquidation_price_is_trusted_past_one_percent_apart():
    position = PositionInput("binance", "BTCUSDT", -0.25, 60_000.0, source=FROM_VENUE,
                             venue_liquidation_price=65_000.0)
    assert liquidation_warning(position, 65_600.0) is None  # 0.9 % apart
    warning = liquidation_warning(position, 66_000.0)  # 1.5 % apart
    assert warning == ("binance BTCUSDT: the venue's liquidation price 65,000.00 and hedgebook's 66,000.00 differ "
                       "by 1.5%; trust the venue's (its margin as it sees it)")
    assert liquidation_warning(PositionInput("okx", "BTC-USDT-SWAP", -1.0), 66_000.0) is None  # typed: none known
    assert liquidation_check(65_000.0, 65_600.0) == "agree (0.9% apart)"
    assert liquidation_check(65_000.0, 66_000.0) == "WARNING 1.5% apart: trust the venue's"
    assert liquidation_check(65_000.0, math.nan) == "hedgebook has none: the venue's holds"
    assert liquidation_check(math.nan, 66_000.0) == ""


def test_an_import_replaces_the_venues_rows_and_collateral_and_keeps_the_rest():
    """Binance read (one short, 20 000 wallet less 1 500 isolated); its typed row closed at the venue goes; OKX's
    typed row and account stay where they were."""
    from hedgebook.app.inputs import PlanInputs, Settings
    from hedgebook.market.private import AccountReading

    typed = PlanInputs((), Settings(), positions=(PositionInput("binance", "BTCUSDT", -0.5, row=5),
                                                  PositionInput("okx", "BTC-USDT-SWAP", -25.0, row=6)),
                       accounts=(AccountInput("okx", 7_000.0, row=5), AccountInput("binance", 1.0, row=6)))
    reading = AccountReading("binance", READ[:1], [AccountWallet("binance", "USD", 21_500.0)])
    after = imported_inputs(typed, [reading], usd_price={}.get)
    assert [(p.venue, p.contracts, p.source) for p in after.positions] == [
        ("okx", -25.0, TYPED), ("binance", -0.25, FROM_VENUE)]
    assert [(a.venue, a.collateral, a.row) for a in after.accounts] == [("okx", 7_000.0, 5), ("binance", 20_000.0, 6)]
