"""BingX perpetual swaps (USDT-margined, linear).

Bulk requests, in parallel: ``swap/v2/quote/contracts`` (cached; asset,
currency, quantity precision), ``swap/v2/quote/premiumIndex`` (mark, index,
funding rate, next funding time, ``fundingIntervalHours``) and
``swap/v2/quote/ticker`` (last prices).  Open interest is served per symbol
(in USDT): only for the assets asked for.  Every request carries a
``timestamp`` parameter, as BingX asks; errors come as ``code`` ≠ 0.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from ...core.time_units import MS_PER_DAY
from ..envelope import Envelope
from ..history_query import HistoryQuery, funding_spacing_ms, read_records
from ..history_store import CLOSE, FUNDING
from ..parsing import FieldReader, records, to_float
from ..request import Request, at
from ..table import KIND_PERP, SETTLE_LINEAR, make_row
from ..transport import now_ms
from .base import Assets, Enrichment, Row, Venue, VenueResult, per_symbol, wanted

ENVELOPE = Envelope(code="code", data="data")
TRADING_STATUS = 1
QUOTE_PATH = "/openApi/swap/v2/quote/"
KLINES_PATH = "/openApi/swap/v3/quote/klines"
HISTORY_PAGE = 1000


def _request(endpoint: str, params: Mapping[str, Any] | None = None, *, cached: bool = False) -> Request:
    return Request(QUOTE_PATH + endpoint, {**(params or {}), "timestamp": now_ms()}, cached=cached, envelope=ENVELOPE,
                   listing=at() if cached else None)


class Bingx(Venue):
    key = "bingx"
    default_url = "https://open-api.bingx.com"
    ignored_cache_parameters = ("timestamp",)
    blank_live_answer = []  # open interest per symbol, named by the contract list

    def requests(self, assets: Assets) -> dict[str, Request]:
        return {"contracts": _request("contracts", cached=True), "premiumIndex": _request("premiumIndex"),
                "ticker": _request("ticker")}

    def parse(self, answers: Mapping[str, Any], assets: Assets) -> VenueResult:
        reader = FieldReader(self.key)
        premium_by_symbol = reader.index(records(answers["premiumIndex"], "premiumIndex"), "symbol", "premiumIndex")
        tickers = reader.index(records(answers["ticker"], "ticker"), "symbol", "ticker")
        last_by_symbol = {symbol: reader.number(r, "lastPrice", "ticker") for symbol, r in tickers.items()}
        rows = []
        for contract in records(answers["contracts"], "contracts"):
            if to_float(contract.get("status")) != TRADING_STATUS:
                continue
            base = reader.text(contract, "asset", "contracts")
            if not wanted(base, assets):
                continue
            symbol = reader.text(contract, "symbol", "contracts")
            mark = premium_by_symbol.get(symbol)
            precision = reader.number(contract, "quantityPrecision", "contracts")
            rows.append(
                make_row(
                    self.key,
                    symbol,
                    base,
                    reader.text(contract, "currency", "contracts"),
                    KIND_PERP,
                    SETTLE_LINEAR,
                    last_price=last_by_symbol.get(symbol, math.nan),
                    mark_price=reader.number(mark, "markPrice", "premiumIndex"),
                    index_price=reader.number(mark, "indexPrice", "premiumIndex"),
                    funding_rate=reader.number(mark, "lastFundingRate", "premiumIndex"),
                    funding_interval_h=reader.number(mark, "fundingIntervalHours", "premiumIndex"),
                    next_funding_time=reader.time(mark, "nextFundingTime", "premiumIndex"),
                    contract_size=1.0,
                    lot_size=10.0 ** -precision if precision >= 0 else math.nan,
                    min_qty=to_float(contract.get("tradeMinQuantity")),
                    min_notional=to_float(contract.get("tradeMinUSDT")),
                    updated_at=reader.time(mark, "updateTime", "premiumIndex"),
                )
            )
        return VenueResult(rows, reader.warnings())

    def enrichments(self, rows: list[Row], assets: Assets) -> list[Enrichment]:
        if assets is None:
            return []
        return [per_symbol(self.key, "open interest", rows,
                           lambda symbol: _request("openInterest", {"symbol": symbol}), _fill_open_interest)]


    def history(self, field: str, row: Mapping[str, Any]) -> HistoryQuery | None:
        """Settled funding (``fundingRate`` with a time span) and daily closes (``v3/quote/klines``); the order of
        the records is not documented, so a full page is followed on both sides."""
        symbol = row["symbol"]
        if field == FUNDING and row["kind"] == KIND_PERP:
            return HistoryQuery(
                read_records("fundingRate", "fundingTime", "fundingRate"), HISTORY_PAGE, funding_spacing_ms(row),
                newest_first=None,
                window=lambda start, end: _request("fundingRate", {
                    "symbol": symbol, "startTime": start, "endTime": end, "limit": HISTORY_PAGE}))
        if field == CLOSE:
            return HistoryQuery(
                read_records("klines", "time", "close"), HISTORY_PAGE, MS_PER_DAY, newest_first=None,
                window=lambda start, end: Request(KLINES_PATH, {
                    "symbol": symbol, "interval": "1d", "startTime": start, "endTime": end, "limit": HISTORY_PAGE,
                    "timestamp": now_ms()}, envelope=ENVELOPE, source="klines"))
        return None


def _fill_open_interest(row: Row, payload: Any, reader: FieldReader) -> None:
    row["open_interest_usd"] = reader.number(payload, "openInterest", "openInterest")  # USDT value
