"""Bybit v5: linear and inverse, perpetual and dated.

Bulk requests, in parallel: ``/v5/market/tickers`` per category (prices,
funding, open interest) and ``/v5/market/instruments-info`` per category
(cached; contract type, funding interval in minutes, lot step, delivery
time; paginated with ``cursor``).  Errors come as HTTP 200 with ``retCode`` ≠ 0.
"""

from __future__ import annotations

import math
from typing import Any, Collection

from ..parsing import FieldReader, records, to_float
from ..table import KIND_DATED, KIND_PERP, SETTLE_INVERSE, SETTLE_LINEAR, make_row
from ..transport import VenueClient, VenueError
from .base import Venue, VenueResult, wanted

CATEGORIES = ("linear", "inverse")
CONTRACT_TYPES = {
    "LinearPerpetual": (KIND_PERP, SETTLE_LINEAR),
    "LinearFutures": (KIND_DATED, SETTLE_LINEAR),
    "InversePerpetual": (KIND_PERP, SETTLE_INVERSE),
    "InverseFutures": (KIND_DATED, SETTLE_INVERSE),
}
INSTRUMENTS_PAGE_LIMIT = 1000
MAX_PAGES = 20
MINUTES_PER_HOUR = 60.0
INVERSE_CONTRACT_USD = 1.0
"""Bybit inverse contracts are 1 USD each."""


def checked(payload: Any, source: str) -> Any:
    """The payload, or a VenueError when ``retCode`` is not 0."""
    if not isinstance(payload, dict):
        raise VenueError(f"unexpected answer from {source}")
    code = payload.get("retCode")
    if str(code) != "0":
        raise VenueError(f"error {code} from {source}: {payload.get('retMsg', '')}".strip())
    return payload


def open_interest_base_and_usd(settle: str, open_interest: float, price: float) -> tuple[float, float]:
    """Bybit's ``openInterest``: linear in base coins, inverse in USD (1-USD contracts)."""
    if settle == SETTLE_INVERSE:
        usd = open_interest * INVERSE_CONTRACT_USD
        return (usd / price if price > 0 else math.nan), usd
    return open_interest, open_interest * price


class Bybit(Venue):
    key = "bybit"
    default_url = "https://api.bybit.com"

    def fetch(self, client: VenueClient, assets: Collection[str] | None) -> VenueResult:
        reader = FieldReader(self.key)
        answers = client.gather(
            [(lambda c=c: checked(client.get_json("/v5/market/tickers", {"category": c}), "tickers")) for c in CATEGORIES]
            + [(lambda c=c: self._instruments(client, c)) for c in CATEGORIES]
        )
        tickers_by_symbol: dict[str, dict] = {}
        updated_at = None
        for payload in answers[: len(CATEGORIES)]:
            updated_at = updated_at or reader.time(payload, "time", "tickers")
            for ticker in records(payload, "tickers", "result", "list"):
                tickers_by_symbol[reader.text(ticker, "symbol", "tickers")] = ticker

        rows = []
        for instruments in answers[len(CATEGORIES) :]:
            for instrument in instruments:
                if instrument.get("status") != "Trading":
                    continue
                kind_settle = CONTRACT_TYPES.get(instrument.get("contractType"))
                base = reader.text(instrument, "baseCoin", "instruments-info")
                if kind_settle is None or not wanted(base, assets):
                    continue
                kind, settle = kind_settle
                symbol = reader.text(instrument, "symbol", "instruments-info")
                ticker = tickers_by_symbol.get(symbol)
                mark = reader.number(ticker, "markPrice", "tickers")
                oi_base, oi_usd = open_interest_base_and_usd(
                    settle, reader.number(ticker, "openInterest", "tickers"), mark
                )
                is_perp = kind == KIND_PERP
                interval_min = reader.number(instrument, "fundingInterval", "instruments-info") if is_perp else math.nan
                rows.append(
                    make_row(
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
                        lot_size=to_float((instrument.get("lotSizeFilter") or {}).get("qtyStep")),
                        updated_at=updated_at,
                    )
                )
        return VenueResult(rows, reader.warnings())

    def _instruments(self, client: VenueClient, category: str) -> list[dict]:
        instruments: list[dict] = []
        cursor = ""
        for _ in range(MAX_PAGES):
            params = {"category": category, "limit": INSTRUMENTS_PAGE_LIMIT}
            if cursor:
                params["cursor"] = cursor
            payload = checked(client.get_json("/v5/market/instruments-info", params, cached=True), "instruments-info")
            instruments.extend(records(payload, "instruments-info", "result", "list"))
            cursor = (payload.get("result") or {}).get("nextPageCursor") or ""
            if not cursor:
                break
        return instruments
