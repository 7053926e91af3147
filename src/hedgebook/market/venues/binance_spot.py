"""Binance spot: last prices of the USDT pairs.

One bulk request (``/api/v3/ticker/price``, all symbols); when assets are
named, one cached ``exchangeInfo`` request for just those pairs gives the lot
size.  The spot price is the reference for basis and for valuing holdings.
"""

from __future__ import annotations

import json
from typing import Collection

from ..parsing import FieldReader, records
from ..table import KIND_SPOT, make_row
from ..transport import VenueClient, VenueError
from ._binance_futures import lot_step
from .base import Venue, VenueResult, wanted

QUOTE = "USDT"


class BinanceSpot(Venue):
    key = "binance_spot"
    default_url = "https://api.binance.com"

    def fetch(self, client: VenueClient, assets: Collection[str] | None) -> VenueResult:
        reader = FieldReader(self.key)
        rows = []
        for ticker in records(client.get_json("/api/v3/ticker/price"), "ticker/price"):
            symbol = reader.text(ticker, "symbol", "ticker/price")
            base = symbol[: -len(QUOTE)]
            if not symbol.endswith(QUOTE) or not base or not wanted(base, assets):
                continue
            rows.append(
                make_row(self.key, symbol, base, QUOTE, KIND_SPOT, last_price=reader.number(ticker, "price", "ticker/price"))
            )
        failures = []
        if assets is not None and rows:
            symbols = json.dumps([row["symbol"] for row in rows], separators=(",", ":"))
            try:
                info = client.get_json("/api/v3/exchangeInfo", {"symbols": symbols}, cached=True)
                steps = {item.get("symbol"): lot_step(item) for item in records(info, "exchangeInfo", "symbols")}
            except VenueError as error:  # lot sizes are secondary: keep the prices
                steps, failures = {}, [f"{self.key}: lot sizes missing ({error})"]
            for row in rows:
                row["lot_size"] = steps.get(row["symbol"], float("nan"))
        return VenueResult(rows, reader.warnings() + failures)
