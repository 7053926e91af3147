"""The history store's first backfill and its next update, over a local replay of six venues at +100 ms.

Run:  python benchmarks/history.py [--assets 10] [--days 90]

Each venue (Binance USDⓈ-M and spot, Bybit, OKX, BingX, MEXC, Deribit, WEEX) answers its funding-history, kline and
open-interest-history endpoints the way it documents: its parameter names, its page size, its order (oldest or
newest first), its cursors or page numbers, its shapes; settlements every 8 h (one symbol in three moved to
4 h thirty days ago), daily closes, daily open interest.  Every venue is a host of its own (a loopback address),
every answer 100 ms late, in a child process.  Printed: the backfill's and the update's time, and the
requests per venue and per series.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from benchmarks.synthetic import serve_hosts, venue_hosts  # noqa: E402
from hedgebook.market.config import MarketConfig  # noqa: E402
from hedgebook.market.history_fetch import update_history  # noqa: E402
from hedgebook.market.history_store import HistoryStore  # noqa: E402

LATENCY_S = 0.1
H = 3_600_000
D = 24 * H
VENUES = ("binance", "binance_spot", "bybit", "okx", "bingx", "mexc", "deribit", "weex")
BACKFILL_TARGET_S = 5.0
"""'A few seconds' for the first 90-day backfill of 10 assets on 6 venues."""


def assets(count: int) -> list[str]:
    return ["BTC", "ETH"][:count] + [f"A{i}" for i in range(2, count)]


def symbol(venue: str, asset: str) -> str:
    return {"binance": f"{asset}USDT", "binance_spot": f"{asset}USDT", "bybit": f"{asset}USDT",
            "okx": f"{asset}-USDT-SWAP", "bingx": f"{asset}-USDT", "mexc": f"{asset}_USDT",
            "deribit": f"{asset}-PERPETUAL", "weex": f"{asset}USDT"}[venue]


def rows(names: list[str]) -> list[dict]:
    """The market-table rows of each asset's perpetual on each venue (Deribit: BTC and ETH) and its spot pair."""
    found = []
    for venue in VENUES:
        for asset in names:
            if venue == "deribit" and asset not in ("BTC", "ETH"):
                continue
            kind = "spot" if venue == "binance_spot" else "perp"
            found.append({"venue": venue, "symbol": symbol(venue, asset), "base": asset, "kind": kind,
                          "settle": "inverse" if venue == "deribit" else "linear" if kind == "perp" else "",
                          "funding_interval_h": 8.0 if kind == "perp" else float("nan")})
    return found


class HistoryReplay:
    """Every venue's history endpoints, answered from the same made-up series, each venue its own way."""

    def __init__(self, now_ms: int, days: int):
        self.first = now_ms - (days + 60) * D
        self.moved = now_ms - 30 * D
        self.now = now_ms + 3 * D  # records up to three days on: each run gets what is due by its own time

    def settlements(self, symbol: str, low: int, high: int) -> list[tuple[int, float]]:
        every = 4 if sum(map(ord, symbol)) % 3 == 0 else 8  # a third of the symbols moved to 4 h
        found, t = [], self.first - self.first % (8 * H)
        while t <= min(high, self.now):
            if t >= low:
                found.append((t, 0.0001 + (t // H % 7) * 0.00001))
            t += (every if t >= self.moved else 8) * H
        return found

    def days(self, low: int, high: int) -> list[tuple[int, float]]:
        start = max(low, self.first)
        start += (-start) % D
        return [(t, 60_000.0 + (t // D % 50) * 10) for t in range(start, min(high, self.now) + 1, D)]

    def answer(self, path: str, params: dict[str, str]) -> bytes:
        return json.dumps(self._body(path, params)).encode()

    def _body(self, path: str, p: dict[str, str]):
        def window(start="startTime", end="endTime", limit=1000, newest_first=False, rows=None):
            low, high = int(p[start]), int(p[end])
            chosen = rows(low, high)
            size = min(int(p.get("limit", limit)), limit)
            return chosen[-size:][::-1] if newest_first else chosen[:size]

        if path in ("/fapi/v1/fundingRate",):
            return [{"symbol": p["symbol"], "fundingRate": str(v), "fundingTime": t, "markPrice": "1"}
                    for t, v in window(rows=lambda a, b: self.settlements(p["symbol"], a, b))]
        if path in ("/fapi/v1/klines", "/api/v3/klines"):
            return [[t, "1", "1", "1", str(v), "1", t + D - 1, "1", 1, "1", "1", "0"]
                    for t, v in window(limit=1500, rows=self.days)]
        if path == "/futures/data/openInterestHist":
            return [{"symbol": p["symbol"], "sumOpenInterest": str(v / 100), "sumOpenInterestValue": str(v),
                     "timestamp": t} for t, v in window(limit=500, rows=self.days)]
        if path == "/v5/market/funding/history":
            return {"retCode": 0, "retMsg": "OK", "result": {"category": "linear", "list": [
                {"symbol": p["symbol"], "fundingRate": str(v), "fundingRateTimestamp": str(t)}
                for t, v in window(limit=200, newest_first=True,
                                   rows=lambda a, b: self.settlements(p["symbol"], a, b))]}}
        if path == "/v5/market/kline":
            return {"retCode": 0, "retMsg": "OK", "result": {"list": [
                [str(t), "1", "1", "1", str(v), "1", "1"]
                for t, v in window("start", "end", newest_first=True, rows=self.days)]}}
        if path == "/v5/market/open-interest":
            return {"retCode": 0, "retMsg": "OK", "result": {"list": [
                {"openInterest": str(v / 100), "timestamp": str(t)}
                for t, v in window(limit=200, newest_first=True, rows=self.days)], "nextPageCursor": ""}}
        if path in ("/api/v5/public/funding-rate-history", "/api/v5/market/history-candles"):
            low, high = int(p["before"]) + 1, int(p["after"]) - 1
            size = 400 if "funding" in path else 100
            if "funding" in path:
                data = self.settlements(p["instId"], low, high)[-size:][::-1]
                return {"code": "0", "msg": "", "data": [
                    {"instId": p["instId"], "fundingRate": str(v), "realizedRate": str(v), "fundingTime": str(t)}
                    for t, v in data]}
            return {"code": "0", "msg": "", "data": [[str(t), "1", "1", "1", str(v), "1", "1", "1", "1"]
                                                     for t, v in self.days(low, high)[-size:][::-1]]}
        if path == "/api/v5/rubik/stat/contracts/open-interest-history":  # [ts, oi, oiCcy, oiUsd], newest first
            low, high = int(p["begin"]) + 1, int(p["end"]) - 1
            return {"code": "0", "msg": "", "data": [[str(t), str(v), str(v / 100), str(v * 600)]
                                                     for t, v in self.days(low, high)[-100:][::-1]]}
        if path == "/openApi/swap/v2/quote/fundingRate":
            return {"code": 0, "msg": "", "data": [
                {"symbol": p["symbol"], "fundingRate": str(v), "fundingTime": t}
                for t, v in window(newest_first=True, rows=lambda a, b: self.settlements(p["symbol"], a, b))]}
        if path == "/openApi/swap/v3/quote/klines":
            return {"code": 0, "msg": "", "data": [
                {"open": "1", "close": str(v), "high": "1", "low": "1", "volume": "1", "time": t}
                for t, v in window(newest_first=True, rows=self.days)]}
        if path == "/api/v1/contract/funding_rate/history":
            number, size = int(p["page_num"]), int(p["page_size"])
            newest = self.settlements(p["symbol"], 0, self.now)[::-1][(number - 1) * size:number * size]
            return {"success": True, "code": 0, "data": {"pageSize": size, "currentPage": number, "resultList": [
                {"symbol": p["symbol"], "fundingRate": v, "settleTime": t, "collectCycle": 8} for t, v in newest]}}
        if path.startswith("/api/v1/contract/kline/"):
            closes = self.days(int(p["start"]) * 1000, int(p["end"]) * 1000)
            return {"success": True, "code": 0, "data": {"time": [t // 1000 for t, _ in closes],
                                                          "close": [v for _, v in closes]}}
        if path == "/capi/v3/market/fundingRate":
            low, high = int(p["startTime"]), int(p["endTime"])
            if high - low > 7 * D:
                return {"code": -1130, "msg": "time span over 7 days"}
            return [{"symbol": p["symbol"], "fundingRate": str(v), "fundingTime": t, "markPrice": "1"}
                    for t, v in window(rows=lambda a, b: self.settlements(p["symbol"], a, b))]
        if path == "/capi/v3/market/historyKlines":
            return [[t, "1", "1", "1", str(v), "1", t + D - 1, "1", 1, "1", "1"]
                    for t, v in window(limit=100, rows=self.days)]
        if path == "/api/v2/public/get_funding_rate_history":
            hours = range(int(p["start_timestamp"]) + (-int(p["start_timestamp"])) % H,
                          min(int(p["end_timestamp"]), self.now) + 1, H)
            return {"jsonrpc": "2.0", "result": [{"timestamp": t, "interest_1h": 0.00001, "interest_8h": 0.00008,
                                                  "index_price": 1.0, "prev_index_price": 1.0} for t in hours]}
        if path == "/api/v2/public/get_tradingview_chart_data":
            closes = self.days(int(p["start_timestamp"]), int(p["end_timestamp"]))
            return {"jsonrpc": "2.0", "result": {"status": "ok", "ticks": [t for t, _ in closes],
                                                 "close": [v for _, v in closes]}}
        return {}


def measure(count: int = 10, days: int = 90, latency_s: float = LATENCY_S) -> dict:
    """The backfill and the next updates, timed; requests per venue and per series."""
    now = int(time.time() * 1000)
    queue = multiprocessing.get_context("spawn").Queue()
    hosts = {venue: host for venue, host in venue_hosts().items() if venue in VENUES}
    server = multiprocessing.get_context("spawn").Process(
        target=serve_hosts, args=(HistoryReplay, (now, days), hosts, latency_s, queue), daemon=True)
    server.start()
    try:
        urls = queue.get(timeout=60)
        config = MarketConfig(urls=urls, retry_backoff=0.0)
        targets = rows(assets(count))
        with tempfile.TemporaryDirectory() as folder, HistoryStore(Path(folder) / "history.sqlite") as store:
            started = time.perf_counter()
            first = update_history(targets, store, days=days, config=config, now_ms=now)
            backfill_s = time.perf_counter() - started
            later = now + D + H  # a day on: three settlements (six on 4 h) and a close more per series
            started = time.perf_counter()
            second = update_history(targets, store, days=days, config=config, now_ms=later)
            update_s = time.perf_counter() - started
            third = update_history(targets, store, days=days, config=config, now_ms=later + 60_000)
            records = sum(len(store.points(*key)) for key in store.series())
    finally:
        server.terminate()
    return {"series": len(first.series), "records": records, "backfill_s": backfill_s, "update_s": update_s,
            "first": first, "second": second, "third": third}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=10)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    runs = [measure(args.assets, args.days) for _ in range(args.runs)]
    result = runs[-1]
    failed = [s for run in runs for name in ("first", "second", "third") for s in run[name].failed]
    table = Table(title=f"history: {args.assets} assets, 7 venues + Binance spot, {args.days} days, "
                        f"+{LATENCY_S * 1000:g} ms per answer (medians of {args.runs})", title_justify="left")
    for name in ("figure", "measured", "target", "met"):
        table.add_column(name)
    backfill = statistics.median(run["backfill_s"] for run in runs)
    update = statistics.median(run["update_s"] for run in runs)
    most = max(s.requests for s in result["second"].series)
    table.add_row("series / records stored", f"{result['series']} / {result['records']:,}", "", "")
    table.add_row("first backfill", f"{backfill:.2f} s", f"< {BACKFILL_TARGET_S:g} s",
                  "yes" if backfill < BACKFILL_TARGET_S else "[red]NO[/red]")
    table.add_row("requests, backfill", str(sum(result["first"].requests.values())), "", "")
    table.add_row("update a day later", f"{update:.2f} s", "", "")
    table.add_row("requests, update a day later", f"{sum(result['second'].requests.values())} "
                  f"(most for one series: {most})", "<= 1 per series", "yes" if most <= 1 else "[red]NO[/red]")
    table.add_row("new records, update a day later", str(sum(s.new for s in result["second"].series)), "", "")
    table.add_row("requests, update a minute later", str(sum(result["third"].requests.values())), "0",
                  "yes" if not sum(result["third"].requests.values()) else "[red]NO[/red]")
    table.add_row("failed series", str(len(failed)), "0", "yes" if not failed else "[red]NO[/red]")
    Console(width=160).print(table)
    per_venue = Table(title="requests per venue: backfill / a day later", title_justify="left")
    for name in ("venue", "backfill", "a day later"):
        per_venue.add_column(name)
    for venue in VENUES:
        per_venue.add_row(venue, str(result["first"].requests.get(venue, 0)),
                          str(result["second"].requests.get(venue, 0)))
    Console(width=160).print(per_venue)
    for item in failed[:5]:
        print(f"failed: {item.venue} {item.symbol} {item.field}: {item.error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
