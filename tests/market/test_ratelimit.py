"""The venues' rate limits: a token bucket on an injected clock (no test waits for real time)."""

import threading

import pytest

from hedgebook.market.ratelimit import RateLimit, TokenBucket, bucket_for


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_under_the_limit_nothing_waits_and_past_it_each_request_waits_for_its_token():
    """MEXC's 20 requests per 2 s: 20 at once go out at once; the 21st waits 0.1 s (a token every 0.1 s),
    the 25th 0.5 s."""
    clock = Clock()
    bucket = TokenBucket(RateLimit(20, 2.0), clock)
    waits = [bucket.reserve() for _ in range(25)]
    assert waits[:20] == [0.0] * 20
    assert waits[20:] == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5])


def test_the_bucket_refills_with_time_up_to_its_size():
    clock = Clock()
    bucket = TokenBucket(RateLimit(20, 2.0), clock)
    for _ in range(20):
        bucket.reserve()
    clock.now += 1.0  # ten tokens back
    assert [bucket.reserve() for _ in range(10)] == [0.0] * 10
    assert bucket.reserve() == pytest.approx(0.1)
    clock.now += 3600.0  # an idle hour fills it to 20, not more
    assert [bucket.reserve() for _ in range(20)] == [0.0] * 20
    assert bucket.reserve() > 0


def test_threads_share_the_bucket_without_losing_a_token():
    clock = Clock()
    bucket = TokenBucket(RateLimit(50, 1.0), clock)
    waits = []
    threads = [threading.Thread(target=lambda: waits.append(bucket.reserve())) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits)[:50] == [0.0] * 50
    assert max(waits) == pytest.approx(150 / 50)  # the 200th token is owed 150 requests after the bucket's 50


def test_one_bucket_per_venue_and_address_for_the_whole_process():
    limit = RateLimit(20, 2.0)
    assert bucket_for("mexc", "https://contract.mexc.com", limit) is bucket_for("mexc", "https://contract.mexc.com",
                                                                                limit)
    assert bucket_for("mexc", "http://127.0.0.1:1", limit) is not bucket_for("mexc", "https://contract.mexc.com",
                                                                             limit)


@pytest.mark.parametrize("requests, seconds", [(0, 1.0), (5, 0.0), (5, -1.0)])
def test_a_rate_limit_must_allow_something(requests, seconds):
    with pytest.raises(ValueError, match="rate limit"):
        RateLimit(requests, seconds)


def test_a_client_waits_for_its_venues_tokens_and_not_past_its_deadline(httpserver):
    """The client asks the bucket before every request: the 21st of 25 MEXC requests sleeps 0.1 s; a wait
    beyond the venue's deadline ends the reading as a timeout instead."""
    from hedgebook.market.errors import VenueTimeout
    from hedgebook.market.retry import Deadline
    from hedgebook.market.transport import VenueClient

    httpserver.expect_request("/ping").respond_with_json({"ok": True})
    clock, slept = Clock(), []
    bucket = TokenBucket(RateLimit(20, 2.0), clock)
    client = VenueClient("mexc", httpserver.url_for(""), rate_limit=bucket, sleep=slept.append)
    for _ in range(25):
        assert client.get_json("/ping") == {"ok": True}
    assert slept == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5])
    late = VenueClient("mexc", httpserver.url_for(""), rate_limit=bucket, sleep=slept.append,
                       deadline=Deadline.after(0.05))
    with pytest.raises(VenueTimeout, match="deadline"):
        late.get_json("/ping")


def test_every_request_of_a_venue_round_goes_out_at_once():
    """Waves of 12 made 25 per-symbol requests three round trips; the pool now holds a whole round."""
    from hedgebook.market.transport import MAX_PARALLEL_REQUESTS
    from hedgebook.market.venues import VENUES
    from hedgebook.market.venues.base import PER_SYMBOL_LIMIT

    assert MAX_PARALLEL_REQUESTS >= PER_SYMBOL_LIMIT
    assert all(len(VENUES[key]().requests(None)) <= MAX_PARALLEL_REQUESTS for key in VENUES)


def test_mexc_declares_its_documented_limit():
    from hedgebook.market.venues import VENUES

    assert VENUES["mexc"].rate_limit == RateLimit(20, 2.0)


def test_the_limit_is_the_venues_own_address_not_an_override():
    from hedgebook.market.config import MarketConfig
    from hedgebook.market.transport import open_client

    limit = RateLimit(20, 2.0)
    own = open_client("mexc", "https://contract.mexc.com", MarketConfig(), rate_limit=limit)
    proxied = open_client("mexc", "https://contract.mexc.com",
                          MarketConfig(urls={"mexc": "http://127.0.0.1:9"}), rate_limit=limit)
    assert own.rate_limit is bucket_for("mexc", "https://contract.mexc.com", limit) and proxied.rate_limit is None


def test_an_endpoint_with_its_own_limit_waits_for_its_tokens_only(httpserver):
    """OKX allows 10 margin-tier requests per 2 s: the 11th waits 0.2 s; other endpoints of the venue do not
    wait for that bucket."""
    from hedgebook.market.transport import VenueClient

    httpserver.expect_request("/tiers").respond_with_json({"ok": True})
    httpserver.expect_request("/tickers").respond_with_json({"ok": True})
    clock, slept = Clock(), []
    tiers = TokenBucket(RateLimit(10, 2.0), clock)
    client = VenueClient("okx", httpserver.url_for(""), endpoint_limits={"/tiers": tiers}, sleep=slept.append)
    for _ in range(11):
        client.get_json("/tiers")
    for _ in range(15):
        client.get_json("/tickers")
    assert slept == pytest.approx([0.2])


def test_okx_declares_the_limits_a_refresh_can_reach():
    from hedgebook.market.config import MarketConfig
    from hedgebook.market.transport import open_client
    from hedgebook.market.venues import VENUES

    okx = VENUES["okx"]
    assert okx.endpoint_limits == {"/api/v5/public/position-tiers": RateLimit(10, 2.0),
                                   "/api/v5/public/mark-price": RateLimit(10, 2.0),
                                   "/api/v5/public/funding-rate-history": RateLimit(10, 2.0),
                                   "/api/v5/market/history-candles": RateLimit(20, 2.0),
                                   "/api/v5/rubik/stat/contracts/open-interest-history": RateLimit(10, 2.0)}
    assert VENUES["binance"].endpoint_limits == {"/fapi/v1/fundingRate": RateLimit(500, 300.0)}
    own = open_client("okx", okx.default_url, MarketConfig(), endpoint_limits=okx.endpoint_limits)
    test_server = open_client("okx", okx.default_url, MarketConfig(urls={"okx": "http://127.0.0.1:9"}),
                              endpoint_limits=okx.endpoint_limits)
    assert set(own.endpoint_limits) == set(okx.endpoint_limits) and test_server.endpoint_limits == {}
