"""Adding a venue touches its module, its registry line and its own test file: the rest follows the registry."""

import pytest

from hedgebook.market import DEFAULT_VENUES, VENUES
from hedgebook.market.venues.base import Venue

from .venues import read_recorded, venue_module


@pytest.mark.parametrize("key", list(VENUES))
def test_every_venue_has_its_test_file_with_bodies_faults_and_a_synthetic_listing(key):
    module = venue_module(key)
    assert issubclass(VENUES[key], Venue) and VENUES[key].key == key
    assert module.FAULT.path in {route.path for route in module.ROUTES} and module.ERROR_BODY
    synthetic = module.synthetic_routes({"BTC": 60_000.0, "ETH": 3_000.0})
    table, result, _ = read_recorded(key, ["BTC", "ETH"], routes=synthetic)
    assert {"BTC", "ETH"} <= set(table["base"]) and not any("missing (" in note for note in result.warnings)


@pytest.mark.parametrize("key", list(VENUES))
def test_every_venue_reads_btc_and_eth_from_its_recorded_bodies(key):
    table, result, asked = read_recorded(key, ["BTC", "ETH"])
    assert {"BTC", "ETH"} <= set(table["base"]) and asked.asked
    assert (table["venue"] == key).all() and (table["status"] == "ok").all()


def test_every_venue_is_read_by_default():
    assert DEFAULT_VENUES == tuple(VENUES)
