"""Binance futures (USDⓈ-M and COIN-M share one API shape).

Bulk requests, in parallel: ``exchangeInfo`` (cached: contract type, delivery
date, lot size, contract size), ``premiumIndex`` (mark, index, funding rate,
next funding time, all symbols), ``fundingInfo`` (intervals of the symbols
whose interval is not the default 8 h), ``ticker/price`` (last prices).
Open interest is served per symbol only: one request per instrument of the
assets asked for, none when all assets are asked for.
"""

from __future__ import annotations

from typing import Collection

from ...core.constants import DEFAULT_FUNDING_INTERVAL_H
from ..parsing import FieldReader, records, to_float
from ..table import KIND_DATED, KIND_PERP, SETTLE_INVERSE, fill_derived, make_row
from ..transport import VenueClient
from .base import Venue, VenueResult, fetch_per_symbol, wanted

DATED_CONTRACT_TYPES = frozenset({"CURRENT_QUARTER", "NEXT_QUARTER", "CURRENT_MONTH", "NEXT_MONTH"})
TRADING = "TRADING"


def lot_step(instrument: dict) -> float:
    """``stepSize`` of the LOT_SIZE filter, in contracts (USDⓈ-M: coins)."""
    for item in instrument.get("filters") or ():
        if isinstance(item, dict) and item.get("filterType") == "LOT_SIZE":
            return to_float(item.get("stepSize"))
    return float("nan")


class BinanceFutures(Venue):
    """Shared reader; subclasses fix the API prefix and settlement."""

    api_prefix: str
    settle: str
    status_field: str

    def fetch(self, client: VenueClient, assets: Collection[str] | None) -> VenueResult:
        reader = FieldReader(self.key)
        p = self.api_prefix
        info, premium, funding_info, prices = client.gather(
            [
                lambda: client.get_json(f"{p}/exchangeInfo", cached=True),
                lambda: client.get_json(f"{p}/premiumIndex"),
                lambda: client.get_json(f"{p}/fundingInfo"),
                lambda: client.get_json(f"{p}/ticker/price"),
            ]
        )
        premium_by_symbol = {reader.text(r, "symbol", "premiumIndex"): r for r in records(premium, "premiumIndex")}
        interval_by_symbol = {
            reader.text(r, "symbol", "fundingInfo"): reader.number(r, "fundingIntervalHours", "fundingInfo")
            for r in records(funding_info, "fundingInfo")
        }
        price_by_symbol = {reader.text(r, "symbol", "ticker/price"): reader.number(r, "price", "ticker/price") for r in records(prices, "ticker/price")}
        inverse = self.settle == SETTLE_INVERSE

        rows = []
        for instrument in records(info, "exchangeInfo", "symbols"):
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
            rate = reader.number(mark, "lastFundingRate", "premiumIndex") if is_perp else float("nan")
            rows.append(
                make_row(
                    self.key,
                    symbol,
                    base,
                    reader.text(instrument, "quoteAsset", "exchangeInfo"),
                    kind,
                    self.settle,
                    expiry=None if is_perp else reader.time(instrument, "deliveryDate", "exchangeInfo"),
                    last_price=price_by_symbol.get(symbol, float("nan")),
                    mark_price=reader.number(mark, "markPrice", "premiumIndex"),
                    index_price=reader.number(mark, "indexPrice", "premiumIndex"),
                    funding_rate=rate,
                    funding_interval_h=(
                        interval_by_symbol.get(symbol, DEFAULT_FUNDING_INTERVAL_H) if is_perp else float("nan")
                    ),
                    next_funding_time=reader.time(mark, "nextFundingTime", "premiumIndex") if is_perp else None,
                    contract_size=reader.number(instrument, "contractSize", "exchangeInfo") if inverse else 1.0,
                    lot_size=lot_step(instrument),
                    updated_at=reader.time(mark, "time", "premiumIndex"),
                )
            )
        failures = self._add_open_interest(client, reader, rows) if assets is not None and rows else []
        return VenueResult(rows, reader.warnings() + failures)

    def _add_open_interest(self, client: VenueClient, reader: FieldReader, rows: list[dict]) -> list[str]:
        answers, failures = fetch_per_symbol(
            client,
            [row["symbol"] for row in rows],
            lambda symbol: client.get_json(f"{self.api_prefix}/openInterest", {"symbol": symbol}),
            "open interest",
        )
        for row, answer in zip(rows, answers):
            if not answer:
                continue
            amount = reader.number(answer, "openInterest", "openInterest")
            if self.settle == SETTLE_INVERSE:
                row["open_interest_usd"] = amount * row["contract_size"]  # contracts of contract_size USD
            else:
                row["open_interest"] = amount  # base coins
            fill_derived(row)
        return failures
