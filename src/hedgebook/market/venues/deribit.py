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
from typing import Any, Collection

from ..parsing import FieldReader, records
from ..table import KIND_DATED, KIND_PERP, SETTLE_INVERSE, SETTLE_LINEAR, make_row
from ..transport import VenueClient, VenueError
from .base import Venue, VenueResult, wanted

CURRENCIES = ("BTC", "ETH")
FUNDING_8H_INTERVAL_H = 8.0


def checked(payload: Any, source: str) -> list:
    """JSON-RPC ``result`` list, or a VenueError carrying the ``error`` object's message."""
    if isinstance(payload, dict) and payload.get("error"):
        error = payload["error"]
        message = error.get("message", error) if isinstance(error, dict) else error
        code = f" {error['code']}" if isinstance(error, dict) and "code" in error else ""
        raise VenueError(f"error{code} from {source}: {message}")
    return records(payload, source, "result")


class Deribit(Venue):
    key = "deribit"
    default_url = "https://www.deribit.com"

    def fetch(self, client: VenueClient, assets: Collection[str] | None) -> VenueResult:
        reader = FieldReader(self.key)
        currencies = [c for c in CURRENCIES if wanted(c, assets)]
        calls = []
        for currency in currencies:
            params = {"currency": currency, "kind": "future"}
            calls.append(
                lambda p=params: checked(
                    client.get_json("/api/v2/public/get_book_summary_by_currency", p), "get_book_summary_by_currency"
                )
            )
            calls.append(
                lambda p=params: checked(
                    client.get_json("/api/v2/public/get_instruments", p, cached=True), "get_instruments"
                )
            )
        answers = client.gather(calls)
        rows = []
        for i in range(len(currencies)):
            summaries = {reader.text(s, "instrument_name", "get_book_summary_by_currency"): s for s in answers[2 * i]}
            for instrument in answers[2 * i + 1]:
                if instrument.get("is_active") is False:
                    continue
                name = reader.text(instrument, "instrument_name", "get_instruments")
                base = reader.text(instrument, "base_currency", "get_instruments")
                is_perp = instrument.get("settlement_period") == "perpetual"
                inverse = instrument.get("future_type", "reversed") == "reversed"
                summary = summaries.get(name)
                contract_size = reader.number(instrument, "contract_size", "get_instruments")
                min_amount = reader.number(instrument, "min_trade_amount", "get_instruments")
                open_interest = reader.number(summary, "open_interest", "get_book_summary_by_currency")
                rows.append(
                    make_row(
                        self.key,
                        name,
                        base,
                        reader.text(instrument, "quote_currency", "get_instruments") or "USD",
                        KIND_PERP if is_perp else KIND_DATED,
                        SETTLE_INVERSE if inverse else SETTLE_LINEAR,
                        expiry=None if is_perp else reader.time(instrument, "expiration_timestamp", "get_instruments"),
                        last_price=reader.number(summary, "last", "get_book_summary_by_currency"),
                        mark_price=reader.number(summary, "mark_price", "get_book_summary_by_currency"),
                        index_price=reader.number(summary, "estimated_delivery_price", "get_book_summary_by_currency"),
                        funding_rate=(
                            reader.number(summary, "funding_8h", "get_book_summary_by_currency") if is_perp else math.nan
                        ),
                        funding_interval_h=FUNDING_8H_INTERVAL_H if is_perp else math.nan,
                        # Inverse amounts are in USD: open interest is USD; an order step is min_amount USD.
                        open_interest_usd=open_interest if inverse else math.nan,
                        open_interest=math.nan if inverse else open_interest,
                        contract_size=contract_size,
                        lot_size=min_amount / contract_size if contract_size > 0 else math.nan,
                        updated_at=reader.time(summary, "creation_timestamp", "get_book_summary_by_currency"),
                    )
                )
        return VenueResult(rows, reader.warnings())
