"""CoinGecko: its answers in the documented shapes, as plain data.

Tested by :mod:`tests.market.venues.test_coingecko`."""

from ...routes import route
from .. import Fault
from ..clock import T0

PRICE = {
    "bitcoin": {"usd": 60000, "last_updated_at": T0 // 1000},
    "ethereum": {"usd": 3000.5, "last_updated_at": T0 // 1000},
}
ROUTES = [route("/api/v3/simple/price", PRICE)]
FAULT = Fault("/api/v3/simple/price", PRICE, "usd")
ERROR_BODY = {"status": {"error_code": 429, "error_message": "You've exceeded the Rate Limit"}}
SPEC_PATH = None  # no instrument specs


def synthetic_routes(prices):
    """CoinGecko knows the common coins only."""
    return ROUTES
