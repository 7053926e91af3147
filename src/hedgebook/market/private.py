"""Reading an account with a read-only key: each request signed as its venue documents it, its refusals told
apart (the key, the clock), the key's permissions checked before anything else is read.

The hosts: Binance USDⓈ-M ``fapi``, COIN-M ``dapi``, and its spot host for a key's permissions; Bybit and OKX
one host each.  A client per host is given (tests give clients of a local server).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from .accounts import (
    ACCOUNT_POSITION_PATHS,
    ACCOUNT_WALLET_PATHS,
    WALLET_PARAMS,
    AccountPosition,
    AccountWallet,
    positions_of,
    wallets_of,
)
from .config import MarketConfig
from .errors import VenueBadAnswer, VenueError, VenueErrorCode, VenueKeyTooPowerful
from .funding_paid import DAY_MS, FUNDING_PAID_PATHS, FundingPayment, next_page, payments_of, window_params, windows
from .keys import Credentials
from .permissions import PERMISSION_PATHS, check_permissions, permissions_of
from .rejections import SERVER_TIME_PATHS, error_code, raise_if_refused, refusal, server_time_ms
from .signing import binance_signed, bybit_signed, okx_signed
from .transport import VenueClient, open_client

SPOT_HOST = "binance_spot"
"""The venue key of Binance's spot host (``HEDGEBOOK_URL_BINANCE_SPOT`` moves it, as it moves the spot venue)."""
BUSINESS_CODE_VENUES = ("bybit", "okx")
"""The venues that answer an error with HTTP 200 and a code in the body."""
POSITION_REQUESTS = {"binance": ({},), "binance_coinm": ({},),
                     "bybit": ({"category": "linear", "settleCoin": "USDT", "limit": 200},
                               {"category": "linear", "settleCoin": "USDC", "limit": 200},
                               {"category": "inverse", "limit": 200}),
                     "okx": ({},)}
"""The requests that list every open position of a venue: Bybit asks per category (and a linear one per settle
coin, as it requires); OKX's one answer holds every instrument type (its futures are kept)."""


@dataclass(frozen=True)
class AccountReading:
    """What one venue's account holds: its open positions, its wallets, a warning to print (a trading key allowed),
    the funding settled on its positions over the last days asked, and why that could not be read ("" when it
    was: the positions stand without it)."""

    venue: str
    positions: list[AccountPosition]
    wallets: list[AccountWallet] = field(default_factory=list)
    warning: str | None = None
    funding: list[FundingPayment] = field(default_factory=list)
    funding_error: str = ""


def signed_get(client: VenueClient, credentials: Credentials, path: str, params: Mapping[str, Any] | None = None,
               now: Callable[[], float] = time.time) -> Any:
    """The JSON of a signed GET of ``path`` on ``client``'s venue.

    Raises
    ------
    VenueKeyRejected, VenueClockSkew
        The venue refused the key, or the request's time (said with the offset, read from the venue's time).
    VenueError
        Anything else that went wrong, in one line that never holds the request (it carries the signature).
    """
    venue = credentials.venue
    instant = now()
    if venue.startswith("binance"):
        query, headers = binance_signed(dict(params or {}), credentials.api_key, credentials.secret,
                                        int(instant * 1000))
    elif venue == "bybit":
        query, headers = bybit_signed(dict(params or {}), credentials.api_key, credentials.secret, int(instant * 1000))
    else:
        query, headers = okx_signed(path, dict(params or {}), credentials.api_key, credentials.secret,
                                    credentials.passphrase, dt.datetime.fromtimestamp(instant, dt.timezone.utc))
    status, body = client.get_private(path, query, headers)
    kind = refusal(venue, status, body)
    if kind:
        raise_if_refused(venue, status, body, _clock_offset_ms(client, venue, now) if kind == "clock" else None)
    if status >= 400 or body is None:
        raise VenueBadAnswer(f"{venue}: HTTP {status}{'' if body is not None else ', not JSON'} on {path}")
    code = _business_code(venue, body)
    if code:
        raise VenueErrorCode(f"{venue}: error code {code} on {path}", code)
    return body


FUNDING_DAYS = 90
"""Days of funding settlements read with an account (the longest window Carry shows)."""


def read_account(credentials: Credentials, clients: Mapping[str, VenueClient], allow_trading: bool = False,
                 now: Callable[[], float] = time.time, funding_days: int = FUNDING_DAYS) -> AccountReading:
    """The open positions and wallets of ``credentials``' account, once its key is known to be read-only (or its
    trading allowed). ``clients`` by host: ``""`` the venue's own, ``"spot"`` Binance's spot host."""
    venue = credentials.venue
    host, path = PERMISSION_PATHS[venue]
    warning = check_permissions(permissions_of(venue, signed_get(clients[host], credentials, path, now=now)),
                                allow_trading)
    positions = [position for params in POSITION_REQUESTS[venue] for position in positions_of(
        venue, signed_get(clients[""], credentials, ACCOUNT_POSITION_PATHS[venue], params, now=now))]
    wallets = wallets_of(venue, signed_get(clients[""], credentials, ACCOUNT_WALLET_PATHS[venue],
                                           WALLET_PARAMS[venue], now=now))
    end_ms = int(now() * 1000)
    funding, funding_error = [], ""
    if funding_days > 0:
        try:
            funding = read_funding_paid(credentials, clients[""], end_ms - funding_days * DAY_MS + 1, end_ms, now)
        except VenueKeyTooPowerful:
            raise
        except VenueError as error:
            funding_error = str(error)
    return AccountReading(venue, positions, wallets, warning, funding, funding_error)


MAX_PAGES = 50
"""Pages read for one window at most: an answer that never says it is the last cannot hold the reading forever."""


def read_funding_paid(credentials: Credentials, client: VenueClient, start_ms: int, end_ms: int,
                      now: Callable[[], float] = time.time) -> list[FundingPayment]:
    """The funding settled on the account's own positions from ``start_ms`` to ``end_ms``, every window and page
    of it (:mod:`hedgebook.market.funding_paid`), oldest window first."""
    venue, found = credentials.venue, []
    for first, last in windows(venue, start_ms, end_ms):
        params: dict | None = window_params(venue, first, last)
        for _ in range(MAX_PAGES):
            if params is None:
                break
            body = signed_get(client, credentials, FUNDING_PAID_PATHS[venue], params, now=now)
            found += payments_of(venue, body)
            params = next_page(venue, params, body)
    return found


def account_clients(venue: str, config: MarketConfig) -> dict[str, VenueClient]:
    """The clients that read ``venue``'s account, as ``config`` says (its addresses, timeout, retries, deadline):
    ``""`` the venue's own host, ``"spot"`` Binance's spot host (where a key's permissions are read). No spec cache:
    nothing private is ever kept on disk."""
    from .venues import VENUES

    clients = {"": open_client(venue, VENUES[venue].default_url, config)}
    if venue.startswith("binance"):
        clients["spot"] = open_client(SPOT_HOST, VENUES[SPOT_HOST].default_url, config)
    return clients


def read_accounts(credentials: Sequence[Credentials], config: MarketConfig, allow_trading: bool = False,
                  now: Callable[[], float] = time.time) -> tuple[list[AccountReading], dict[str, VenueError]]:
    """Every account of ``credentials``, read in parallel: the readings (in ``credentials``' order) and, by venue,
    what failed. A key that can move funds (or trade, unless allowed) fails its venue with
    :class:`VenueKeyTooPowerful`; the caller decides what that stops."""
    from concurrent.futures import ThreadPoolExecutor

    def read(item: Credentials) -> AccountReading | VenueError:
        try:
            return read_account(item, account_clients(item.venue, config), allow_trading, now)
        except VenueError as error:
            return error

    with ThreadPoolExecutor(max_workers=max(1, len(credentials))) as pool:
        results = list(pool.map(read, credentials))
    readings = [result for result in results if isinstance(result, AccountReading)]
    failures = {item.venue: result for item, result in zip(credentials, results) if isinstance(result, VenueError)}
    return readings, failures


def _clock_offset_ms(client: VenueClient, venue: str, now: Callable[[], float]) -> float | None:
    """This computer's clock less the venue's, ms; None when the venue's time cannot be read."""
    try:
        venue_ms = server_time_ms(venue, client.get_json(SERVER_TIME_PATHS[venue]))
    except VenueError:
        return None
    return None if venue_ms is None else now() * 1000 - venue_ms


def _business_code(venue: str, body: Any) -> str:
    """Bybit's ``retCode`` or OKX's ``code`` when not 0 (an HTTP 200 that is an error), else ``""``."""
    code = error_code(body) if venue in BUSINESS_CODE_VENUES else None
    return "" if code is None else str(code)
