"""Deribit: BTC and ETH inverse perpetuals and dated futures.

Per currency, in parallel: ``public/get_book_summary_by_currency?kind=future``
(mark, last, index as ``estimated_delivery_price``, ``funding_8h``, open
interest in USD) and ``public/get_instruments?kind=future`` (cached; contract
size in USD, expiry, minimum amount).  Deribit accrues funding continuously
and quotes ``funding_8h`` as an 8-hour rate, so the interval is 8 h and the
next funding time is left blank.  Errors come as a JSON-RPC ``error`` object.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from ...core.time_units import MS_PER_DAY, MS_PER_HOUR
from ..envelope import Envelope
from ..history_query import HistoryQuery, read_columns, read_records
from ..history_store import CLOSE, FUNDING
from ..parsing import FieldReader, records
from ..request import Request, at
from ..table import KIND_DATED, KIND_PERP, SETTLE_INVERSE, SETTLE_LINEAR, make_row
from .base import Assets, Venue, VenueResult, wanted

ENVELOPE = Envelope(error="error", data="result")
CURRENCIES = ("BTC", "ETH")
FUNDING_8H_INTERVAL_H = 8.0
SUMMARY = "get_book_summary_by_currency"
INSTRUMENTS = "get_instruments"
FUNDING_PAGE = 720
"""Hourly funding records asked per answer (30 days)."""
CHART_PAGE = 1000


class Deribit(Venue):
    key = "deribit"
    default_url = "https://www.deribit.com"

    def requests(self, assets: Assets) -> dict[str, Request]:
        asked = {}
        for currency in (c for c in CURRENCIES if wanted(c, assets)):
            params = {"currency": currency, "kind": "future"}
            asked[f"{SUMMARY}/{currency}"] = Request(f"/api/v2/public/{SUMMARY}", params, envelope=ENVELOPE)
            asked[f"{INSTRUMENTS}/{currency}"] = Request(f"/api/v2/public/{INSTRUMENTS}", params, cached=True,
                                                         envelope=ENVELOPE, listing=at())
        return asked

    def parse(self, answers: Mapping[str, Any], assets: Assets) -> VenueResult:
        reader = FieldReader(self.key)
        rows = []
        for currency in (c for c in CURRENCIES if wanted(c, assets)):
            summaries = reader.index(records(answers[f"{SUMMARY}/{currency}"], SUMMARY), "instrument_name", SUMMARY)
            for instrument in records(answers[f"{INSTRUMENTS}/{currency}"], INSTRUMENTS):
                if instrument.get("is_active") is not False:
                    rows.append(self._row(reader, instrument, summaries))
        return VenueResult(rows, reader.warnings())

    def _row(self, reader: FieldReader, instrument: dict, summaries: dict[str, dict]) -> dict:
        name = reader.text(instrument, "instrument_name", INSTRUMENTS)
        is_perp = instrument.get("settlement_period") == "perpetual"
        inverse = instrument.get("future_type", "reversed") == "reversed"
        summary = summaries.get(name)
        contract_size = reader.number(instrument, "contract_size", INSTRUMENTS)
        min_amount = reader.number(instrument, "min_trade_amount", INSTRUMENTS)
        open_interest = reader.number(summary, "open_interest", SUMMARY)
        return make_row(
            self.key,
            name,
            reader.text(instrument, "base_currency", INSTRUMENTS),
            reader.text(instrument, "quote_currency", INSTRUMENTS) or "USD",
            KIND_PERP if is_perp else KIND_DATED,
            SETTLE_INVERSE if inverse else SETTLE_LINEAR,
            expiry=None if is_perp else reader.time(instrument, "expiration_timestamp", INSTRUMENTS),
            last_price=reader.number(summary, "last", SUMMARY),
            mark_price=reader.number(summary, "mark_price", SUMMARY),
            index_price=reader.number(summary, "estimated_delivery_price", SUMMARY),
            funding_rate=reader.number(summary, "funding_8h", SUMMARY) if is_perp else math.nan,
            funding_interval_h=FUNDING_8H_INTERVAL_H if is_perp else math.nan,
            # Inverse amounts are in USD: open interest is USD; an order step is min_amount USD.
            open_interest_usd=open_interest if inverse else math.nan,
            open_interest=math.nan if inverse else open_interest,
            contract_size=contract_size,
            lot_size=min_amount / contract_size if contract_size > 0 else math.nan,
            min_qty=min_amount / contract_size if contract_size > 0 else math.nan,
            updated_at=reader.time(summary, "creation_timestamp", SUMMARY),
        )

    def history(self, field: str, row: Mapping[str, Any]) -> HistoryQuery | None:
        """Funding, hour by hour (``get_funding_rate_history``'s ``interest_1h``: the rate over each hour, an
        interval of 1 h), and daily closes (``get_tradingview_chart_data``)."""
        name = row["symbol"]
        if field == FUNDING and row["kind"] == KIND_PERP:
            return HistoryQuery(
                read_records("get_funding_rate_history", "timestamp", "interest_1h", interval_h=1.0),
                FUNDING_PAGE, MS_PER_HOUR,
                window=lambda start, end: Request("/api/v2/public/get_funding_rate_history", {
                    "instrument_name": name, "start_timestamp": start, "end_timestamp": end}, envelope=ENVELOPE))
        if field == CLOSE:
            return HistoryQuery(
                read_columns("get_tradingview_chart_data", "ticks", "close"), CHART_PAGE, MS_PER_DAY,
                window=lambda start, end: Request("/api/v2/public/get_tradingview_chart_data", {
                    "instrument_name": name, "start_timestamp": start, "end_timestamp": end, "resolution": "1D"},
                    envelope=ENVELOPE))
        return None
