"""Recorded real exchange responses with ccxt's parsed values (../shared/peer-fixtures, MIT data).

Read from where they lie, never copied; skipped when the folder is absent.
Each recorded body is parsed as plain data, with no server.
Covered: Bybit tickers (funding rates and tickers) and open interest, OKX open
interest, Binance positions' liquidation prices.  Not covered, because
hedgebook does not read those endpoints: Binance's spot 24 h ticker, OKX's
spot ticker, Deribit's spot-only entries.
"""

import json
import math
import os
from pathlib import Path

import pandas as pd
import pytest

from hedgebook.core import liquidation_price
from hedgebook.market.venues.bybit import open_interest_base_and_usd

from .market.routes import route
from .market.venues import read_recorded
from .market.venues.bodies import bybit as bybit
from .market.venues.bodies import okx as okx

PEER_DIR = Path(
    os.environ.get(
        "HEDGEBOOK_PEER_FIXTURES", Path(__file__).resolve().parents[1].parent / "shared" / "peer-fixtures" / "ccxt-static"
    )
)
pytestmark = pytest.mark.skipif(not PEER_DIR.is_dir(), reason=f"peer fixtures not found at {PEER_DIR}")


def entries(exchange, method):
    document = json.loads((PEER_DIR / f"{exchange}.json").read_text(encoding="utf-8"))
    return document["methods"][method]


def _bybit_rows(ticker_response):
    symbols = [t["symbol"] for t in ticker_response["result"]["list"]]
    instruments = [bybit.instrument(s, "LinearPerpetual", s[:-4], "USDT", 480, "0.001") for s in symbols]
    routes = [
        route("/v5/market/tickers", ticker_response, category="linear"),
        route("/v5/market/tickers", bybit.envelope("inverse", []), category="inverse"),
        route("/v5/market/instruments-info", bybit.envelope("linear", instruments, ""), category="linear"),
        route("/v5/market/instruments-info", bybit.envelope("inverse", bybit.INSTRUMENTS["inverse"], ""),
              category="inverse"),
    ]
    table, _, _ = read_recorded("bybit", routes=routes)
    return table


def _ms(timestamp):
    return int(pd.Timestamp(timestamp).timestamp() * 1000)


@pytest.mark.parametrize("method", ["fetchFundingRates", "fetchFundingRate"])
def test_bybit_funding_rates_match_ccxt(method):
    for entry in entries("bybit", method):
        table = _bybit_rows(entry["httpResponse"])
        parsed = entry["parsedResponse"]
        for expected in parsed.values() if method == "fetchFundingRates" else [parsed]:
            row = table.loc[expected["info"]["symbol"]]
            assert row.funding_rate == expected["fundingRate"]
            assert row.mark_price == expected["markPrice"]
            assert row.index_price == expected["indexPrice"]
            assert _ms(row.next_funding_time) == expected["fundingTimestamp"]
            assert f"{row.funding_interval_h:g}h" == expected["interval"]


def test_bybit_ticker_matches_ccxt():
    for entry in entries("bybit", "fetchTicker"):
        table = _bybit_rows(entry["httpResponse"])
        expected = entry["parsedResponse"]
        row = table.loc[expected["info"]["symbol"]]
        assert (row.last_price, row.mark_price, row.index_price) == (
            expected["last"], expected["markPrice"], expected["indexPrice"]
        )


def test_bybit_open_interest_units_match_ccxt():
    for entry in entries("bybit", "fetchOpenInterest"):
        category = entry["httpResponse"]["result"]["category"]
        value = float(entry["httpResponse"]["result"]["list"][0]["openInterest"])
        price = 60_000.0
        base, usd = open_interest_base_and_usd("inverse" if category == "inverse" else "linear", value, price)
        expected = entry["parsedResponse"]
        if category == "inverse":
            assert usd == expected["openInterestValue"]  # USD contracts
        else:
            assert base == expected["openInterestAmount"]  # coins


def test_okx_open_interest_matches_ccxt():
    for entry in entries("okx", "fetchOpenInterest"):
        response = entry["httpResponse"]
        inst_id = response["data"][0]["instId"]
        family = inst_id.rsplit("-", 1)[0]
        listing = [okx.instrument("SWAP", inst_id, family, "linear", "0.01", family.split("-")[0], "0.01")]
        empty = okx.envelope([])
        routes = [
            route("/api/v5/public/open-interest", response, instType="SWAP"),
            route("/api/v5/public/instruments", okx.envelope(listing), instType="SWAP"),
            *(route(path, empty) for path in (
                "/api/v5/public/instruments", "/api/v5/market/tickers", "/api/v5/public/mark-price",
                "/api/v5/public/open-interest", "/api/v5/public/funding-rate", "/api/v5/market/index-tickers")),
        ]
        table, _, _ = read_recorded("okx", routes=routes)
        row = table.loc[inst_id]
        expected = entry["parsedResponse"]
        assert row.open_interest == expected["baseVolume"]  # oiCcy: coins
        assert row.open_interest_usd == expected["openInterestValue"]


def test_binance_liquidation_prices_match_the_exchange():
    checked = 0
    for entry in entries("binance", "fetchPositions"):
        for position in entry["parsedResponse"]:
            if not position.get("contracts"):
                continue
            side = 1 if position["side"] == "long" else -1
            inverse = position["symbol"].endswith(":BTC")
            price = liquidation_price(
                position["entryPrice"],
                side * position["contracts"],
                position["collateral"],
                position["maintenanceMarginPercentage"],
                0.0,
                position["contractSize"] if inverse else 0,
            )
            assert math.isclose(price, position["liquidationPrice"], abs_tol=0.01), position["symbol"]
            checked += 1
    assert checked == 3
