"""Choosing each holding's hedge from the market table."""

import datetime as dt
import math

import pytest

from hedgebook.app.hedges import (
    CROSS_HEDGE_HINT,
    NO_MARK_NOTE,
    contract_price,
    hedge_contract,
    hedge_for,
    hedge_perpetual,
    hedges_from_market,
    nearest_dated,
    needed_venues,
    spot_price,
)
from hedgebook.app.inputs import HoldingInput
from hedgebook.market import load_sample
from hedgebook.market.table import make_row, to_table
from hedgebook.market.venues import SPOT_SOURCES

UTC = dt.timezone.utc
AS_OF = dt.datetime(2025, 1, 14, 8, tzinfo=UTC)


def perp(symbol, currency, settle="linear", **values):
    return make_row("okx", symbol, "BTC", currency, "perp", settle, **{"mark_price": 60_000.0, **values})


def test_linear_first_then_usdt_then_usd_then_usdc():
    rows = [perp("BTC-USDC-SWAP", "USDC"), perp("BTC-USD-SWAP", "USD", "inverse"), perp("BTC-USDT-SWAP", "USDT")]
    assert hedge_perpetual(to_table(rows), "okx", "btc")["symbol"] == "BTC-USDT-SWAP"
    assert hedge_perpetual(to_table(rows[:2]), "okx", "BTC")["symbol"] == "BTC-USDC-SWAP"  # linear before inverse
    assert hedge_perpetual(to_table(rows[1:2]), "okx", "BTC")["symbol"] == "BTC-USD-SWAP"  # inverse when alone
    assert hedge_perpetual(to_table(rows), "okx", "BTC", "inverse")["symbol"] == "BTC-USD-SWAP"
    assert hedge_perpetual(to_table(rows), "bybit", "BTC") is None


@pytest.mark.parametrize("instrument, symbol, inverse", [
    ("", "BTC-USDT-SWAP", False), ("linear", "BTC-USDT-SWAP", False), ("Inverse", "BTC-USD-SWAP", True),
    ("btc-usdc-swap", "BTC-USDC-SWAP", False), ("perp", "BTC-USDT-SWAP", False),
])
def test_the_hedge_instrument_picks_the_contract(instrument, symbol, inverse):
    rows = [perp("BTC-USDC-SWAP", "USDC"), perp("BTC-USD-SWAP", "USD", "inverse", contract_size=100.0),
            perp("BTC-USDT-SWAP", "USDT")]
    hedge = hedge_for(HoldingInput("BTC", 1.0, venue="okx", instrument=instrument), to_table(rows), AS_OF)
    assert (hedge.symbol, hedge.inverse, hedge.tradable) == (symbol, inverse, True)


@pytest.mark.parametrize("instrument, problem", [
    ("BTC-USDT-SWAPX", "BTC-USDT-SWAPX is not in okx's market data"),
    ("BTC-USDT-250328", "the market data gives no expiry for BTC-USDT-250328"),
])
def test_a_hedge_instrument_that_cannot_be_used_withholds_the_order_and_says_why(instrument, problem):
    rows = [perp("BTC-USDT-SWAP", "USDT"), make_row("okx", "ETH-USDT-SWAP", "ETH", "USDT", "perp", "linear"),
            make_row("okx", "BTC-USDT-250328", "BTC", "USDT", "dated", "linear", mark_price=61_000.0)]
    hedge = hedge_for(HoldingInput("BTC", 1.0, venue="okx", instrument=instrument), to_table(rows), AS_OF)
    assert hedge.withheld == problem and not hedge.tradable and not hedge.no_hedge


def cross_market():
    """OKX lists an ETH perpetual and an ETH dated future, no SOL contract; Binance spot prices SOL at 150."""
    return to_table([
        make_row("okx", "ETH-USDT-SWAP", "ETH", "USDT", "perp", "linear", mark_price=3_000.0, index_price=2_999.0,
                 funding_rate=0.0001, funding_interval_h=8.0, contract_size=0.1, lot_size=1.0),
        make_row("okx", "ETH-USDT-250328", "ETH", "USDT", "dated", "linear", mark_price=3_030.0,
                 expiry=dt.datetime(2025, 3, 28, 8, tzinfo=UTC), contract_size=0.1, lot_size=1.0),
        make_row("binance_spot", "SOLUSDT", "SOL", "USDT", "spot", "linear", last_price=150.0),
        make_row("binance_spot", "ETHUSDT", "ETH", "USDT", "spot", "linear", last_price=3_001.0),
    ])


def test_another_assets_contract_is_a_cross_hedge_valued_at_the_holdings_own_spot_price():
    hedge = hedge_for(HoldingInput("SOL", 100.0, venue="okx", instrument="eth-usdt-swap"), cross_market(), AS_OF)
    assert (hedge.symbol, hedge.cross_asset, hedge.tradable) == ("ETH-USDT-SWAP", "ETH", True)
    assert hedge.price == 3_000.0 and hedge.contract_size == 0.1
    assert hedge.spot_price == 150.0  # SOL's own spot, never the ETH contract's index (2 999)
    assert (hedge.funding_rate, hedge.interval_h) == (0.0001, 8.0)
    assert hedge.dated_symbol == "" and hedge.dated_price != hedge.dated_price  # its basis would be against ETH


def test_another_assets_dated_future_is_not_a_cross_hedge():
    hedge = hedge_for(HoldingInput("SOL", 100.0, venue="okx", instrument="ETH-USDT-250328"), cross_market(), AS_OF)
    assert not hedge.tradable and hedge.withheld == (
        "ETH-USDT-250328 is a ETH dated future: a cross hedge must be a perpetual (a dated future's basis is against "
        "ETH's price, not SOL's)")


def test_a_holdings_own_contract_is_not_a_cross_hedge():
    hedge = hedge_for(HoldingInput("ETH", 1.0, venue="okx"), cross_market(), AS_OF)
    assert (hedge.symbol, hedge.cross_asset, hedge.spot_price) == ("ETH-USDT-SWAP", "", 2_999.0)


def test_a_cross_hedge_cannot_share_the_contract_of_another_holding():
    holdings = [HoldingInput("ETH", 1.0, venue="okx"), HoldingInput("SOL", 100.0, venue="okx",
                                                                    instrument="ETH-USDT-SWAP")]
    eth, sol = hedges_from_market(holdings, cross_market(), AS_OF)
    assert eth.tradable and not sol.tradable
    assert sol.withheld == ("ETH-USDT-SWAP on okx is also the hedge of ETH: one position in it cannot be split "
                            "between them; cross-hedge SOL with another ETH contract or venue")
    # ETH hedged elsewhere (or not at all) leaves the contract to SOL
    holdings[0] = HoldingInput("ETH", 1.0, venue="none")
    assert all(q.withheld == "" for q in hedges_from_market(holdings, cross_market(), AS_OF))


@pytest.mark.parametrize("holding, reason", [
    (HoldingInput("BTC", 1.0), "no hedge venue"),
    (HoldingInput("BTC", 1.0, venue="none"), "no hedge venue"),
    (HoldingInput("USDC", 1.0, venue="binance"), "USDC is a stablecoin, held as cash"),
    (HoldingInput("USD", 1.0, venue="binance"), "USD is cash"),
    (HoldingInput("SOL", 1.0, venue="binance"), "binance lists no perpetual for SOL" + CROSS_HEDGE_HINT),
    (HoldingInput("BTC", 1.0, venue="binance_coinm", instrument="linear"),
     "binance_coinm lists no linear perpetual for BTC" + CROSS_HEDGE_HINT),
])
def test_a_holding_without_a_hedge_says_why_and_is_not_withheld(holding, reason):
    hedge = hedge_for(holding, load_sample().table, AS_OF)
    assert (hedge.no_hedge, hedge.withheld, hedge.tradable) == (reason, "", False)


def test_a_hedge_venue_without_any_market_data_withholds_rather_than_says_no_hedge():
    hedge = hedge_for(HoldingInput("BTC", 1.0, venue="mexc"), load_sample().table, AS_OF)
    assert hedge.withheld == "no mexc market data (the venue was not read, or failed)" and not hedge.no_hedge


def test_cash_is_worth_one_dollar_and_stablecoins_their_market_price():
    table = to_table([make_row("coingecko", "usd-coin", "USDC", "USD", "spot", last_price=0.9998)])
    assert spot_price(table, "USD") == 1.0 and spot_price(table, "USDC") == 0.9998
    assert math.isnan(spot_price(table, "DAI"))  # a stablecoin without a price is not assumed to be 1


def test_a_trusted_priced_row_first_else_the_row_that_says_why_there_is_none():
    rows = [perp("A", "USDT", mark_price=math.nan), perp("B", "USDT")]
    table = to_table(rows)
    assert hedge_perpetual(table, "okx", "BTC")["symbol"] == "B"
    table.loc[table["symbol"] == "B", "status"] = "error: data is 9 days old (limit 7 days)"
    assert hedge_perpetual(table, "okx", "BTC")["symbol"] == "A"  # trusted, but no price...
    hedge = hedge_for(HoldingInput("BTC", 1.0, venue="okx"), table, AS_OF)
    assert hedge.withheld == "no price" and hedge.symbol == "A"
    table.loc[table["symbol"] == "B", "status"] = "stale: server error (HTTP 503)"
    assert hedge_perpetual(table, "okx", "BTC")["symbol"] == "B"  # stale rows are still the last good values
    assert hedge_for(HoldingInput("BTC", 1.0, venue="okx"), table, AS_OF).withheld == ""


def test_a_suspect_hedge_is_named_and_withheld():
    table = to_table([perp("B", "USDT", index_price=60_000.0)])
    table["status"] = "suspect: mark 600 is 99% from the reference 60,000 (limit 5%)"
    hedge = hedge_for(HoldingInput("BTC", 1.0, venue="okx"), table, AS_OF)
    assert hedge.withheld == table["status"][0] and hedge.symbol == "B"
    assert math.isnan(hedge.price) and math.isnan(hedge.spot_price)  # its index is not trusted either


def test_the_mark_price_else_the_last_price_with_a_note():
    table = to_table([perp("BTCUSDT", "USDT", mark_price=math.nan, last_price=60_010.0)])
    assert contract_price(hedge_perpetual(table, "okx", "BTC")) == (60_010.0, NO_MARK_NOTE)


def test_nearest_dated_at_least_a_week_away_and_of_the_same_settlement():
    def dated(symbol, days, settle="linear"):
        return make_row("okx", symbol, "BTC", "USDT", "dated", settle, mark_price=61_000.0,
                        expiry=AS_OF + dt.timedelta(days=days))

    table = to_table([dated("SOON", 6), dated("NEXT", 30), dated("LATER", 90), dated("INVERSE", 10, "inverse")])
    assert nearest_dated(table, "okx", "BTC", AS_OF, "linear")["symbol"] == "NEXT"
    assert nearest_dated(table, "okx", "BTC", AS_OF, "inverse")["symbol"] == "INVERSE"
    assert nearest_dated(table, "okx", "BTC", AS_OF + dt.timedelta(days=100), "linear") is None
    # the first that covers the horizon; none does: the one expiring last (fewest rolls)
    assert nearest_dated(table, "okx", "BTC", AS_OF, "linear", horizon_days=30)["symbol"] == "NEXT"
    assert nearest_dated(table, "okx", "BTC", AS_OF, "linear", horizon_days=31)["symbol"] == "LATER"
    assert nearest_dated(table, "okx", "BTC", AS_OF, "linear", horizon_days=365)["symbol"] == "LATER"


def test_spot_price_from_the_index_else_the_spot_venues():
    table = to_table([perp("BTCUSDT", "USDT", index_price=59_990.0),
                      make_row("coingecko", "bitcoin", "BTC", "USD", "spot", last_price=60_005.0),
                      make_row("binance_spot", "BTCUSDT", "BTC", "USDT", "spot", last_price=60_001.0)])
    assert spot_price(table, "BTC", hedge_perpetual(table, "okx", "BTC")) == 59_990.0
    assert spot_price(table, "BTC") == 60_001.0  # binance_spot before coingecko
    assert math.isnan(spot_price(table, "ETH"))


def test_quote_of_the_worked_example_and_of_a_missing_hedge():
    table = load_sample().table
    hedge = hedge_for(HoldingInput("BTC", 1.0, venue="binance"), table, AS_OF)
    assert (hedge.symbol, hedge.price, hedge.funding_rate, hedge.interval_h) == ("BTCUSDT", 60_000.0, 0.0001, 8.0)
    assert (hedge.dated_symbol, hedge.dated_price) == ("BTCUSDT_250328", 61_200.0)
    assert (hedge.expiry - AS_OF).days == 73 and hedge.data_status == "ok"
    missing = hedge_for(HoldingInput("DOGE", 1.0, venue="binance"), table, AS_OF)
    assert missing.no_hedge == "binance lists no perpetual for DOGE" + CROSS_HEDGE_HINT and math.isnan(missing.price)


def test_needed_venues_are_the_hedge_venues_the_positions_venues_then_the_spot_sources():
    holdings = [HoldingInput("BTC", 1, venue="bybit"), HoldingInput("ETH", 1, venue="okx"),
                HoldingInput("SOL", 1, venue="bybit"), HoldingInput("USDC", 1)]
    assert needed_venues(holdings) == ["bybit", "okx", *SPOT_SOURCES]
    assert needed_venues(holdings, ["deribit", "okx"]) == ["bybit", "okx", "deribit", *SPOT_SOURCES]


@pytest.mark.parametrize("venue", ["binance", "binance_coinm"])
def test_sample_hedges_are_found_on_both_binance_apis(venue):
    hedge = hedge_for(HoldingInput("BTC", 1.0, venue=venue), load_sample().table, AS_OF)
    assert hedge.price > 0 and hedge.inverse == (venue == "binance_coinm")


def test_a_dated_future_as_the_hedge_pays_no_funding_and_is_its_own_dated_alternative():
    def dated(symbol, days, settle="linear"):
        return make_row("okx", symbol, "BTC", "USDT", "dated", settle, mark_price=61_000.0, contract_size=0.01,
                        lot_size=0.01, expiry=AS_OF + dt.timedelta(days=days))

    table = to_table([perp("BTC-USDT-SWAP", "USDT", funding_rate=0.0001, funding_interval_h=8.0),
                      dated("BTC-USDT-SOON", 5), dated("BTC-USDT-NEXT", 30), dated("BTC-USDT-LATER", 90)])
    hedge = hedge_for(HoldingInput("BTC", 1.0, venue="okx", instrument="dated"), table, AS_OF, horizon_days=60)
    assert (hedge.symbol, hedge.dated_hedge, hedge.tradable) == ("BTC-USDT-LATER", True, True)  # covers 60 days
    assert hedge.funding_rate == 0 and math.isnan(hedge.interval_h) and hedge.dated_symbol == "BTC-USDT-LATER"
    named = hedge_for(HoldingInput("BTC", 1.0, venue="okx", instrument="btc-usdt-next"), table, AS_OF)
    assert named.symbol == "BTC-USDT-NEXT" and named.dated_hedge
    soon = hedge_for(HoldingInput("BTC", 1.0, venue="okx", instrument="BTC-USDT-SOON"), table, AS_OF)
    assert soon.withheld == "BTC-USDT-SOON expires in 5.0 days: hedge with a dated future 7 days or more away"
    none = hedge_for(HoldingInput("ETH", 1.0, venue="okx", instrument="dated"), table, AS_OF)
    assert none.no_hedge == "okx lists no dated future for ETH expiring a week or more from now"


def test_no_dated_future_expiring_within_a_week_of_now_is_offered_whatever_the_valuation_time():
    """A plan valued at an old As of is still placed now: a contract that has expired since is never offered."""
    def dated(symbol, days):
        return make_row("okx", symbol, "BTC", "USDT", "dated", "linear", mark_price=61_000.0,
                        expiry=AS_OF + dt.timedelta(days=days))

    table = to_table([dated("EXPIRED", 30), dated("LIVE", 90)])
    later = AS_OF + dt.timedelta(days=60)  # EXPIRED expired 30 days ago; LIVE has 30 days left
    assert nearest_dated(table, "okx", "BTC", AS_OF, "linear")["symbol"] == "EXPIRED"
    assert nearest_dated(table, "okx", "BTC", AS_OF, "linear", now=later)["symbol"] == "LIVE"
    assert nearest_dated(table, "okx", "BTC", AS_OF, "linear", now=AS_OF + dt.timedelta(days=85)) is None


def test_a_typed_dated_hedge_that_has_expired_since_the_valuation_time_is_refused():
    table = to_table([make_row("okx", "BTC-USDT-250328", "BTC", "USDT", "dated", "linear", mark_price=61_000.0,
                               expiry=AS_OF + dt.timedelta(days=30))])
    holding = HoldingInput("BTC", 1.0, 0.5, "okx", "BTC-USDT-250328")
    assert hedge_contract(holding, table, AS_OF)[0] is not None
    row, _, problem = hedge_contract(holding, table, AS_OF, now=AS_OF + dt.timedelta(days=40))
    assert row is None and "expired" in problem and "BTC-USDT-250328" in problem


def test_the_sample_planned_today_with_old_data_allowed_offers_no_contract_that_expired():
    """The sample is dated 2025-01; its dated futures expired in 2025-03.  Planned with ages counted to a later
    date (the limit raised so the data is used), no hedge carries them as the dated alternative."""
    from hedgebook.app.inputs import PlanInputs, Settings
    from hedgebook.app.planning import plan_from_market

    sample = load_sample()
    later = sample.fetched_at + dt.timedelta(days=692)
    inputs = PlanInputs([HoldingInput("BTC", 1.0, 0.4, "binance"), HoldingInput("ETH", 20.0, 0.6, "binance")],
                        Settings(max_data_age_days=1000))
    plan = plan_from_market(inputs, sample.table, sample.fetched_at, now=later)
    assert all(hedge.dated_symbol == "" for hedge in plan.hedges), [h.dated_symbol for h in plan.hedges]
    on_time = plan_from_market(inputs, sample.table, sample.fetched_at)
    assert [h.dated_symbol for h in on_time.hedges] == ["BTCUSDT_250328", "ETHUSDT_250328"]
