"""MEXC perpetual contracts.

Bulk requests, in parallel: ``contract/detail`` (cached; base, quote, settle
coin, contract size, volume step) and ``contract/ticker`` (last, fair = mark,
index, funding rate, ``holdVol`` open interest in contracts).  MEXC serves
the funding interval (``collectCycle``) and next funding time only per
symbol (``contract/funding_rate/{symbol}``): they are fetched for the assets
asked for, and left blank, with a warning, when all assets are asked for.
Errors come as ``success: false`` with a ``code``.
"""

from __future__ import annotations

import math
from typing import Any, Mapping
from urllib.parse import quote

from ...core.time_units import MS_PER_DAY, MS_PER_SECOND
from ..envelope import Envelope
from ..history_query import HistoryQuery, funding_spacing_ms, read_columns, read_records
from ..history_store import CLOSE, FUNDING
from ..parsing import FieldReader, records, to_float
from ..ratelimit import RateLimit
from ..request import Request, at
from ..table import KIND_PERP, SETTLE_INVERSE, SETTLE_LINEAR, make_row
from ..tiers import UNIT_CONTRACTS, row_tiers
from .base import Assets, Enrichment, Row, Venue, VenueResult, per_symbol, wanted

ENVELOPE = Envelope(success="success", code="code", messages=("message", "msg"), data="data")
ENABLED_STATE = 0
FUNDING_PAGE = 1000
KLINES_PAGE = 2000


class Mexc(Venue):
    key = "mexc"
    default_url = "https://contract.mexc.com"
    rate_limit = RateLimit(20, 2.0)
    """MEXC's futures API: 20 requests per 2 seconds from one address.  A refresh of many assets makes up to
    25 per-symbol requests (the funding interval), beyond the bulk ones."""
    blank_live_answer = []  # the funding schedule per symbol, named by the contract details

    def requests(self, assets: Assets) -> dict[str, Request]:
        return {
            "contract/detail": Request("/api/v1/contract/detail", cached=True, envelope=ENVELOPE,
                                       source="contract/detail", listing=at()),
            "contract/ticker": Request("/api/v1/contract/ticker", envelope=ENVELOPE, source="contract/ticker"),
        }

    def parse(self, answers: Mapping[str, Any], assets: Assets) -> VenueResult:
        reader = FieldReader(self.key)
        ticker_by_symbol = reader.index(records(answers["contract/ticker"], "contract/ticker"), "symbol",
                                        "contract/ticker")
        rows, notes = [], []
        for detail in records(answers["contract/detail"], "contract/detail"):
            if detail.get("state", ENABLED_STATE) != ENABLED_STATE:
                continue
            base = reader.text(detail, "baseCoin", "contract/detail")
            if not wanted(base, assets):
                continue
            symbol = reader.text(detail, "symbol", "contract/detail")
            inverse = detail.get("settleCoin") == base
            ticker = ticker_by_symbol.get(symbol)
            contract_size = reader.number(detail, "contractSize", "contract/detail")
            contracts_open = reader.number(ticker, "holdVol", "contract/ticker")
            row = make_row(
                    self.key,
                    symbol,
                    base,
                    reader.text(detail, "quoteCoin", "contract/detail"),
                    KIND_PERP,
                    SETTLE_INVERSE if inverse else SETTLE_LINEAR,
                    last_price=reader.number(ticker, "lastPrice", "contract/ticker"),
                    mark_price=reader.number(ticker, "fairPrice", "contract/ticker"),
                    index_price=reader.number(ticker, "indexPrice", "contract/ticker"),
                    funding_rate=reader.number(ticker, "fundingRate", "contract/ticker"),
                    open_interest_usd=contracts_open * contract_size if inverse else math.nan,
                    open_interest=math.nan if inverse else contracts_open * contract_size,
                    contract_size=contract_size,
                    lot_size=reader.number(detail, "volUnit", "contract/detail"),
                    min_qty=to_float(detail.get("minVol")),
                    updated_at=reader.time(ticker, "timestamp", "contract/ticker"),
                )
            row["tiers"], why = step_tiers(detail, row)
            if row["tiers"] is None and detail.get("riskLevelLimit") is not None:
                notes.append(f"mexc: margin tiers of {symbol} not used: {why}")
            rows.append(row)
        notes = reader.warnings() + notes
        if assets is None and rows:
            notes.append("mexc: funding interval and next funding time are served per symbol; "
                         "name the assets to get them")
        return VenueResult(rows, notes)

    def enrichments(self, rows: list[Row], assets: Assets) -> list[Enrichment]:
        if assets is None:
            return []
        return [per_symbol(self.key, "funding interval", rows,
                           lambda symbol: Request(f"/api/v1/contract/funding_rate/{quote(symbol, safe='')}",
                                                  envelope=ENVELOPE, source="funding_rate"),
                           _fill_funding_schedule)]


    def history(self, field: str, row: Mapping[str, Any]) -> HistoryQuery | None:
        """Settled funding by page number, newest first, each record with its own ``collectCycle`` (hours), and
        daily closes (``contract/kline``, columns, times in seconds)."""
        path_symbol = quote(row["symbol"], safe="")
        symbol = row["symbol"]
        if field == FUNDING and row["kind"] == KIND_PERP:
            return HistoryQuery(
                read_records("funding_rate/history", "settleTime", "fundingRate", "resultList",
                             interval_key="collectCycle"),
                FUNDING_PAGE, funding_spacing_ms(row), newest_first=True,
                page=lambda number: Request("/api/v1/contract/funding_rate/history", {
                    "symbol": symbol, "page_num": number, "page_size": FUNDING_PAGE}, envelope=ENVELOPE,
                    source="funding_rate/history"))
        if field == CLOSE:
            return HistoryQuery(
                read_columns("contract/kline", "time", "close", time_unit_ms=MS_PER_SECOND), KLINES_PAGE, MS_PER_DAY,
                window=lambda start, end: Request(f"/api/v1/contract/kline/{path_symbol}", {
                    "interval": "Day1", "start": start // MS_PER_SECOND, "end": end // MS_PER_SECOND},
                    envelope=ENVELOPE, source="contract/kline"))
        return None


def step_tiers(detail: dict, row: Row):
    """MEXC's tiers from its contract detail: tier k (0 first) holds up to ``riskBaseVol + k·riskIncrVol``
    contracts, at a maintenance rate of ``maintenanceMarginRate + k·riskIncrMmr`` and an initial one of
    ``initialMarginRate + k·riskIncrImr`` (its highest leverage is the inverse), for ``riskLevelLimit`` tiers."""
    base, step = to_float(detail.get("riskBaseVol")), to_float(detail.get("riskIncrVol"))
    mmr, mmr_step = to_float(detail.get("maintenanceMarginRate")), to_float(detail.get("riskIncrMmr"))
    imr, imr_step = to_float(detail.get("initialMarginRate")), to_float(detail.get("riskIncrImr"))
    levels = to_float(detail.get("riskLevelLimit"))
    if any(math.isnan(x) for x in (base, step, mmr, mmr_step, imr, imr_step, levels)) or levels < 1:
        return None, "the contract detail gives no tier steps"
    count = int(levels)
    return row_tiers(row, [base + k * step for k in range(count)], [mmr + k * mmr_step for k in range(count)],
                     [1.0 / (imr + k * imr_step) if imr + k * imr_step > 0 else math.nan for k in range(count)],
                     UNIT_CONTRACTS, "mexc contract detail")


def _fill_funding_schedule(row: Row, payload: Any, reader: FieldReader) -> None:
    row["funding_interval_h"] = reader.number(payload, "collectCycle", "funding_rate")
    row["next_funding_time"] = reader.time(payload, "nextSettleTime", "funding_rate")
    rate = reader.number(payload, "fundingRate", "funding_rate")
    if not math.isnan(rate):
        row["funding_rate"] = rate
