"""Binance spot: last prices of the USDT pairs.

One bulk request (``/api/v3/ticker/price``, all symbols); when assets are
named, one cached ``exchangeInfo`` request for just those pairs gives the lot
size (a failure there costs only the lot sizes).  The spot price is the
reference for basis and for valuing holdings.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from ...core.time_units import MS_PER_DAY
from ..history_query import HistoryQuery, read_records
from ..history_store import CLOSE
from ..parsing import FieldReader, records
from ..request import Request, at
from ..table import KIND_SPOT, make_row
from ._binance_futures import filter_value, lot_step, min_notional
from .base import Assets, Enrichment, Row, Venue, VenueResult, wanted

QUOTE = "USDT"
KLINES_PAGE = 1000


class BinanceSpot(Venue):
    key = "binance_spot"
    spot_source_rank = 0
    spot_history = True
    default_url = "https://api.binance.com"

    def requests(self, assets: Assets) -> dict[str, Request]:
        return {"ticker/price": Request("/api/v3/ticker/price", source="ticker/price")}

    def parse(self, answers: Mapping[str, Any], assets: Assets) -> VenueResult:
        reader = FieldReader(self.key)
        rows = []
        for ticker in records(answers["ticker/price"], "ticker/price"):
            symbol = reader.text(ticker, "symbol", "ticker/price")
            base = symbol[: -len(QUOTE)]
            if not symbol.endswith(QUOTE) or not base or not wanted(base, assets):
                continue
            rows.append(make_row(self.key, symbol, base, QUOTE, KIND_SPOT,
                                 last_price=reader.number(ticker, "price", "ticker/price")))
        return VenueResult(rows, reader.warnings())

    def enrichments(self, rows: list[Row], assets: Assets) -> list[Enrichment]:
        if assets is None:
            return []
        symbols = json.dumps([row["symbol"] for row in rows], separators=(",", ":"))

        def apply(answers: Mapping[str, Any]) -> list[str]:
            if "exchangeInfo" in answers:
                listing = records(answers["exchangeInfo"], "exchangeInfo", "symbols")
                specs = {item.get("symbol"): item for item in listing if isinstance(item, dict)}
                for row in rows:
                    spec = specs.get(row["symbol"])
                    if spec is not None:
                        row["lot_size"] = lot_step(spec)
                        row["min_qty"] = filter_value(spec, "LOT_SIZE", "minQty")
                        row["min_notional"] = min_notional(spec)
            return []

        request = Request("/api/v3/exchangeInfo", {"symbols": symbols}, cached=True, listing=at("symbols"))
        return [Enrichment("lot sizes", {"exchangeInfo": request}, apply, per_symbol=False)]

    def history(self, field: str, row: Mapping[str, Any]) -> HistoryQuery | None:
        """Daily closes (``klines``, oldest first)."""
        if field != CLOSE:
            return None
        symbol = row["symbol"]
        return HistoryQuery(read_records("klines", 0, 4), KLINES_PAGE, MS_PER_DAY,
                            window=lambda start, end: Request("/api/v3/klines", {
                                "symbol": symbol, "interval": "1d", "startTime": start, "endTime": end,
                                "limit": KLINES_PAGE}))
