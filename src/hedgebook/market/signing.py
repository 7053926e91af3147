"""Signing a private (account) request exactly as each venue documents it; pure: no clock, no network.

Every signature here is an HMAC-SHA256 keyed with the account's API secret.  The secret and the signature are
never logged, stored or shown: they exist only in the request that carries them.

- Binance (USDⓈ-M and COIN-M alike): the hex HMAC of the whole query string, sent as its last parameter
  ``signature``; the key in the ``X-MBX-APIKEY`` header.
- Bybit v5: the hex HMAC of ``timestamp + key + recvWindow + query``, in ``X-BAPI-SIGN``, beside
  ``X-BAPI-API-KEY``, ``X-BAPI-TIMESTAMP`` (ms) and ``X-BAPI-RECV-WINDOW`` (ms).
- OKX v5: the base64 HMAC of ``timestamp + method + path with query + body``, in ``OK-ACCESS-SIGN``, beside
  ``OK-ACCESS-KEY``, ``OK-ACCESS-PASSPHRASE`` and ``OK-ACCESS-TIMESTAMP`` (ISO 8601 UTC, milliseconds).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from urllib.parse import urlencode

RECV_WINDOW_MS = 5_000
"""How long a signed request stays valid at the venue, ms (Binance's and Bybit's documented default)."""


def _hmac(secret: str, message: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()


def binance_signature(query: str, secret: str) -> str:
    """Binance's ``signature``: the hex HMAC-SHA256 of the whole query string (without ``?``)."""
    return _hmac(secret, query).hex()


def bybit_signature(timestamp_ms: int, api_key: str, recv_window_ms: int, query: str, secret: str) -> str:
    """Bybit v5's ``X-BAPI-SIGN``: the hex HMAC-SHA256 of timestamp + key + recvWindow + query (GET)."""
    return _hmac(secret, f"{timestamp_ms}{api_key}{recv_window_ms}{query}").hex()


def okx_timestamp(instant: dt.datetime) -> str:
    """OKX's ``OK-ACCESS-TIMESTAMP``: ISO 8601 in UTC with milliseconds, e.g. ``2020-12-08T09:08:57.715Z``."""
    utc = instant.astimezone(dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def okx_signature(timestamp: str, method: str, path_with_query: str, body: str, secret: str) -> str:
    """OKX v5's ``OK-ACCESS-SIGN``: the base64 HMAC-SHA256 of timestamp + method + path with query + body."""
    return base64.b64encode(_hmac(secret, f"{timestamp}{method.upper()}{path_with_query}{body}")).decode("ascii")


def binance_signed(params: dict, api_key: str, secret: str, timestamp_ms: int) -> tuple[str, dict[str, str]]:
    """The query string of a signed Binance GET (``recvWindow``, ``timestamp``, then ``signature``) and its
    headers."""
    query = urlencode({**params, "recvWindow": RECV_WINDOW_MS, "timestamp": timestamp_ms})
    return f"{query}&signature={binance_signature(query, secret)}", {"X-MBX-APIKEY": api_key}


def bybit_signed(params: dict, api_key: str, secret: str, timestamp_ms: int) -> tuple[str, dict[str, str]]:
    """The query string of a signed Bybit v5 GET and its headers."""
    query = urlencode(params)
    return query, {"X-BAPI-API-KEY": api_key, "X-BAPI-TIMESTAMP": str(timestamp_ms),
                   "X-BAPI-RECV-WINDOW": str(RECV_WINDOW_MS),
                   "X-BAPI-SIGN": bybit_signature(timestamp_ms, api_key, RECV_WINDOW_MS, query, secret)}


def okx_signed(path: str, params: dict, api_key: str, secret: str, passphrase: str,
               instant: dt.datetime) -> tuple[str, dict[str, str]]:
    """The query string of a signed OKX v5 GET on ``path`` (``/api/v5/...``) and its headers."""
    query = urlencode(params)
    stamp = okx_timestamp(instant)
    signed_path = f"{path}?{query}" if query else path
    return query, {"OK-ACCESS-KEY": api_key, "OK-ACCESS-PASSPHRASE": passphrase, "OK-ACCESS-TIMESTAMP": stamp,
                   "OK-ACCESS-SIGN": okx_signature(stamp, "GET", signed_path, "", secret)}
