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
from typing import Any, Collection

from ..parsing import FieldReader, records, to_float
from ..table import KIND_PERP, SETTLE_LINEAR, fill_derived, make_row
from ..transport import VenueClient, VenueError, now_ms
from .base import Venue, VenueResult, fetch_per_symbol, wanted

TRADING_STATUS = 1


def checked(payload: Any, source: str) -> Any:
    """``payload["data"]``, or a VenueError when ``code`` is not 0."""
    if not isinstance(payload, dict):
        raise VenueError(f"unexpected answer from {source}")
    if str(payload.get("code")) != "0":
        raise VenueError(f"error {payload.get('code')} from {source}: {payload.get('msg', '')}".strip())
    return payload.get("data")


class Bingx(Venue):
    key = "bingx"
    default_url = "https://open-api.bingx.com"
    ignored_cache_parameters = ("timestamp",)

    def _get(self, client: VenueClient, path: str, source: str, params: dict | None = None, *, cached=False):
        query = {**(params or {}), "timestamp": now_ms()}
        return checked(client.get_json(f"/openApi/swap/v2/quote/{path}", query, cached=cached), source)

    def fetch(self, client: VenueClient, assets: Collection[str] | None) -> VenueResult:
        reader = FieldReader(self.key)
        contracts, premium, tickers = client.gather(
            [
                lambda: self._get(client, "contracts", "contracts", cached=True),
                lambda: self._get(client, "premiumIndex", "premiumIndex"),
                lambda: self._get(client, "ticker", "ticker"),
            ]
        )
        premium_by_symbol = {reader.text(r, "symbol", "premiumIndex"): r for r in records({"data": premium}, "premiumIndex", "data")}
        last_by_symbol = {
            reader.text(r, "symbol", "ticker"): reader.number(r, "lastPrice", "ticker") for r in records({"data": tickers}, "ticker", "data")
        }
        rows = []
        for contract in records({"data": contracts}, "contracts", "data"):
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
                    updated_at=reader.time(mark, "updateTime", "premiumIndex"),
                )
            )
        failures = []
        if assets is not None and rows:
            answers, failures = fetch_per_symbol(
                client,
                [row["symbol"] for row in rows],
                lambda symbol: self._get(client, "openInterest", "openInterest", {"symbol": symbol}),
                "open interest",
            )
            for row, answer in zip(rows, answers):
                if answer:
                    row["open_interest_usd"] = reader.number(answer, "openInterest", "openInterest")  # USDT value
                    fill_derived(row)
        return VenueResult(rows, reader.warnings() + failures)
