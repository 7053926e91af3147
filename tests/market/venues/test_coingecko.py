"""CoinGecko: USD spot prices by coin id, unknown assets named, status errors."""

import pytest

from hedgebook.market.errors import VenueErrorCode

from . import read_recorded
from .bodies.coingecko import ERROR_BODY
from .clock import T0_TS


def test_prices_by_coin_id_and_unknown_assets_named():
    t, result, asked = read_recorded("coingecko", ["BTC", "ETH", "ZZZ"])
    assert result.warnings == ["coingecko: no coin id known for ZZZ"]
    assert t.loc["bitcoin"].last_price == 60000 and t.loc["bitcoin"].base == "BTC"
    assert t.loc["ethereum"].updated_at == T0_TS
    (request,) = asked.asked
    assert request.params["ids"] == "bitcoin,ethereum" and request.params["vs_currencies"] == "usd"


def test_no_request_when_no_asset_has_a_coin_id():
    t, result, asked = read_recorded("coingecko", ["ZZZ"])
    assert len(t) == 0 and asked.asked == [] and result.warnings == ["coingecko: no coin id known for ZZZ"]


def test_status_error():
    with pytest.raises(VenueErrorCode, match="error 429 from simple/price: You've exceeded the Rate Limit"):
        read_recorded("coingecko", ["BTC"], overrides={"/api/v3/simple/price": ERROR_BODY})
