"""Whether a venue refused a signed request, in each form the venues use, and what to tell the user; pure.

- HTTP 401, from any venue: the key is rejected.
- Binance (USDⓈ-M, COIN-M, spot): ``{"code": -2015 | -2014 | -1022, "msg": ...}`` with HTTP 400 or 401 (invalid
  key, IP or permissions; key format; signature); ``-1021`` is a timestamp outside the receive window.
- Bybit v5: HTTP 200 with ``retCode`` 10003 (invalid key), 10004 (signature), 10005 (permission denied),
  10009/10010 (IP), 33004 (expired); 10002 is a timestamp outside the receive window.
- OKX v5: a code from 50100 to 50199 (HTTP 401 or 400): the key, passphrase, signature or permissions; 50102
  and 50112 are the timestamp.

The messages are hedgebook's own: a venue's error may echo the request, and with it the signature.
"""

from __future__ import annotations

from typing import Any

from .errors import VenueClockSkew, VenueKeyRejected

BINANCE_REJECTED = {-2015, -2014, -1022, -2008}
BINANCE_CLOCK = {-1021}
BYBIT_REJECTED = {10003, 10004, 10005, 10009, 10010, 33004}
BYBIT_CLOCK = {10002}
OKX_CLOCK = {50102, 50112}
OKX_KEY_CODES = range(50100, 50200)


def refusal(venue: str, status: int, body: Any) -> str | None:
    """``"rejected"`` when ``venue`` refused the key, ``"clock"`` when it refused the request's time, else None."""
    code = error_code(body)
    if venue.startswith("binance"):
        if code in BINANCE_CLOCK:
            return "clock"
        if code in BINANCE_REJECTED:
            return "rejected"
    elif venue == "bybit":
        if code in BYBIT_CLOCK:
            return "clock"
        if code in BYBIT_REJECTED:
            return "rejected"
    elif venue == "okx":
        if code in OKX_CLOCK:
            return "clock"
        if code in OKX_KEY_CODES:
            return "rejected"
    return "rejected" if status == 401 else None


def raise_if_refused(venue: str, status: int, body: Any, offset_ms: float | None = None) -> None:
    """Raise :class:`VenueKeyRejected` or :class:`VenueClockSkew` (saying by how much, when the venue's time is
    known: ``offset_ms`` = this computer's clock − the venue's) when ``venue`` refused the request."""
    kind = refusal(venue, status, body)
    if kind == "rejected":
        raise VenueKeyRejected(f"{venue}: key rejected (check the key, its secret{passphrase(venue)} and the IP "
                               "addresses it allows)")
    if kind == "clock":
        raise VenueClockSkew(clock_message(venue, offset_ms))


def clock_message(venue: str, offset_ms: float | None) -> str:
    """One line: this computer's clock is off against ``venue``'s, and by how much when known."""
    if offset_ms is None:
        return f"{venue}: the request's time was refused: this computer's clock is off; set it to the right time"
    ahead = "ahead of" if offset_ms > 0 else "behind"
    return (f"{venue}: this computer's clock is {abs(offset_ms) / 1000:.1f} s {ahead} the venue's; set it to the "
            "right time (automatically, from the internet)")


def passphrase(venue: str) -> str:
    return ", its passphrase" if venue == "okx" else ""


def error_code(body: Any) -> int | None:
    """The venue's error code in a body: Binance's ``code``, Bybit's ``retCode``, OKX's ``code`` (text); None for
    none, or 0 (success)."""
    if not isinstance(body, dict):
        return None
    for field in ("retCode", "code"):
        value = body.get(field)
        if value in (None, ""):
            continue
        try:
            return int(value) or None  # 0: no error
        except (TypeError, ValueError):
            continue
    return None


def server_time_ms(venue: str, body: Any) -> float | None:
    """The venue's clock in its time answer, ms since the epoch: Binance's ``serverTime``, Bybit v5's ``time``,
    OKX's ``data[0].ts``; None when the answer does not say."""
    try:
        if venue.startswith("binance"):
            return float(body["serverTime"])
        if venue == "bybit":
            return float(body["time"])
        if venue == "okx":
            return float(body["data"][0]["ts"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return None


SERVER_TIME_PATHS = {"binance": "/fapi/v1/time", "binance_coinm": "/dapi/v1/time", "bybit": "/v5/market/time",
                     "okx": "/api/v5/public/time"}
"""Where each venue tells its time (public: no key)."""
