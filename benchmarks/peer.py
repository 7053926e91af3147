"""hedgebook and ccxt side by side, on one local replay of four venues.

ccxt is used as a competent user would use it: the asynchronous client, its rate limiter off, markets (and the
margin tiers hedgebook also reads) loaded once per venue, then every refresh sends all of its requests at once:
bulk funding rates, tickers, funding intervals, mark prices and open interests, and per symbol only where ccxt
has no bulk form (Binance's open interest, at most as many symbols as hedgebook asks for).  Open interest is read
from Bybit's tickers, which carry it.

Both clients read the same replay (:mod:`benchmarks.synthetic`, 100 ms added to every answer), and the values
they bring back are compared field by field, so the comparison cannot drift into comparing different work.

Needs the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import asyncio
import math
import os
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hedgebook.market import fetch_market
from hedgebook.market.venues.base import PER_SYMBOL_LIMIT

PEER_VENUES = ("binance", "binance_coinm", "bybit", "okx")
COMPARED_FIELDS = ("last_price", "mark_price", "index_price", "funding_rate", "funding_interval_h",
                   "next_funding_time", "open_interest_usd", "contract_size", "lot_size", "min_qty")
"""The market table's columns both clients fill (open interest in USD: each venue counts it in its own unit)."""
RELATIVE_TOLERANCE = 1e-9
DEFAULT_INTERVAL_H = 8.0
"""What Binance's fundingInfo leaves out: the symbols funding every 8 hours."""
MS = 1_000


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _hours(interval: Any) -> float:
    """ccxt's interval text ("8h") in hours."""
    return float(interval[:-1]) if isinstance(interval, str) and interval.endswith("h") else math.nan


@dataclass
class Peer:
    """One venue read through ccxt.

    Parameters
    ----------
    key : str
        hedgebook's venue key.
    url : str
        The replay's address, put in place of every address of ccxt's exchange.
    """

    key: str
    url: str

    EXCHANGES = {"binance": ("binanceusdm", ["linear"]), "binance_coinm": ("binancecoinm", ["inverse"]),
                 "bybit": ("bybit", ["linear", "inverse"]), "okx": ("okx", ["swap", "future"])}

    def __post_init__(self):
        import ccxt.async_support as ccxt

        name, types = self.EXCHANGES[self.key]
        self.exchange = getattr(ccxt, name)({"enableRateLimit": False, "options": {"fetchMarkets": {"types": types}}})
        api = self.exchange.urls["api"]
        for part, address in api.items():
            if isinstance(address, str):
                host_and_path = address.split("//", 1)[1]
                api[part] = self.url + (("/" + host_and_path.split("/", 1)[1]) if "/" in host_and_path else "")
        self.markets: list[dict] = []

    async def load(self, assets: list[str]) -> int:
        """Markets, then the margin tiers hedgebook reads (Bybit and OKX perpetuals); returns the request count."""
        ex = self.exchange
        await ex.load_markets()
        wanted = set(assets)
        self.markets = [m for m in ex.markets.values() if m["base"] in wanted and m["active"] is not False
                        and (m["swap"] or m["future"])]
        requests = 2 if self.key == "okx" else 4 if self.key == "bybit" else 1
        if self.key in ("bybit", "okx"):
            perpetuals = [m["symbol"] for m in self.markets if m["swap"]][:PER_SYMBOL_LIMIT]
            await asyncio.gather(*(ex.fetch_market_leverage_tiers(symbol) for symbol in perpetuals))
            requests += len(perpetuals)
        return requests

    async def refresh(self) -> tuple[dict[str, dict[str, float]], int]:
        """Every compared field of every market loaded, by venue symbol; and the request count."""
        return await getattr(self, f"_refresh_{self.key}")()

    def _specs(self, market: dict) -> dict[str, float]:
        return {"contract_size": _number(market.get("contractSize")), "lot_size": market["precision"]["amount"],
                "min_qty": market["limits"]["amount"]["min"]}

    async def _refresh_binance_futures(self) -> tuple[dict, int]:
        ex, symbols = self.exchange, [m["symbol"] for m in self.markets]
        per_symbol = symbols[:PER_SYMBOL_LIMIT]
        rates, intervals, prices, *interests = await asyncio.gather(
            ex.fetch_funding_rates(symbols), ex.fetch_funding_intervals(), ex.fetch_last_prices(symbols),
            *(ex.fetch_open_interest(symbol) for symbol in per_symbol))
        interest = dict(zip(per_symbol, interests))
        values = {}
        for market in self.markets:
            symbol, rate = market["symbol"], rates.get(market["symbol"], {})
            is_perp = market["swap"]
            oi = interest.get(symbol)
            amount = _number(oi["openInterestAmount"]) if oi else math.nan
            usd = amount * market["contractSize"] if market["inverse"] else amount * _number(rate.get("markPrice"))
            values[market["id"]] = {
                "last_price": _number(prices.get(symbol, {}).get("price")),
                "mark_price": _number(rate.get("markPrice")), "index_price": _number(rate.get("indexPrice")),
                "funding_rate": _number(rate.get("fundingRate")) if is_perp else math.nan,
                "funding_interval_h": _hours(intervals[symbol]["interval"]) if symbol in intervals
                else DEFAULT_INTERVAL_H if is_perp else math.nan,
                "next_funding_time": _number(rate.get("fundingTimestamp")) if is_perp else math.nan,
                "open_interest_usd": usd, **self._specs(market)}
        return values, 3 + len(per_symbol)

    _refresh_binance = _refresh_binance_coinm = _refresh_binance_futures

    async def _refresh_bybit(self) -> tuple[dict, int]:
        ex = self.exchange
        linear = [m["symbol"] for m in self.markets if m["linear"]]
        inverse = [m["symbol"] for m in self.markets if m["inverse"]]
        answers = await asyncio.gather(ex.fetch_tickers(linear, {"category": "linear"}),
                                       ex.fetch_tickers(inverse, {"category": "inverse"}))
        tickers = {**answers[0], **answers[1]}
        values = {}
        for market in self.markets:
            ticker = tickers.get(market["symbol"], {})
            info = ticker.get("info", {})
            is_perp = market["swap"]
            open_interest = _number(info.get("openInterest"))  # linear: coins; inverse: USD
            values[market["id"]] = {
                "last_price": _number(ticker.get("last")), "mark_price": _number(ticker.get("markPrice")),
                "index_price": _number(ticker.get("indexPrice")),
                "funding_rate": _number(info.get("fundingRate")) if is_perp else math.nan,
                "funding_interval_h": _number(market["info"].get("fundingInterval")) / 60 if is_perp else math.nan,
                "next_funding_time": _number(info.get("nextFundingTime")) if is_perp else math.nan,
                "open_interest_usd": open_interest if market["inverse"]
                else open_interest * _number(ticker.get("markPrice")), **self._specs(market)}
        return values, 2

    async def _refresh_okx(self) -> tuple[dict, int]:
        ex = self.exchange
        kinds = ("SWAP", "FUTURES")
        answers = await asyncio.gather(
            *(ex.fetch_tickers(None, {"instType": kind}) for kind in kinds),
            *(ex.fetch_mark_prices(None, {"instType": kind}) for kind in kinds),
            *(ex.fetch_open_interests(None, {"instType": kind}) for kind in kinds),
            ex.fetch_funding_rates(),
            *(ex.publicGetMarketIndexTickers({"quoteCcy": quote}) for quote in ("USD", "USDT", "USDC")))
        tickers, marks, interests = ({**answers[i], **answers[i + 1]} for i in (0, 2, 4))
        rates = answers[6]
        index = {record["instId"]: _number(record.get("idxPx")) for answer in answers[7:]
                 for record in answer.get("data", [])}
        values = {}
        for market in self.markets:
            symbol, is_perp = market["symbol"], market["swap"]
            rate = rates.get(symbol, {}) if is_perp else {}
            interest = interests.get(symbol, {})
            values[market["id"]] = {
                "last_price": _number(tickers.get(symbol, {}).get("last")),
                "mark_price": _number(marks.get(symbol, {}).get("markPrice")),
                "index_price": index.get(market["info"]["instFamily"], math.nan),
                "funding_rate": _number(rate.get("fundingRate")),
                "funding_interval_h": _hours(rate.get("interval")),
                "next_funding_time": _number(rate.get("fundingTimestamp")),
                "open_interest_usd": _number(interest.get("openInterestValue")), **self._specs(market)}
        return values, len(answers)

    async def close(self) -> None:
        await self.exchange.close()


async def _together(coroutines) -> list:
    return await asyncio.gather(*coroutines)


async def _peers(urls: dict[str, str]) -> list[Peer]:
    """One ccxt client per venue, made inside the event loop that will run them."""
    return [Peer(key, urls[key]) for key in PEER_VENUES]


async def _ccxt_cold(urls: dict[str, str], assets: list[str]) -> tuple[float, dict, int]:
    start = time.perf_counter()
    peers = await _peers(urls)
    try:
        async def venue(peer: Peer):
            loaded = await peer.load(assets)
            values, asked = await peer.refresh()
            return values, loaded + asked

        results = await asyncio.gather(*(venue(peer) for peer in peers))
        values = _by_venue(peers, results)
        _as_table(values)
    finally:
        await asyncio.gather(*(peer.close() for peer in peers))
    return time.perf_counter() - start, values, sum(count for _, count in results)


async def _ccxt_warm(peers: list[Peer]) -> tuple[float, dict, int]:
    start = time.perf_counter()
    results = await asyncio.gather(*(peer.refresh() for peer in peers))
    values = _by_venue(peers, results)
    _as_table(values)
    return time.perf_counter() - start, values, sum(count for _, count in results)


def _as_table(values: dict) -> pd.DataFrame:
    """ccxt's values as one table, as hedgebook's refresh ends with one (its market table): the same work."""
    return pd.DataFrame.from_dict(values, orient="index")


def _by_venue(peers: list[Peer], results: list[tuple[dict, int]]) -> dict:
    """The compared fields by ``(venue, symbol)``."""
    return {(peer.key, symbol): fields for peer, (found, _) in zip(peers, results) for symbol, fields in found.items()}


def _hedgebook(assets: list[str], cache_dir: str) -> tuple[float, dict, int]:
    os.environ["HEDGEBOOK_CACHE_DIR"] = cache_dir
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        snapshot = fetch_market(PEER_VENUES, assets, timeout=30)
    seconds = time.perf_counter() - start
    if snapshot.errors:
        raise SystemExit(f"benchmark server failed: {snapshot.errors}")
    values = {}
    for row in snapshot.table.to_dict("records"):
        fields = {name: row[name] for name in COMPARED_FIELDS}
        when = fields["next_funding_time"]
        fields["next_funding_time"] = math.nan if when is None or when != when else when.timestamp() * MS
        values[(row["venue"], row["symbol"])] = fields
    return seconds, values, sum(snapshot.requests.values())


def compare(ours: dict, theirs: dict) -> tuple[int, list[str]]:
    """How many values agree, and the ones that do not (missing on both sides agrees)."""
    agreed, differences = 0, []
    for key in sorted(set(ours) | set(theirs)):
        if key not in ours or key not in theirs:
            differences.append(f"{key[0]} {key[1]}: only {'hedgebook' if key in ours else 'ccxt'} lists it")
            continue
        for name in COMPARED_FIELDS:
            a, b = _number(ours[key][name]), _number(theirs[key][name])
            if (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE):
                agreed += 1
            else:
                differences.append(f"{key[0]} {key[1]} {name}: hedgebook {a!r}, ccxt {b!r}")
    return agreed, differences


@dataclass
class SideBySide:
    """One size's figures: medians of wall seconds, requests, and the comparison of the last runs' values."""

    assets: int
    ours_cold: float
    ours_warm: float
    ccxt_cold: float
    ccxt_warm: float
    ours_requests: tuple[int, int]
    ccxt_requests: tuple[int, int]
    agreed: int
    differences: list[str]


def side_by_side(urls: dict[str, str], assets: list[str], runs: int) -> SideBySide:
    """Cold and warm refreshes of both clients against the replay at ``urls`` (by venue), ``runs`` times each, taking
    turns (so that a slow moment of the machine slows both)."""
    import statistics

    os.environ.pop("HEDGEBOOK_NO_CACHE", None)
    loop = asyncio.new_event_loop()
    loaded = loop.run_until_complete(_peers(urls))
    times: dict[str, list[float]] = {"ours_cold": [], "ours_warm": [], "ccxt_cold": [], "ccxt_warm": []}
    try:
        loop.run_until_complete(_together(peer.load(assets) for peer in loaded))
        for _ in range(runs):
            folder = tempfile.mkdtemp()
            try:
                _forget_specs_in_memory()
                seconds, _, ours_cold_requests = _hedgebook(assets, folder)
                times["ours_cold"].append(seconds)
                seconds, _, ccxt_cold_requests = loop.run_until_complete(_ccxt_cold(urls, assets))
                times["ccxt_cold"].append(seconds)
                seconds, ours, ours_warm_requests = _hedgebook(assets, folder)
                times["ours_warm"].append(seconds)
                seconds, theirs, ccxt_warm_requests = loop.run_until_complete(_ccxt_warm(loaded))
                times["ccxt_warm"].append(seconds)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        loop.run_until_complete(_together(peer.close() for peer in loaded))
        loop.close()
    agreed, differences = compare(ours, theirs)
    median = {name: statistics.median(values) for name, values in times.items()}
    return SideBySide(len(assets), median["ours_cold"], median["ours_warm"], median["ccxt_cold"],
                      median["ccxt_warm"], (ours_cold_requests, ours_warm_requests),
                      (ccxt_cold_requests, ccxt_warm_requests), agreed, differences)


def _forget_specs_in_memory() -> None:
    """A cold refresh: no instrument spec kept from an earlier refresh of this process."""
    from hedgebook.market import spec_cache

    forget = getattr(spec_cache, "forget_decoded", None)
    if forget is not None:
        forget()


def client_cpu(urls: dict[str, str], assets: list[str], runs: int) -> tuple[float, float]:
    """CPU seconds of this process per warm refresh, hedgebook's and ccxt's, against a replay without latency."""
    folder = tempfile.mkdtemp()
    try:
        os.environ.pop("HEDGEBOOK_NO_CACHE", None)
        _hedgebook(assets, folder)
        start = time.process_time()
        for _ in range(runs):
            _hedgebook(assets, folder)
        ours = (time.process_time() - start) / runs
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    async def ccxt_cpu():
        return await _ccxt_warm_cpu(await _peers(urls), assets, runs)

    return ours, asyncio.run(ccxt_cpu())


async def _ccxt_warm_cpu(peers: list[Peer], assets: list[str], runs: int) -> float:
    """CPU seconds of this process per warm ccxt refresh (markets loaded first, one refresh not counted)."""
    try:
        await asyncio.gather(*(peer.load(assets) for peer in peers))
        await _ccxt_warm(peers)
        start = time.process_time()
        for _ in range(runs):
            await _ccxt_warm(peers)
        return (time.process_time() - start) / runs
    finally:
        await asyncio.gather(*(peer.close() for peer in peers))


def _replay(assets: list[str]):
    from benchmarks.synthetic import replay_of

    return replay_of(assets)


def parse_cpu(assets: list[str], runs: int) -> tuple[float, float]:
    """CPU seconds of one warm refresh's decoding and parsing, hedgebook's and ccxt's, with the network taken
    out: both read the same JSON texts from memory, with instrument specs (ccxt: markets) already loaded."""
    from urllib.parse import parse_qsl, urlsplit

    from hedgebook.market import VENUES
    from hedgebook.market.table import to_table
    from hedgebook.market.transport import _parse_json
    from hedgebook.market.venues.base import read_venue

    replay, wanted = _replay(assets), frozenset(assets)

    def get(request):
        return _parse_json(replay.answer(request.path, {str(k): str(v) for k, v in request.params.items()}), 200)

    specs = {}

    def page(request):
        return request.path, tuple(sorted((str(k), str(v)) for k, v in request.params.items()))

    def keep(request):  # every spec answer (listings, margin tiers), decoded once, as the spec cache keeps them
        body = get(request)
        if request.cached:
            specs[page(request)] = body
        return body

    def peek(request):
        return specs.get(page(request)) if request.cached else None

    def ours_once(getter=get):
        rows = []
        for key in PEER_VENUES:
            rows += read_venue(VENUES[key](), wanted, getter, peek=peek).rows
        return to_table(rows)

    ours_once(keep)  # the first refresh: specs asked and kept
    ours_once()
    start = time.process_time()
    for _ in range(runs):
        ours_once()
    ours = (time.process_time() - start) / runs

    async def ccxt_cpu():
        peers = await _peers({key: "http://replay.invalid" for key in PEER_VENUES})
        for peer in peers:
            async def fetch(url, method="GET", headers=None, body=None, exchange=peer.exchange):
                parts = urlsplit(url)  # decoded as ccxt decodes (orjson where installed)
                return exchange.parse_json(replay.answer(parts.path, dict(parse_qsl(parts.query))).decode())

            peer.exchange.fetch = fetch
        return await _ccxt_warm_cpu(peers, assets, runs)

    return ours, asyncio.run(ccxt_cpu())
