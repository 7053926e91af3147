"""What an API key may do, as each venue answers when asked, and whether hedgebook may use it; pure.

- Binance: ``GET /sapi/v1/account/apiRestrictions`` on the spot host: ``enableWithdrawals``,
  ``enableInternalTransfer`` and ``permitsUniversalTransfer`` (moving funds), ``enableSpotAndMarginTrading``,
  ``enableFutures``, ``enableMargin``, ``enableVanillaOptions``, ``enablePortfolioMarginTrading`` (trading).
- Bybit v5: ``GET /v5/user/query-api``: ``readOnly`` (1 = read only) and ``permissions``, whose ``Wallet`` list
  holds ``AccountTransfer``, ``SubMemberTransfer`` and ``Withdraw``.
- OKX v5: ``GET /api/v5/account/config``: ``perm``, a comma-separated list of ``read_only``, ``trade`` and
  ``withdraw``.

A key that can withdraw or move funds is refused; one that can trade is refused unless the user allows it
(``--allow-trading-key``), and then said.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import VenueBadAnswer, VenueKeyTooPowerful

PERMISSION_PATHS = {"binance": ("spot", "/sapi/v1/account/apiRestrictions"),
                    "binance_coinm": ("spot", "/sapi/v1/account/apiRestrictions"),
                    "bybit": ("", "/v5/user/query-api"), "okx": ("", "/api/v5/account/config")}
"""Where each venue says what a key may do (Binance's on its spot host, for every Binance key)."""
BINANCE_MOVES = ("enableWithdrawals", "enableInternalTransfer", "permitsUniversalTransfer")
BINANCE_TRADES = ("enableSpotAndMarginTrading", "enableFutures", "enableMargin", "enableVanillaOptions",
                  "enablePortfolioMarginTrading")
BYBIT_MOVES = {"Withdraw", "AccountTransfer", "SubMemberTransfer"}


@dataclass(frozen=True)
class KeyPermissions:
    """What a key may do beyond reading: move funds out (withdraw, transfer), trade; and which grants say so."""

    venue: str
    moves_funds: bool
    trades: bool
    granted: tuple[str, ...] = ()


def permissions_of(venue: str, body: Any) -> KeyPermissions:
    """``venue``'s answer about a key, read.

    Raises
    ------
    VenueBadAnswer
        The answer is not in the documented shape: nothing is assumed about the key.
    """
    try:
        if venue.startswith("binance"):
            moves = [name for name in BINANCE_MOVES if body.get(name) is True]
            trades = [name for name in BINANCE_TRADES if body.get(name) is True]
            if "enableReading" not in body:
                raise KeyError("enableReading")
            return KeyPermissions(venue, bool(moves), bool(trades), tuple(moves + trades))
        if venue == "bybit":
            result = body["result"]
            wallet = set(result.get("permissions", {}).get("Wallet", []))
            moves = sorted(wallet & BYBIT_MOVES)
            read_only = int(result["readOnly"]) == 1
            return KeyPermissions(venue, bool(moves), not read_only, tuple(moves + ([] if read_only else ["write"])))
        if venue == "okx":
            grants = tuple(part.strip() for part in str(body["data"][0]["perm"]).split(",") if part.strip())
            return KeyPermissions(venue, "withdraw" in grants, "trade" in grants, grants)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        raise VenueBadAnswer(f"{venue}: the key's permissions are not in the documented shape ({error!s})") from None
    raise VenueBadAnswer(f"{venue}: hedgebook does not read keys' permissions there")


def check_permissions(permissions: KeyPermissions, allow_trading: bool) -> str | None:
    """None for a read-only key; a warning for a trading key the user allowed.

    Raises
    ------
    VenueKeyTooPowerful
        A key that can withdraw or transfer; or one that can trade, not allowed.
    """
    venue, granted = permissions.venue, ", ".join(permissions.granted)
    if permissions.moves_funds:
        raise VenueKeyTooPowerful(f"{venue}: this key can move funds out ({granted}); hedgebook only reads an "
                                  "account: make a read-only key")
    if permissions.trades:
        if not allow_trading:
            raise VenueKeyTooPowerful(f"{venue}: this key can trade ({granted}); make a read-only key, or give "
                                      "--allow-trading-key to use it anyway")
        return f"{venue}: this key can trade ({granted}); hedgebook only reads with it"
    return None
