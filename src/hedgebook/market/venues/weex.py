"""WEEX perpetual contracts (USDT-margined, linear), from its V3 contract API.

Bulk requests, in parallel: ``capi/v3/market/exchangeInfo`` (cached; base and quote asset, ``contractVal``,
quantity precision, minimum order size in coins), ``premiumIndex`` (mark, index, the current period's funding
rate, next funding time, ``collectCycle``: the funding interval in minutes, every symbol) and
``ticker/24hr`` (last prices).  Open interest is served per symbol (``openInterest``, in contracts of
``contractVal`` coins): only for the assets asked for.  Errors come as HTTP statuses with a ``code`` and a
``msg`` (a list endpoint answering an object is an error too).  WEEX limits an address to 500 request weight
per 10 s; a refresh uses about 40 (the tickers weigh 40) plus 2 per open-interest request.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from ...core.time_units import MINUTES_PER_HOUR, MS_PER_DAY
from ..envelope import Envelope
from ..history_query import HistoryQuery, funding_spacing_ms, read_records
from ..history_store import CLOSE, FUNDING
from ..parsing import FieldReader, records, to_float
from ..ratelimit import RateLimit
from ..request import Request, at
from ..table import KIND_PERP, SETTLE_LINEAR, make_row
from .base import Assets, Enrichment, Row, Venue, VenueResult, per_symbol, wanted

PREFIX = "/capi/v3/market"
LISTED = Envelope(body=list)
"""A list endpoint: an object in its place is WEEX's error (``code``, ``msg``)."""
OBJECT = Envelope(code="code")
FUNDING_PAGE = 1000
FUNDING_SPAN_MS = 7 * MS_PER_DAY
"""``fundingRate`` refuses a span of more than 7 days."""
KLINES_PAGE = 100
CONTRACT_COINS = "_contract_coins"
"""A row's coins per contract while the venue is read (open interest comes in contracts); not a column."""


class Weex(Venue):
    key = "weex"
    default_url = "https://api-contract.weex.com"
    endpoint_limits = {f"{PREFIX}/fundingRate": RateLimit(60, 10.0), f"{PREFIX}/historyKlines": RateLimit(20, 10.0)}
    """History weighs 5 a request against WEEX's 500 per 10 s: a first backfill (a request per 7 days of funding)
    is held to 300 + 100 of it, leaving room for a refresh (about 92)."""
    blank_live_answer = []  # open interest per symbol, named by exchangeInfo

    def requests(self, assets: Assets) -> dict[str, Request]:
        return {
            "exchangeInfo": Request(f"{PREFIX}/exchangeInfo", cached=True, envelope=OBJECT, listing=at("symbols")),
            "premiumIndex": Request(f"{PREFIX}/premiumIndex", envelope=LISTED),
            "ticker/24hr": Request(f"{PREFIX}/ticker/24hr", envelope=LISTED, source="ticker/24hr"),
        }

    def parse(self, answers: Mapping[str, Any], assets: Assets) -> VenueResult:
        reader = FieldReader(self.key)
        premium = reader.index(records(answers["premiumIndex"], "premiumIndex"), "symbol", "premiumIndex")
        tickers = reader.index(records(answers["ticker/24hr"], "ticker/24hr"), "symbol", "ticker/24hr")
        rows = []
        for instrument in records(answers["exchangeInfo"], "exchangeInfo", "symbols"):
            if instrument.get("forwardContractFlag") is False:  # coin-margined: not listed by this reader
                continue
            base = reader.text(instrument, "baseAsset", "exchangeInfo")
            if not base or not wanted(base, assets):
                continue
            symbol = reader.text(instrument, "symbol", "exchangeInfo")
            mark = premium.get(symbol)
            precision = to_float(instrument.get("quantityPrecision"))
            row = make_row(
                self.key, symbol, base, reader.text(instrument, "quoteAsset", "exchangeInfo"), KIND_PERP,
                SETTLE_LINEAR,
                last_price=reader.number(tickers.get(symbol), "lastPrice", "ticker/24hr"),
                mark_price=reader.number(mark, "markPrice", "premiumIndex"),
                index_price=reader.number(mark, "indexPrice", "premiumIndex"),
                funding_rate=reader.number(mark, "lastFundingRate", "premiumIndex"),
                funding_interval_h=reader.number(mark, "collectCycle", "premiumIndex") / MINUTES_PER_HOUR,
                next_funding_time=reader.time(mark, "nextFundingTime", "premiumIndex"),
                contract_size=1.0,  # orders are sized in coins
                lot_size=10.0 ** -precision if precision >= 0 else math.nan,
                min_qty=to_float(instrument.get("minOrderSize")),
                updated_at=reader.time(mark, "time", "premiumIndex"),
            )
            row[CONTRACT_COINS] = to_float(instrument.get("contractVal"))
            rows.append(row)
        return VenueResult(rows, reader.warnings())

    def enrichments(self, rows: list[Row], assets: Assets) -> list[Enrichment]:
        coins = {row["symbol"]: row.pop(CONTRACT_COINS, math.nan) for row in rows}
        if assets is None:
            return []
        return [per_symbol(self.key, "open interest", rows,
                           lambda symbol: Request(f"{PREFIX}/openInterest", {"symbol": symbol}, envelope=OBJECT,
                                                  source="openInterest"),
                           lambda row, payload, reader: _fill_open_interest(row, payload, reader,
                                                                            coins[row["symbol"]]))]

    def history(self, field: str, row: Mapping[str, Any]) -> HistoryQuery | None:
        """Settled funding (``fundingRate``, 7 days at most per request, order not documented) and daily closes
        (``historyKlines``, 100 a request)."""
        symbol = row["symbol"]
        if field == FUNDING and row["kind"] == KIND_PERP:
            return HistoryQuery(
                read_records("fundingRate", "fundingTime", "fundingRate"), FUNDING_PAGE, funding_spacing_ms(row),
                newest_first=None, max_span_ms=FUNDING_SPAN_MS,
                window=lambda start, end: Request(f"{PREFIX}/fundingRate", {
                    "symbol": symbol, "startTime": start, "endTime": end, "limit": FUNDING_PAGE}, envelope=LISTED,
                    source="fundingRate"))
        if field == CLOSE:
            return HistoryQuery(
                read_records("historyKlines", 0, 4), KLINES_PAGE, MS_PER_DAY, newest_first=None,
                window=lambda start, end: Request(f"{PREFIX}/historyKlines", {
                    "symbol": symbol, "interval": "1d", "startTime": start, "endTime": end, "limit": KLINES_PAGE},
                    envelope=LISTED, source="historyKlines"))
        return None


def _fill_open_interest(row: Row, payload: Any, reader: FieldReader, contract_coins: float) -> None:
    contracts = reader.number(payload, "openInterest", "openInterest")
    row["open_interest"] = contracts * contract_coins if contract_coins > 0 else math.nan
