"""Binance futures (USDⓈ-M and COIN-M share one API shape).

Bulk requests, in parallel: ``exchangeInfo`` (cached: contract type, delivery
date, lot size, minimum order quantity and notional, contract size), ``premiumIndex`` (mark, index, funding rate,
next funding time, all symbols), ``fundingInfo`` (intervals of the symbols
whose interval is not the default 8 h), ``ticker/price`` (last prices).
Open interest is served per symbol only: one request per instrument of the
assets asked for, none when all assets are asked for.  Errors come as HTTP
statuses, not inside the body.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from ...core.constants import DEFAULT_FUNDING_INTERVAL_H
from ...core.time_units import MS_PER_DAY
from ..history_query import HistoryQuery, funding_spacing_ms, read_records
from ..history_store import CLOSE, FUNDING, OPEN_INTEREST
from ..parsing import FieldReader, records, to_float
from ..request import Request, at
from ..table import KIND_DATED, KIND_PERP, SETTLE_INVERSE, SETTLE_LINEAR, make_row
from .base import Assets, Enrichment, Row, Venue, VenueResult, per_symbol, wanted

DATED_CONTRACT_TYPES = frozenset({"CURRENT_QUARTER", "NEXT_QUARTER", "CURRENT_MONTH", "NEXT_MONTH"})
TRADING = "TRADING"
FUNDING_PAGE = 1000
"""Records of ``fundingRate`` an answer holds at most (its ``limit``)."""
KLINES_PAGE = 200
"""Daily klines asked per answer: COIN-M refuses a span over 200 days."""
OPEN_INTEREST_PAGE = 500
OPEN_INTEREST_REACH_MS = 30 * MS_PER_DAY
"""``openInterestHist`` serves the last 30 days only."""


def filter_value(instrument: dict, filter_type: str, field: str) -> float:
    """A number of one of a symbol's ``filters`` (e.g. LOT_SIZE's ``stepSize``); NaN when absent."""
    for item in instrument.get("filters") or ():
        if isinstance(item, dict) and item.get("filterType") == filter_type:
            return to_float(item.get(field))
    return math.nan


def lot_step(instrument: dict) -> float:
    """``stepSize`` of the LOT_SIZE filter, in contracts (USDⓈ-M: coins)."""
    return filter_value(instrument, "LOT_SIZE", "stepSize")


def min_notional(instrument: dict) -> float:
    """The smallest order's value, USD: MIN_NOTIONAL's ``notional`` (futures) or ``minNotional`` (spot's
    NOTIONAL or MIN_NOTIONAL filter)."""
    for filter_type, field in (("MIN_NOTIONAL", "notional"), ("NOTIONAL", "minNotional"),
                               ("MIN_NOTIONAL", "minNotional")):
        value = filter_value(instrument, filter_type, field)
        if value == value:
            return value
    return math.nan


class BinanceFutures(Venue):
    """Shared reader; subclasses fix the API prefix and settlement."""

    api_prefix: str
    settle: str
    status_field: str
    blank_live_answer = []  # open interest per symbol, named by exchangeInfo

    def requests(self, assets: Assets) -> dict[str, Request]:
        p = self.api_prefix
        return {
            "exchangeInfo": Request(f"{p}/exchangeInfo", cached=True, listing=at("symbols")),
            "premiumIndex": Request(f"{p}/premiumIndex"),
            "fundingInfo": Request(f"{p}/fundingInfo"),
            "ticker/price": Request(f"{p}/ticker/price", source="ticker/price"),
        }

    def parse(self, answers: Mapping[str, Any], assets: Assets) -> VenueResult:
        reader = FieldReader(self.key)
        def by_symbol(source: str) -> dict:
            return reader.index(records(answers[source], source), "symbol", source)

        premium_by_symbol = by_symbol("premiumIndex")
        interval_by_symbol = {s: reader.number(r, "fundingIntervalHours", "fundingInfo")
                              for s, r in by_symbol("fundingInfo").items()}
        price_by_symbol = {s: reader.number(r, "price", "ticker/price") for s, r in by_symbol("ticker/price").items()}
        inverse = self.settle == SETTLE_INVERSE

        rows = []
        for instrument in records(answers["exchangeInfo"], "exchangeInfo", "symbols"):
            if instrument.get(self.status_field) != TRADING:
                continue
            contract_type = reader.text(instrument, "contractType", "exchangeInfo")
            if contract_type == "PERPETUAL":
                kind = KIND_PERP
            elif contract_type in DATED_CONTRACT_TYPES:
                kind = KIND_DATED
            else:
                continue
            base = reader.text(instrument, "baseAsset", "exchangeInfo")
            if not wanted(base, assets):
                continue
            symbol = reader.text(instrument, "symbol", "exchangeInfo")
            mark = premium_by_symbol.get(symbol)
            is_perp = kind == KIND_PERP
            rows.append(
                make_row(
                    self.key,
                    symbol,
                    base,
                    reader.text(instrument, "quoteAsset", "exchangeInfo"),
                    kind,
                    self.settle,
                    expiry=None if is_perp else reader.time(instrument, "deliveryDate", "exchangeInfo"),
                    last_price=price_by_symbol.get(symbol, math.nan),
                    mark_price=reader.number(mark, "markPrice", "premiumIndex"),
                    index_price=reader.number(mark, "indexPrice", "premiumIndex"),
                    funding_rate=reader.number(mark, "lastFundingRate", "premiumIndex") if is_perp else math.nan,
                    funding_interval_h=(
                        interval_by_symbol.get(symbol, DEFAULT_FUNDING_INTERVAL_H) if is_perp else math.nan
                    ),
                    next_funding_time=reader.time(mark, "nextFundingTime", "premiumIndex") if is_perp else None,
                    contract_size=reader.number(instrument, "contractSize", "exchangeInfo") if inverse else 1.0,
                    lot_size=lot_step(instrument),
                    min_qty=filter_value(instrument, "LOT_SIZE", "minQty"),
                    min_notional=min_notional(instrument),
                    updated_at=reader.time(mark, "time", "premiumIndex"),
                )
            )
        return VenueResult(rows, reader.warnings())

    def enrichments(self, rows: list[Row], assets: Assets) -> list[Enrichment]:
        if assets is None:  # every instrument: far beyond the per-symbol limit
            return []
        return [per_symbol(self.key, "open interest", rows,
                           lambda symbol: Request(f"{self.api_prefix}/openInterest", {"symbol": symbol}),
                           self._fill_open_interest)]

    def _fill_open_interest(self, row: Row, payload: Any, reader: FieldReader) -> None:
        amount = reader.number(payload, "openInterest", "openInterest")
        if self.settle == SETTLE_INVERSE:
            row["open_interest_usd"] = amount * row["contract_size"]  # contracts of contract_size USD
        else:
            row["open_interest"] = amount  # base coins

    def history(self, field: str, row: Mapping[str, Any]) -> HistoryQuery | None:
        """Settled funding (``fundingRate``, oldest first), daily closes (``klines``) and, for perpetuals, daily
        open interest in coins (``openInterestHist``, the last 30 days)."""
        symbol, is_perp, p = row["symbol"], row["kind"] == KIND_PERP, self.api_prefix
        if field == FUNDING and is_perp:
            return HistoryQuery(
                read_records("fundingRate", "fundingTime", "fundingRate"), FUNDING_PAGE, funding_spacing_ms(row),
                window=lambda start, end: Request(f"{p}/fundingRate", {
                    "symbol": symbol, "startTime": start, "endTime": end, "limit": FUNDING_PAGE}))
        if field == CLOSE:
            return HistoryQuery(
                read_records("klines", 0, 4), KLINES_PAGE, MS_PER_DAY,
                window=lambda start, end: Request(f"{p}/klines", {
                    "symbol": symbol, "interval": "1d", "startTime": start, "endTime": end, "limit": KLINES_PAGE}))
        if field == OPEN_INTEREST and is_perp:
            # USDⓈ-M: by symbol, contracts are coins.  COIN-M: by pair and contract type; its contracts are USD, so
            # the coins are the value (``sumOpenInterestValue``, in the base asset).
            linear = self.settle == SETTLE_LINEAR
            chosen = {"symbol": symbol} if linear else {"pair": symbol.split("_")[0], "contractType": "PERPETUAL"}
            return HistoryQuery(
                read_records("openInterestHist", "timestamp", "sumOpenInterest" if linear else "sumOpenInterestValue"),
                OPEN_INTEREST_PAGE, MS_PER_DAY, reach_ms=OPEN_INTEREST_REACH_MS,
                window=lambda start, end: Request("/futures/data/openInterestHist", {
                    **chosen, "period": "1d", "startTime": start, "endTime": end,
                    "limit": OPEN_INTEREST_PAGE}, source="openInterestHist"))
        return None
