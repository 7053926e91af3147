"""OKX v5: perpetual swaps (SWAP) and dated futures (FUTURES), linear and inverse.

All requests are bulk and independent, sent in parallel: ``public/instruments``
(cached; ctType, ctVal, ctMult, lotSz, expTime), ``market/tickers``,
``public/mark-price`` and ``public/open-interest`` per instrument type,
``public/funding-rate?instId=ANY`` for every swap (interval = nextFundingTime
− fundingTime), and ``market/index-tickers`` per quote currency.  When assets
are named, the isolated margin tiers of their swaps (``public/position-tiers``,
one request per instrument family, sizes in contracts; cached with the specs).  Errors come as HTTP
200 with ``code`` ≠ "0".
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from ...core.time_units import MS_PER_DAY, MS_PER_HOUR
from ..envelope import Envelope
from ..history_query import HistoryQuery, funding_spacing_ms, read_records
from ..history_store import CLOSE, FUNDING, OPEN_INTEREST
from ..parsing import FieldReader, records, to_float
from ..ratelimit import RateLimit
from ..request import Request, at
from ..table import KIND_DATED, KIND_PERP, SETTLE_INVERSE, SETTLE_LINEAR, make_row
from ..tiers import UNIT_CONTRACTS, row_tiers
from .base import Assets, Enrichment, Row, Venue, VenueResult, wanted

ENVELOPE = Envelope(code="code", data="data")
INSTRUMENT_TYPES = {"SWAP": KIND_PERP, "FUTURES": KIND_DATED}
PER_TYPE_ENDPOINTS = {
    "instruments": "/api/v5/public/instruments",
    "tickers": "/api/v5/market/tickers",
    "mark-price": "/api/v5/public/mark-price",
    "open-interest": "/api/v5/public/open-interest",
}
SPEC_ENDPOINTS = frozenset({"instruments"})
INDEX_QUOTES = ("USD", "USDT", "USDC")
FUNDING_PAGE = 400
CANDLES_PAGE = 100
OPEN_INTEREST_PAGE = 100
OPEN_INTEREST_PATH = "/api/v5/rubik/stat/contracts/open-interest-history"
"""Trading statistics: ``[ts, oi, oiCcy, oiUsd]`` per period, newest first, the latest 1 440 periods."""


def funding_interval_hours(record: dict) -> float:
    """Hours between the current and the next funding settlement (OKX intervals vary by swap)."""
    current, following = to_float(record.get("fundingTime")), to_float(record.get("nextFundingTime"))
    if math.isnan(current) or math.isnan(following) or following <= current:
        return math.nan
    return (following - current) / MS_PER_HOUR


FAMILY = "_family"
"""A row's instrument family while the venue is read (``BTC-USDT``), for the tier requests; not a column."""


def _with_family(family: str, row: Row) -> Row:
    row[FAMILY] = family
    return row


def _fill_tiers(row: Row, tiers: list, reader: FieldReader) -> None:
    """A swap's isolated tiers: ``maxSz`` contracts (converted to USD at the mark price), ``mmr``, ``maxLever``."""
    row["tiers"], why = row_tiers(
        row, *([reader.number(tier, key, "position-tiers") for tier in tiers] for key in ("maxSz", "mmr", "maxLever")),
        UNIT_CONTRACTS, "okx position-tiers")
    if row["tiers"] is None:
        reader.problem(f"margin tiers of {row['symbol']} not used: {why}")


class Okx(Venue):
    key = "okx"
    default_url = "https://www.okx.com"
    blank_live_answer = []  # the margin tiers per instrument family, named by the instrument lists
    endpoint_limits = {"/api/v5/public/position-tiers": RateLimit(10, 2.0),
                       "/api/v5/public/mark-price": RateLimit(10, 2.0),
                       "/api/v5/public/funding-rate-history": RateLimit(10, 2.0),
                       "/api/v5/market/history-candles": RateLimit(20, 2.0),
                       OPEN_INTEREST_PATH: RateLimit(10, 2.0)}
    """OKX limits each public endpoint by address: 20 requests per 2 s, these two 10.  A first refresh of many
    assets asks the margin tiers of up to 25 instrument families; the others take at most 3 requests."""

    def requests(self, assets: Assets) -> dict[str, Request]:
        asked = {
            f"{name}/{inst_type}": Request(path, {"instType": inst_type}, cached=name in SPEC_ENDPOINTS,
                                           envelope=ENVELOPE, listing=at() if name in SPEC_ENDPOINTS else None,
                                           may_be_empty=inst_type != "SWAP")
            for inst_type in INSTRUMENT_TYPES for name, path in PER_TYPE_ENDPOINTS.items()
        }
        asked["funding-rate"] = Request("/api/v5/public/funding-rate", {"instId": "ANY"}, envelope=ENVELOPE)
        for quote in INDEX_QUOTES:
            asked[f"index-tickers/{quote}"] = Request("/api/v5/market/index-tickers", {"quoteCcy": quote},
                                                      envelope=ENVELOPE)
        return asked

    def parse(self, answers: Mapping[str, Any], assets: Assets) -> VenueResult:
        reader = FieldReader(self.key)

        def by_id(name: str) -> dict[str, dict]:
            source = name.split("/")[0]
            return reader.index(records(answers[name], source), "instId", source)

        funding = by_id("funding-rate")
        index = {}
        for quote in INDEX_QUOTES:
            index.update({inst_id: reader.number(r, "idxPx", "index-tickers")
                          for inst_id, r in by_id(f"index-tickers/{quote}").items()})

        rows = []
        for inst_type, kind in INSTRUMENT_TYPES.items():
            tickers, marks, interests = (by_id(f"{name}/{inst_type}")
                                         for name in ("tickers", "mark-price", "open-interest"))
            for instrument in records(answers[f"instruments/{inst_type}"], "instruments"):
                if instrument.get("state") != "live":
                    continue
                family = reader.text(instrument, "instFamily", "instruments") or instrument.get("uly", "")
                base, _, quote = family.partition("-")
                if not base or not wanted(base, assets):
                    continue
                inst_id = reader.text(instrument, "instId", "instruments")
                multiplier = to_float(instrument.get("ctMult"))
                ticker, oi = tickers.get(inst_id), interests.get(inst_id)
                rate_record = funding.get(inst_id) if kind == KIND_PERP else None
                schedule = rate_record or {}
                rows.append(
                    _with_family(family, make_row(
                        self.key,
                        inst_id,
                        base,
                        quote,
                        kind,
                        SETTLE_INVERSE if instrument.get("ctType") == "inverse" else SETTLE_LINEAR,
                        expiry=reader.time(instrument, "expTime", "instruments") if kind == KIND_DATED else None,
                        last_price=reader.number(ticker, "last", "tickers"),
                        mark_price=reader.number(marks.get(inst_id), "markPx", "mark-price"),
                        index_price=index.get(family, math.nan),
                        funding_rate=reader.number(rate_record, "fundingRate", "funding-rate"),
                        funding_interval_h=funding_interval_hours(schedule),
                        next_funding_time=reader.time(rate_record, "fundingTime", "funding-rate"),
                        open_interest=reader.number(oi, "oiCcy", "open-interest"),
                        open_interest_usd=reader.number(oi, "oiUsd", "open-interest"),
                        contract_size=reader.number(instrument, "ctVal", "instruments") * (
                            multiplier if multiplier > 0 else 1.0),
                        lot_size=reader.number(instrument, "lotSz", "instruments"),
                        min_qty=to_float(instrument.get("minSz")),
                        updated_at=reader.time(ticker, "ts", "tickers"),
                    ))
                )
        return VenueResult(rows, reader.warnings())

    def history(self, field: str, row: Mapping[str, Any]) -> HistoryQuery | None:
        """Settled funding (``funding-rate-history``'s ``realizedRate``, the last three months), daily closes
        (``history-candles``, UTC days) and a perpetual's daily open interest in coins (``open-interest-history``'s
        ``oiCcy``); newest first, windows bounded by exclusive cursors."""
        inst_id = row["symbol"]

        def bounded(start: int, end: int) -> dict:  # OKX's cursors are exclusive: newer than / older than
            return {"instId": inst_id, "before": start - 1, "after": end + 1}

        if field == FUNDING and row["kind"] == KIND_PERP:
            return HistoryQuery(
                read_records("funding-rate-history", "fundingTime", "realizedRate"), FUNDING_PAGE,
                funding_spacing_ms(row), newest_first=True,
                window=lambda start, end: Request("/api/v5/public/funding-rate-history", {
                    **bounded(start, end), "limit": FUNDING_PAGE}, envelope=ENVELOPE))
        if field == CLOSE:
            return HistoryQuery(
                read_records("history-candles", 0, 4), CANDLES_PAGE, MS_PER_DAY, newest_first=True,
                window=lambda start, end: Request("/api/v5/market/history-candles", {
                    **bounded(start, end), "bar": "1Dutc", "limit": CANDLES_PAGE}, envelope=ENVELOPE))
        if field == OPEN_INTEREST and row["kind"] == KIND_PERP:
            return HistoryQuery(
                read_records("open-interest-history", 0, 2), OPEN_INTEREST_PAGE, MS_PER_DAY, newest_first=True,
                window=lambda start, end: Request(OPEN_INTEREST_PATH, {
                    "instId": inst_id, "period": "1Dutc", "begin": start - 1, "end": end + 1,
                    "limit": OPEN_INTEREST_PAGE}, envelope=ENVELOPE, source="open-interest-history"))
        return None

    def enrichments(self, rows: list[Row], assets: Assets) -> list[Enrichment]:
        if assets is None:
            return []
        swaps = {row.pop(FAMILY): row for row in rows if row["kind"] == KIND_PERP and row.get(FAMILY)}
        for row in rows:
            row.pop(FAMILY, None)
        if not swaps:
            return []
        reader = FieldReader(self.key)

        def apply(answers: Mapping[str, Any]) -> list[str]:
            for family, payload in answers.items():
                _fill_tiers(swaps[family], records(payload, "position-tiers"), reader)
            return reader.warnings()

        requests = {family: Request("/api/v5/public/position-tiers",
                                    {"instType": "SWAP", "tdMode": "isolated", "instFamily": family},
                                    cached=True, envelope=ENVELOPE, source="position-tiers", listing=at())
                    for family in swaps}
        return [Enrichment("margin tiers", requests, apply)]
