"""OKX v5: perpetual swaps (SWAP) and dated futures (FUTURES), linear and inverse.

All requests are bulk and independent, sent in parallel: ``public/instruments``
(cached; ctType, ctVal, ctMult, lotSz, expTime), ``market/tickers``,
``public/mark-price`` and ``public/open-interest`` per instrument type,
``public/funding-rate?instId=ANY`` for every swap (interval = nextFundingTime
− fundingTime), and ``market/index-tickers`` per quote currency.  Errors come
as HTTP 200 with ``code`` ≠ "0".
"""

from __future__ import annotations

import math
from typing import Any, Collection

from ..parsing import FieldReader, records, to_float
from ..table import KIND_DATED, KIND_PERP, SETTLE_INVERSE, SETTLE_LINEAR, make_row
from ..transport import VenueClient, VenueError
from .base import Venue, VenueResult, wanted

INSTRUMENT_TYPES = {"SWAP": KIND_PERP, "FUTURES": KIND_DATED}
INDEX_QUOTES = ("USD", "USDT", "USDC")
MS_PER_HOUR = 3_600_000.0


def checked(payload: Any, source: str) -> list:
    """``payload["data"]``, or a VenueError when ``code`` is not "0"."""
    if not isinstance(payload, dict):
        raise VenueError(f"unexpected answer from {source}")
    if str(payload.get("code")) != "0":
        raise VenueError(f"error {payload.get('code')} from {source}: {payload.get('msg', '')}".strip())
    return records(payload, source, "data")


class Okx(Venue):
    key = "okx"
    default_url = "https://www.okx.com"

    def fetch(self, client: VenueClient, assets: Collection[str] | None) -> VenueResult:
        reader = FieldReader(self.key)
        types = list(INSTRUMENT_TYPES)

        def get(path: str, params: dict, *, cached: bool = False):
            return lambda: checked(client.get_json(path, params, cached=cached), path.rsplit("/", 1)[-1])

        calls = []
        for inst_type in types:
            calls += [
                get("/api/v5/public/instruments", {"instType": inst_type}, cached=True),
                get("/api/v5/market/tickers", {"instType": inst_type}),
                get("/api/v5/public/mark-price", {"instType": inst_type}),
                get("/api/v5/public/open-interest", {"instType": inst_type}),
            ]
        calls.append(get("/api/v5/public/funding-rate", {"instId": "ANY"}))
        calls += [get("/api/v5/market/index-tickers", {"quoteCcy": quote}) for quote in INDEX_QUOTES]
        answers = client.gather(calls)

        by_type = {t: answers[4 * i : 4 * i + 4] for i, t in enumerate(types)}
        funding = {reader.text(r, "instId", "funding-rate"): r for r in answers[4 * len(types)]}
        index = {}
        for quote_answer in answers[4 * len(types) + 1 :]:
            index.update({reader.text(r, "instId", "index-tickers"): reader.number(r, "idxPx", "index-tickers") for r in quote_answer})

        rows = []
        for inst_type, (instruments, tickers, marks, interests) in by_type.items():
            kind = INSTRUMENT_TYPES[inst_type]
            ticker_by_id = {reader.text(r, "instId", "tickers"): r for r in tickers}
            mark_by_id = {reader.text(r, "instId", "mark-price"): r for r in marks}
            oi_by_id = {reader.text(r, "instId", "open-interest"): r for r in interests}
            for instrument in instruments:
                if instrument.get("state") != "live":
                    continue
                family = reader.text(instrument, "instFamily", "instruments") or instrument.get("uly", "")
                base, _, quote = family.partition("-")
                if not base or not wanted(base, assets):
                    continue
                inst_id = reader.text(instrument, "instId", "instruments")
                settle = SETTLE_INVERSE if instrument.get("ctType") == "inverse" else SETTLE_LINEAR
                multiplier = to_float(instrument.get("ctMult"))
                contract_value = reader.number(instrument, "ctVal", "instruments") * (
                    multiplier if multiplier > 0 else 1.0
                )
                ticker = ticker_by_id.get(inst_id)
                oi = oi_by_id.get(inst_id)
                rate_record = funding.get(inst_id) if kind == KIND_PERP else None
                rows.append(
                    make_row(
                        self.key,
                        inst_id,
                        base,
                        quote,
                        kind,
                        settle,
                        expiry=reader.time(instrument, "expTime", "instruments") if kind == KIND_DATED else None,
                        last_price=reader.number(ticker, "last", "tickers"),
                        mark_price=reader.number(mark_by_id.get(inst_id), "markPx", "mark-price"),
                        index_price=index.get(family, math.nan),
                        funding_rate=reader.number(rate_record, "fundingRate", "funding-rate") if rate_record else math.nan,
                        funding_interval_h=funding_interval_hours(rate_record) if rate_record else math.nan,
                        next_funding_time=reader.time(rate_record, "fundingTime", "funding-rate") if rate_record else None,
                        open_interest=reader.number(oi, "oiCcy", "open-interest"),
                        open_interest_usd=reader.number(oi, "oiUsd", "open-interest"),
                        contract_size=contract_value,
                        lot_size=reader.number(instrument, "lotSz", "instruments"),
                        updated_at=reader.time(ticker, "ts", "tickers"),
                    )
                )
        return VenueResult(rows, reader.warnings())


def funding_interval_hours(record: dict) -> float:
    """Hours between the current and the next funding settlement (OKX intervals vary by swap)."""
    current, following = to_float(record.get("fundingTime")), to_float(record.get("nextFundingTime"))
    if math.isnan(current) or math.isnan(following) or following <= current:
        return math.nan
    return (following - current) / MS_PER_HOUR
