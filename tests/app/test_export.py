"""The plan's and the history's JSON: a contract, tested without the command line."""

import json
import math
from pathlib import Path

import pytest

from hedgebook.app.export import history_as_json, json_number, plan_as_json
from hedgebook.app.inputs import PlanInputs, Settings
from hedgebook.app.planning import plan_from_market
from hedgebook.market import load_sample
from hedgebook.market.history_fetch import HistoryUpdate, SeriesUpdate

from .worked import SAMPLE_TIME, WORKED


def test_the_worked_examples_plan_as_json():
    book = plan_from_market(PlanInputs(WORKED, Settings(as_of=SAMPLE_TIME)), load_sample().table, SAMPLE_TIME)
    data = json.loads(json.dumps(plan_as_json(book)))  # plain JSON through and through
    assert data["portfolio_value"] == pytest.approx(100_000)
    assert data["as_of"] == "2025-01-14T08:00:00+00:00"
    btc, eth = data["orders"]
    assert (btc["asset"], btc["side"], btc["contracts"], btc["notional"]) == ("BTC", "sell", -0.25, -15_000)
    assert (eth["asset"], eth["side"], eth["contracts"], eth["notional"]) == ("ETH", "buy", 5.0, 15_000)
    assert [h["post_trade_weight"] for h in data["holdings"]] == pytest.approx([0.5, 0.5])
    assert data["holdings"][0]["sized_by"] == "notional" and data["holdings"][0]["hedge_ratio"] == 1


def test_what_is_not_known_is_null():
    assert json_number(math.nan) is None and json_number(math.inf) is None and json_number(-2) == -2.0


def test_the_history_json_gives_each_series_and_null_for_what_is_unknown():
    update = HistoryUpdate([SeriesUpdate("binance", "BTCUSDT", "funding", 2, 10, 0, None)], {"binance": 2})
    data = history_as_json(update, [], [], Path("store.sqlite"), ["a note"])
    assert data == {"store": "store.sqlite", "requests": {"binance": 2},
                    "series": [{"venue": "binance", "symbol": "BTCUSDT", "field": "funding", "requests": 2, "new": 10,
                                "changed": 0, "error": None}],
                    "funding": [], "hedge": [], "funding_received": [], "notes": ["a note"]}
