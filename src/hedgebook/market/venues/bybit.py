"""Bybit v5: linear and inverse, perpetual and dated.

Bulk requests, in parallel: ``/v5/market/tickers`` per category (prices,
funding, open interest) and ``/v5/market/instruments-info`` per category
(cached; contract type, funding interval in minutes, lot step, delivery
time; paginated with ``cursor``).  When assets are named, each of their
perpetuals' margin tiers (``/v5/market/risk-limit``, one request per symbol:
the bulk form pages 15 symbols at a time; cached with the specs).  Errors come as HTTP 200 with
``retCode`` ≠ 0.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from ...core.time_units import MINUTES_PER_HOUR, MS_PER_DAY
from ..envelope import Envelope
from ..errors import VenueBadAnswer
from ..history_query import HistoryQuery, funding_spacing_ms, read_records
from ..history_store import CLOSE, FUNDING, OPEN_INTEREST
from ..parsing import FieldReader, records, to_float
from ..request import Request, at
from ..table import KIND_DATED, KIND_PERP, SETTLE_INVERSE, SETTLE_LINEAR, make_row
from ..tiers import UNIT_COINS, UNIT_USD, row_tiers
from .base import Assets, Enrichment, Row, Venue, VenueResult, per_symbol, wanted

ENVELOPE = Envelope(code="retCode", messages=("retMsg",))
CATEGORIES = ("linear", "inverse")
CONTRACT_TYPES = {
    "LinearPerpetual": (KIND_PERP, SETTLE_LINEAR),
    "LinearFutures": (KIND_DATED, SETTLE_LINEAR),
    "InversePerpetual": (KIND_PERP, SETTLE_INVERSE),
    "InverseFutures": (KIND_DATED, SETTLE_INVERSE),
}
INSTRUMENTS_PAGE_LIMIT = 1000
FUNDING_PAGE = 200
KLINES_PAGE = 1000
OPEN_INTEREST_PAGE = 200
INVERSE_CONTRACT_USD = 1.0
"""Bybit inverse contracts are 1 USD each."""


def open_interest_base_and_usd(settle: str, open_interest: float, price: float) -> tuple[float, float]:
    """Bybit's ``openInterest``: linear in base coins, inverse in USD (1-USD contracts)."""
    if settle == SETTLE_INVERSE:
        usd = open_interest * INVERSE_CONTRACT_USD
        return (usd / price if price > 0 else math.nan), usd
    return open_interest, open_interest * price


def next_cursor(payload: Any) -> dict | None:
    """The next page of a listing: ``{"cursor": ...}``, or None on the last page."""
    result = payload.get("result") if isinstance(payload, dict) else None
    cursor = result.get("nextPageCursor") if isinstance(result, dict) else None
    return {"cursor": cursor} if cursor else None


class Bybit(Venue):
    key = "bybit"
    default_url = "https://api.bybit.com"
    blank_live_answer = {"result": {"list": []}}  # the margin tiers per symbol, named by the instrument lists

    def requests(self, assets: Assets) -> dict[str, Request]:
        asked = {}
        for category in CATEGORIES:
            asked[f"tickers/{category}"] = Request(
                "/v5/market/tickers", {"category": category}, envelope=ENVELOPE)
            asked[f"instruments/{category}"] = Request(
                "/v5/market/instruments-info", {"category": category, "limit": INSTRUMENTS_PAGE_LIMIT},
                cached=True, envelope=ENVELOPE, next_page=next_cursor, listing=at("result", "list"),
                may_be_empty=True, cache_empty=False)  # one category may list none; both none fails the venue
        return asked

    def parse(self, answers: Mapping[str, Any], assets: Assets) -> VenueResult:
        reader = FieldReader(self.key)
        tickers_by_symbol: dict[str, dict] = {}
        updated_at = None
        for category in CATEGORIES:
            payload = answers[f"tickers/{category}"]
            updated_at = updated_at or reader.time(payload, "time", "tickers")
            tickers_by_symbol.update(reader.index(records(payload, "tickers", "result", "list"), "symbol", "tickers"))

        rows = []
        listed = 0
        for category in CATEGORIES:
            for page in answers[f"instruments/{category}"]:
                instruments = records(page, "instruments-info", "result", "list")
                listed += len(instruments)
                for instrument in instruments:
                    if instrument.get("status") != "Trading":
                        continue
                    kind_settle = CONTRACT_TYPES.get(instrument.get("contractType"))
                    base = reader.text(instrument, "baseCoin", "instruments-info")
                    if kind_settle is not None and wanted(base, assets):
                        rows.append(self._row(reader, instrument, *kind_settle, base, tickers_by_symbol, updated_at))
        if not listed:
            raise VenueBadAnswer("instruments-info lists no instruments in any category")
        return VenueResult(rows, reader.warnings())

    def enrichments(self, rows: list[Row], assets: Assets) -> list[Enrichment]:
        if assets is None:
            return []
        perpetuals = [row for row in rows if row["kind"] == KIND_PERP]
        return [per_symbol(self.key, "margin tiers", perpetuals,
                           lambda symbol, settle={r["symbol"]: r["settle"] for r in perpetuals}: Request(
                               "/v5/market/risk-limit", {"category": settle[symbol], "symbol": symbol},
                               cached=True, envelope=ENVELOPE, source="risk-limit", listing=at("result", "list")),
                           _fill_tiers)] if perpetuals else []

    def history(self, field: str, row: Mapping[str, Any]) -> HistoryQuery | None:
        """Settled funding (``funding/history``), daily closes (``kline``) and, for linear perpetuals, daily
        open interest in coins (``open-interest``); every answer newest first."""
        category, symbol, is_perp = row["settle"], row["symbol"], row["kind"] == KIND_PERP
        if field == FUNDING and is_perp:
            return HistoryQuery(
                read_records("funding/history", "fundingRateTimestamp", "fundingRate", "result", "list"),
                FUNDING_PAGE, funding_spacing_ms(row), newest_first=True,
                window=lambda start, end: Request("/v5/market/funding/history", {
                    "category": category, "symbol": symbol, "startTime": start, "endTime": end,
                    "limit": FUNDING_PAGE}, envelope=ENVELOPE, source="funding/history"))
        if field == CLOSE:
            return HistoryQuery(
                read_records("kline", 0, 4, "result", "list"), KLINES_PAGE, MS_PER_DAY, newest_first=True,
                window=lambda start, end: Request("/v5/market/kline", {
                    "category": category, "symbol": symbol, "interval": "D", "start": start, "end": end,
                    "limit": KLINES_PAGE}, envelope=ENVELOPE))
        if field == OPEN_INTEREST and is_perp and category == SETTLE_LINEAR:
            return HistoryQuery(
                read_records("open-interest", "timestamp", "openInterest", "result", "list"), OPEN_INTEREST_PAGE,
                MS_PER_DAY, newest_first=True,
                window=lambda start, end: Request("/v5/market/open-interest", {
                    "category": category, "symbol": symbol, "intervalTime": "1d", "startTime": start,
                    "endTime": end, "limit": OPEN_INTEREST_PAGE}, envelope=ENVELOPE, source="open-interest"))
        return None

    def _row(self, reader: FieldReader, instrument: dict, kind: str, settle: str, base: str,
             tickers_by_symbol: dict[str, dict], updated_at) -> dict:
        symbol = reader.text(instrument, "symbol", "instruments-info")
        ticker = tickers_by_symbol.get(symbol)
        mark = reader.number(ticker, "markPrice", "tickers")
        oi_base, oi_usd = open_interest_base_and_usd(settle, reader.number(ticker, "openInterest", "tickers"), mark)
        is_perp = kind == KIND_PERP
        interval_min = reader.number(instrument, "fundingInterval", "instruments-info") if is_perp else math.nan
        lots = instrument.get("lotSizeFilter") or {}
        return make_row(
            self.key,
            symbol,
            base,
            reader.text(instrument, "quoteCoin", "instruments-info"),
            kind,
            settle,
            expiry=None if is_perp else reader.time(instrument, "deliveryTime", "instruments-info"),
            last_price=reader.number(ticker, "lastPrice", "tickers"),
            mark_price=mark,
            index_price=reader.number(ticker, "indexPrice", "tickers"),
            funding_rate=reader.number(ticker, "fundingRate", "tickers") if is_perp else math.nan,
            funding_interval_h=interval_min / MINUTES_PER_HOUR,
            next_funding_time=reader.time(ticker, "nextFundingTime", "tickers") if is_perp else None,
            open_interest=oi_base,
            open_interest_usd=oi_usd,
            contract_size=INVERSE_CONTRACT_USD if settle == SETTLE_INVERSE else 1.0,
            lot_size=to_float(lots.get("qtyStep")),
            min_qty=to_float(lots.get("minOrderQty")),
            min_notional=to_float(lots.get("minNotionalValue")),
            updated_at=updated_at,
        )


def _fill_tiers(row: Row, payload: Any, reader: FieldReader) -> None:
    """The symbol's risk limits as tiers: ``riskLimitValue`` (linear: USD; inverse: coins, converted at the mark
    price), ``maintenanceMargin`` (a fraction) and ``maxLeverage`` of each."""
    limits = [item for item in records(payload, "risk-limit", "result", "list") if item.get("symbol") == row["symbol"]]
    row["tiers"], why = row_tiers(
        row, *([reader.number(item, key, "risk-limit") for item in limits]
               for key in ("riskLimitValue", "maintenanceMargin", "maxLeverage")),
        UNIT_COINS if row["settle"] == SETTLE_INVERSE else UNIT_USD, "bybit risk-limit")
    if row["tiers"] is None:
        reader.problem(f"margin tiers of {row['symbol']} not used: {why}")
