"""read_venue: a venue's requests, parse and enrichments driven through any getter, no server needed."""

from hedgebook.market.errors import VenueServerError
from hedgebook.market.request import Request, answer
from hedgebook.market.table import make_row
from hedgebook.market.venues.base import PER_SYMBOL_LIMIT, Enrichment, Venue, VenueResult, per_symbol, read_venue

from .routes import Recorded, route


class Listing(Venue):
    """A venue of ``count`` instruments whose open interest is served per symbol."""

    key = "listing"
    default_url = "http://unused"

    def __init__(self, count):
        self.count = count

    def requests(self, assets):
        return {"list": Request("/list")}

    def parse(self, answers, assets):
        rows = [make_row(self.key, symbol, symbol, "USDT", "perp", "linear", mark_price=2.0)
                for symbol in answers["list"]]
        return VenueResult(rows)

    def enrichments(self, rows, assets):
        def fill(row, payload, reader):
            row["open_interest"] = reader.number(payload, "openInterest", "oi")

        return [per_symbol(self.key, "open interest", rows, lambda s: Request("/oi", {"symbol": s}), fill)]


def test_per_symbol_requests_are_bounded_and_the_rest_is_said():
    symbols = [f"S{i}" for i in range(PER_SYMBOL_LIMIT + 5)]
    getter = Recorded([route("/list", symbols), route("/oi", {"openInterest": "1"})])
    result = read_venue(Listing(len(symbols)), None, getter)
    assert sum(r.path == "/oi" for r in getter.asked) == PER_SYMBOL_LIMIT
    assert [row["open_interest"] for row in result.rows[:PER_SYMBOL_LIMIT]] == [1.0] * PER_SYMBOL_LIMIT
    assert result.rows[-1]["open_interest"] != result.rows[-1]["open_interest"]  # NaN: left out
    assert result.rows[0]["open_interest_usd"] == 2.0  # derived columns recomputed after the fill
    assert result.warnings == [f"listing: open interest left out for 5 instruments beyond the first "
                               f"{PER_SYMBOL_LIMIT} (the venue serves it per symbol)"]


def test_one_symbol_failing_costs_only_that_symbol():
    def oi(request):
        if request.params["symbol"] == "B":
            raise VenueServerError("server error (HTTP 503)")
        return {"openInterest": "7"}

    result = read_venue(Listing(2), None, Recorded([route("/list", ["A", "B"])], {"/oi": oi}))
    assert [row["open_interest"] for row in result.rows][0] == 7.0
    assert result.warnings == ["listing: open interest of B missing (server error (HTTP 503))"]


def test_a_bulk_enrichment_in_an_unexpected_shape_costs_only_itself():
    class Broken(Listing):
        def enrichments(self, rows, assets):
            def apply(answers):
                raise VenueServerError("unexpected answer from lots: no 'symbols'")

            return [Enrichment("lot sizes", {"lots": Request("/lots")}, apply, per_symbol=False)]

    result = read_venue(Broken(1), None, Recorded([route("/list", ["A"]), route("/lots", {})]))
    assert len(result.rows) == 1
    assert result.warnings == ["listing: lot sizes missing (unexpected answer from lots: no 'symbols')"]


def test_pages_are_followed_until_the_last():
    pages = {None: {"items": [1], "next": "b"}, "b": {"items": [2], "next": "c"}, "c": {"items": [3], "next": ""}}
    getter = Recorded([route("/p", body, **({"cursor": key} if key else {})) for key, body in pages.items()])
    request = Request("/p", next_page=lambda payload: {"cursor": payload["next"]} if payload["next"] else None)
    assert [page["items"] for page in answer(getter, request)] == [[1], [2], [3]]
    assert [r.params.get("cursor") for r in getter.asked] == [None, "b", "c"]
