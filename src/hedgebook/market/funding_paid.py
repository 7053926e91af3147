"""The funding settled on an account's own positions, read from each venue's documented answers; pure (issue 24 §5).

Amounts keep the venue's sign, positive = received, negative = paid, in the coin they settled in (USD for a
contract settled in USDT or USDC; the coin for an inverse one):
- Binance USDⓈ-M ``GET /fapi/v1/income?incomeType=FUNDING_FEE`` (COIN-M ``/dapi/v1/income``): ``income`` in
  ``asset``, at ``time``; up to 1 000 records a page, paged by time.
- Bybit v5 ``GET /v5/account/transaction-log?type=SETTLEMENT``: ``funding`` in ``currency`` ("positive means
  receive"), at ``transactionTime``; at most 7 days a request, 50 records a page, paged by ``nextPageCursor``.
- OKX v5 ``GET /api/v5/account/bills-archive?type=8`` (funding fee): ``balChg`` in ``ccy``, at ``ts``; 100 records
  a page, paged to older bills by ``after`` = the last ``billId``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .errors import VenueBadAnswer

FUNDING_PAID_PATHS = {"binance": "/fapi/v1/income", "binance_coinm": "/dapi/v1/income",
                      "bybit": "/v5/account/transaction-log", "okx": "/api/v5/account/bills-archive"}
WINDOW_DAYS = {"binance": 30, "binance_coinm": 30, "bybit": 7, "okx": 90}
"""Days one request may span (Bybit allows 7; Binance's window is kept at 30, well inside what it allows)."""
PAGE_SIZE = {"binance": 1000, "binance_coinm": 1000, "bybit": 50, "okx": 100}
STABLE_COINS = ("USDT", "USDC", "USD", "BUSD", "FDUSD")
"""Settlement coins worth 1 USD for this purpose: their funding is counted in USD."""
DAY_MS = 86_400_000


@dataclass(frozen=True)
class FundingPayment:
    """One funding settlement on your own position.

    Attributes
    ----------
    venue, symbol : str
        The contract, as on Market.
    time_ms : int
        The settlement, ms since the epoch (UTC).
    amount : float
        Positive = received, negative = paid; in ``coin``.
    coin : str
        ``USD`` (settled in a stablecoin) or the coin an inverse contract settles in.
    """

    venue: str
    symbol: str
    time_ms: int
    amount: float
    coin: str


def window_params(venue: str, start_ms: int, end_ms: int) -> dict[str, Any]:
    """The parameters of one request for the settlements from ``start_ms`` to ``end_ms`` (inclusive)."""
    if venue.startswith("binance"):
        return {"incomeType": "FUNDING_FEE", "startTime": start_ms, "endTime": end_ms, "limit": PAGE_SIZE[venue]}
    if venue == "bybit":
        return {"accountType": "UNIFIED", "type": "SETTLEMENT", "startTime": start_ms, "endTime": end_ms,
                "limit": PAGE_SIZE[venue]}
    if venue == "okx":
        return {"type": "8", "begin": start_ms, "end": end_ms, "limit": PAGE_SIZE[venue]}
    raise VenueBadAnswer(f"{venue}: hedgebook does not read accounts there")


def windows(venue: str, start_ms: int, end_ms: int) -> list[tuple[int, int]]:
    """``start_ms``..``end_ms`` cut into the spans one request of ``venue`` may cover, oldest first."""
    span = WINDOW_DAYS[venue] * DAY_MS
    return [(t, min(t + span - 1, end_ms)) for t in range(start_ms, end_ms + 1, span)]


def next_page(venue: str, params: dict[str, Any], body: Any) -> dict[str, Any] | None:
    """The parameters of the page after ``body`` (an answer to ``params``), None when it was the last."""
    try:
        if venue.startswith("binance"):
            if len(body) < params["limit"]:
                return None
            return {**params, "startTime": max(int(row["time"]) for row in body) + 1}
        if venue == "bybit":
            cursor = body["result"].get("nextPageCursor") or ""
            return {**params, "cursor": cursor} if cursor and body["result"]["list"] else None
        if venue == "okx":
            rows = body["data"]
            return {**params, "after": rows[-1]["billId"]} if len(rows) >= params["limit"] else None
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise VenueBadAnswer(f"{venue}: the funding settlements are not in the documented shape ({error!s})") from None
    return None


def payments_of(venue: str, body: Any) -> list[FundingPayment]:
    """The funding settlements in ``venue``'s answer (other records, and amounts of 0, are left out).

    Raises
    ------
    VenueBadAnswer
        The answer is not in the documented shape.
    """
    try:
        if venue.startswith("binance"):
            found = [_payment(venue, row["symbol"], row["time"], row["income"], row["asset"]) for row in body
                     if row.get("incomeType", "FUNDING_FEE") == "FUNDING_FEE"]
        elif venue == "bybit":
            found = [_payment(venue, row["symbol"], row["transactionTime"], row["funding"], row["currency"])
                     for row in body["result"]["list"] if row.get("type") == "SETTLEMENT" and row.get("funding")]
        elif venue == "okx":
            found = [_payment(venue, row["instId"], row["ts"], row["balChg"], row["ccy"]) for row in body["data"]
                     if str(row.get("type")) == "8"]
        else:
            raise VenueBadAnswer(f"{venue}: hedgebook does not read accounts there")
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise VenueBadAnswer(f"{venue}: the funding settlements are not in the documented shape ({error!s})") from None
    return [payment for payment in found if payment.amount]


def _payment(venue: str, symbol: Any, time: Any, amount: Any, coin: Any) -> FundingPayment:
    value = float(amount)
    if not math.isfinite(value):
        raise ValueError(f"{amount!r} is not an amount")
    coin = str(coin).upper()
    return FundingPayment(venue, str(symbol), int(time), value, "USD" if coin in STABLE_COINS else coin)
