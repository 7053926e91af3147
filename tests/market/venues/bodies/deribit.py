"""Deribit: its answers in the documented shapes, as plain data.

Tested by :mod:`tests.market.venues.test_deribit`."""

from ...routes import route
from .. import Fault
from ..clock import QUARTER, T0

NEVER = 32503708800000
"""Deribit's expiration of a perpetual (3000)."""


def rpc(result):
    return {"jsonrpc": "2.0", "result": result, "usIn": T0 * 1000, "usOut": T0 * 1000 + 100, "usDiff": 100,
            "testnet": False}


def summary(name, base, mark, last, index, oi, funding=None):
    record = {
        "volume_usd": 1.0, "volume": 1.0, "quote_currency": "USD", "price_change": 0.1, "open_interest": oi,
        "mid_price": mark, "mark_price": mark, "low": last, "last": last, "instrument_name": name, "high": last,
        "estimated_delivery_price": index, "creation_timestamp": T0, "bid_price": last, "base_currency": base,
        "ask_price": last,
    }
    if funding is not None:
        record.update({"funding_8h": funding, "current_funding": 0.0, "interest_rate": 0.0})
    return record


def instrument(name, base, period, expiry, size, min_amount):
    return {
        "tick_size": 0.5, "taker_commission": 0.0005, "settlement_period": period, "settlement_currency": base,
        "quote_currency": "USD", "min_trade_amount": min_amount, "max_liquidation_commission": 0.0075,
        "max_leverage": 50, "maker_commission": 0.0, "kind": "future", "is_active": True, "instrument_name": name,
        "future_type": "reversed", "instrument_type": "reversed", "expiration_timestamp": expiry,
        "creation_timestamp": 1534242287000, "counter_currency": "USD", "contract_size": size,
        "block_trade_commission": 0.0001, "base_currency": base, "price_index": base.lower() + "_usd",
    }


SUMMARY = {
    "BTC": rpc([
        summary("BTC-PERPETUAL", "BTC", 60000.0, 60010.0, 59990.0, 1200000000.0, funding=0.0001),
        summary("BTC-28MAR25", "BTC", 61200.0, 61210.0, 59990.0, 612000000.0),
    ]),
    "ETH": rpc([summary("ETH-PERPETUAL", "ETH", 3000.0, 3001.0, 2999.5, 300000000.0, funding=-0.00002)]),
}
INSTRUMENTS = {
    "BTC": rpc([
        instrument("BTC-PERPETUAL", "BTC", "perpetual", NEVER, 10.0, 10.0),
        instrument("BTC-28MAR25", "BTC", "month", QUARTER, 10.0, 10.0),
    ]),
    "ETH": rpc([instrument("ETH-PERPETUAL", "ETH", "perpetual", NEVER, 1.0, 1.0)]),
}
ROUTES = [
    *(route("/api/v2/public/get_book_summary_by_currency", SUMMARY[c], currency=c, kind="future") for c in SUMMARY),
    *(route("/api/v2/public/get_instruments", INSTRUMENTS[c], currency=c, kind="future") for c in INSTRUMENTS),
]
FAULT = Fault("/api/v2/public/get_book_summary_by_currency", SUMMARY["BTC"], "mark_price")
ERROR_BODY = {"jsonrpc": "2.0", "error": {"code": 10028, "message": "too_many_requests"}}
SPEC_PATH = "/api/v2/public/get_instruments"


def synthetic_routes(prices):
    """Deribit lists BTC and ETH only, whatever the assets."""
    return ROUTES
