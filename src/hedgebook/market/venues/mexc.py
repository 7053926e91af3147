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
from typing import Any, Collection

from ..parsing import FieldReader, records
from ..table import KIND_PERP, SETTLE_INVERSE, SETTLE_LINEAR, fill_derived, make_row
from ..transport import VenueClient, VenueError
from .base import Venue, VenueResult, fetch_per_symbol, wanted

ENABLED_STATE = 0


def checked(payload: Any, source: str) -> Any:
    """``payload["data"]``, or a VenueError when ``success`` is false or ``code`` ≠ 0."""
    if not isinstance(payload, dict):
        raise VenueError(f"unexpected answer from {source}")
    if payload.get("success") is False or str(payload.get("code", 0)) != "0":
        message = payload.get("message") or payload.get("msg") or ""
        raise VenueError(f"error {payload.get('code')} from {source}: {message}".strip())
    return payload.get("data")


class Mexc(Venue):
    key = "mexc"
    default_url = "https://contract.mexc.com"

    def fetch(self, client: VenueClient, assets: Collection[str] | None) -> VenueResult:
        reader = FieldReader(self.key)
        details, tickers = client.gather(
            [
                lambda: checked(client.get_json("/api/v1/contract/detail", cached=True), "contract/detail"),
                lambda: checked(client.get_json("/api/v1/contract/ticker"), "contract/ticker"),
            ]
        )
        ticker_by_symbol = {reader.text(t, "symbol", "contract/ticker"): t for t in records({"data": tickers}, "contract/ticker", "data")}
        rows = []
        for detail in records({"data": details}, "contract/detail", "data"):
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
            mark = reader.number(ticker, "fairPrice", "contract/ticker")
            rows.append(
                make_row(
                    self.key,
                    symbol,
                    base,
                    reader.text(detail, "quoteCoin", "contract/detail"),
                    KIND_PERP,
                    SETTLE_INVERSE if inverse else SETTLE_LINEAR,
                    last_price=reader.number(ticker, "lastPrice", "contract/ticker"),
                    mark_price=mark,
                    index_price=reader.number(ticker, "indexPrice", "contract/ticker"),
                    funding_rate=reader.number(ticker, "fundingRate", "contract/ticker"),
                    open_interest_usd=contracts_open * contract_size if inverse else math.nan,
                    open_interest=math.nan if inverse else contracts_open * contract_size,
                    contract_size=contract_size,
                    lot_size=reader.number(detail, "volUnit", "contract/detail"),
                    updated_at=reader.time(ticker, "timestamp", "contract/ticker"),
                )
            )
        notes = []
        if assets is None and rows:
            notes.append(
                "mexc: funding interval and next funding time are served per symbol; name the assets to get them"
            )
        elif rows:
            notes = self._add_funding_schedule(client, reader, rows)
        return VenueResult(rows, reader.warnings() + notes)

    def _add_funding_schedule(self, client: VenueClient, reader: FieldReader, rows: list[dict]) -> list[str]:
        answers, failures = fetch_per_symbol(
            client,
            [row["symbol"] for row in rows],
            lambda symbol: checked(client.get_json(f"/api/v1/contract/funding_rate/{symbol}"), "funding_rate"),
            "funding interval",
        )
        for row, answer in zip(rows, answers):
            if not answer:
                continue
            row["funding_interval_h"] = reader.number(answer, "collectCycle", "funding_rate")
            row["next_funding_time"] = reader.time(answer, "nextSettleTime", "funding_rate")
            rate = reader.number(answer, "fundingRate", "funding_rate")
            if not math.isnan(rate):
                row["funding_rate"] = rate
            fill_derived(row)
        return failures
