"""Deribit: BTC and ETH inverse perpetuals and dated futures; funding_8h; JSON-RPC errors."""

import pandas as pd
import pytest

from hedgebook.market.errors import VenueErrorCode

from . import read_recorded
from .bodies.deribit import ERROR_BODY
from .clock import QUARTER_TS


def test_inverse_perpetuals_and_dated():
    t, _, asked = read_recorded("deribit")
    perp = t.loc["BTC-PERPETUAL"]
    assert (perp.kind, perp.settle, perp.quote) == ("perp", "inverse", "USD")
    assert perp.funding_rate == 0.0001 and perp.funding_interval_h == 8  # funding_8h is an 8-hour rate
    assert perp.index_price == 59990.0 and perp.mark_price == 60000.0
    assert perp.open_interest_usd == 1_200_000_000 and perp.open_interest == pytest.approx(20_000)
    assert (perp.contract_size, perp.lot_size, perp.min_qty) == (10.0, 1.0, 1.0)  # min_trade_amount 10 USD
    assert pd.isna(perp.next_funding_time)
    assert t.loc["BTC-28MAR25"].expiry == QUARTER_TS
    assert t.loc["ETH-PERPETUAL"].funding_rate == -0.00002
    assert len(asked.asked) == 4


def test_only_the_currencies_asked():
    t, _, asked = read_recorded("deribit", ["ETH"])
    assert list(t.index) == ["ETH-PERPETUAL"] and len(asked.asked) == 2


def test_json_rpc_error():
    with pytest.raises(VenueErrorCode, match="error 10028 from get_instruments: too_many_requests"):
        read_recorded("deribit", overrides={"/api/v2/public/get_instruments": ERROR_BODY})
