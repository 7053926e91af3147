"""The open positions a venue reports for an account, read from its documented answers; pure (issue 24).

Contracts stay in the venue's own units, signed (negative = short), as Positions takes them:
- Binance USDⓈ-M ``GET /fapi/v2/positionRisk``: ``positionAmt`` in coins, signed (or with ``positionSide``);
  ``isolatedWallet`` the margin posted (USD), without unrealized P&L.
- Binance COIN-M ``GET /dapi/v1/positionRisk``: ``positionAmt`` in contracts; ``isolatedWallet`` in coins.
- Bybit v5 ``GET /v5/position/list``: ``size`` in coins (linear) or USD contracts (inverse), unsigned, with
  ``side`` Buy/Sell; ``positionBalance`` the margin posted; ``tradeMode`` 1 = isolated.
- OKX v5 ``GET /api/v5/account/positions``: ``pos`` in contracts, signed in net mode or with ``posSide``
  long/short; ``margin`` the isolated margin posted (blank for cross).

The margin posted is kept only for an isolated position (a cross one's is its account's). The venue's own
liquidation price is kept beside, None where it reports none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .errors import VenueBadAnswer

ACCOUNT_POSITION_PATHS = {"binance": "/fapi/v2/positionRisk", "binance_coinm": "/dapi/v1/positionRisk",
                          "bybit": "/v5/position/list", "okx": "/api/v5/account/positions"}
ISOLATED, CROSS = "isolated", "cross"
OKX_FUTURES_TYPES = ("SWAP", "FUTURES")
"""The OKX instrument types that are futures; a margin or option position is not one of Positions'."""


@dataclass(frozen=True)
class AccountPosition:
    """One open position as the venue reports it.

    Attributes
    ----------
    venue, symbol : str
        The venue and the contract, as on Market.
    contracts : float
        Signed, in the venue's own units (negative = short).
    entry_price : float
        USD per coin.
    margin_mode : str
        ``isolated`` or ``cross``.
    margin : float or None
        The margin posted, without unrealized P&L: USD (linear) or coins (inverse); None for cross.
    liquidation_price : float or None
        The venue's own, USD; None where it reports none.
    margin_coin : str or None
        The coin an inverse contract's margin and P&L are in (``BTC``); None for a linear contract (USD).
    """

    venue: str
    symbol: str
    contracts: float
    entry_price: float
    margin_mode: str
    margin: float | None
    liquidation_price: float | None
    margin_coin: str | None = None


def positions_of(venue: str, body: Any) -> list[AccountPosition]:
    """The open positions in ``venue``'s answer (a position of 0 contracts is not open).

    Raises
    ------
    VenueBadAnswer
        The answer is not in the documented shape.
    """
    try:
        if venue.startswith("binance"):
            rows = [_binance(venue, row) for row in body]
        elif venue == "bybit":
            inverse = body["result"].get("category") == "inverse"
            rows = [_bybit(row, inverse) for row in body["result"]["list"]]
        elif venue == "okx":
            rows = [_okx(row) for row in body["data"] if row.get("instType") in OKX_FUTURES_TYPES]
        else:
            raise VenueBadAnswer(f"{venue}: hedgebook does not read accounts there")
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise VenueBadAnswer(f"{venue}: the positions are not in the documented shape ({error!s})") from None
    return [row for row in rows if row.contracts]


def _number(value: Any) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _optional(value: Any) -> float | None:
    """A price the venue may leave blank or 0 (none): None then."""
    if value in (None, ""):
        return None
    number = _number(value)
    return number if number > 0 else None


def _binance(venue: str, row: dict) -> AccountPosition:
    contracts = _number(row["positionAmt"])
    if row.get("positionSide") == "SHORT":  # hedge mode: the short leg's amount may come unsigned
        contracts = -abs(contracts)
    mode = ISOLATED if str(row["marginType"]).lower() == ISOLATED else CROSS
    symbol = str(row["symbol"])
    return AccountPosition(venue, symbol, contracts, _number(row["entryPrice"]), mode,
                           _number(row["isolatedWallet"]) if mode == ISOLATED else None,
                           _optional(row.get("liquidationPrice")),
                           _coin_before_usd(symbol) if venue == "binance_coinm" else None)


def _coin_before_usd(symbol: str) -> str:
    """``BTCUSD_PERP`` / ``BTCUSD`` / ``BTCUSDH25`` → ``BTC``: an inverse contract's coin."""
    coin = symbol.upper().split("USD")[0]
    if not coin:
        raise ValueError(f"symbol {symbol!r} names no coin")
    return coin


def _bybit(row: dict, inverse: bool) -> AccountPosition:
    size = _number(row["size"])
    side = str(row["side"])
    if size and side not in ("Buy", "Sell"):
        raise ValueError(f"side {side!r}")
    mode = ISOLATED if int(row.get("tradeMode", 0)) == 1 else CROSS
    return AccountPosition("bybit", str(row["symbol"]), -size if side == "Sell" else size, _number(row["avgPrice"]),
                           mode, _number(row["positionBalance"]) if mode == ISOLATED else None,
                           _optional(row.get("liqPrice")), _coin_before_usd(str(row["symbol"])) if inverse else None)


def _okx(row: dict) -> AccountPosition:
    contracts = _number(row["pos"])
    side = str(row.get("posSide", "net"))
    if side == "short":
        contracts = -abs(contracts)
    elif side == "long":
        contracts = abs(contracts)
    mode = ISOLATED if str(row["mgnMode"]) == ISOLATED else CROSS
    margin = _number(row["margin"]) if mode == ISOLATED and row.get("margin") not in (None, "") else None
    base, quote = str(row["instId"]).split("-")[:2]
    return AccountPosition("okx", str(row["instId"]), contracts, _number(row["avgPx"]), mode, margin,
                           _optional(row.get("liqPx")), base if quote == "USD" else None)


ACCOUNT_WALLET_PATHS = {"binance": "/fapi/v2/account", "binance_coinm": "/dapi/v1/account",
                        "bybit": "/v5/account/wallet-balance", "okx": "/api/v5/account/balance"}
WALLET_PARAMS = {"binance": {}, "binance_coinm": {}, "bybit": {"accountType": "UNIFIED"}, "okx": {}}
USD = "USD"


@dataclass(frozen=True)
class AccountWallet:
    """A venue's margin wallet for an asset, as the venue reports it, without unrealized P&L.

    ``asset`` is ``USD`` where the venue reports the wallet in USD (Binance USDⓈ-M's USDT-margined wallet, Bybit's
    and OKX's account totals); a coin for COIN-M (its cross wallet in that coin). Isolated margins are not taken out
    here: see :func:`hedgebook.app.accounts.cross_collateral`."""

    venue: str
    asset: str
    amount: float


def wallets_of(venue: str, body: Any) -> list[AccountWallet]:
    """The wallets in ``venue``'s answer, cash without unrealized P&L, isolated margins still in: Binance USDⓈ-M's
    ``totalWalletBalance``, COIN-M's ``walletBalance`` of each coin, Bybit v5's ``totalWalletBalance``, and OKX's
    ``cashBal`` of each currency at its USD price (``eqUsd / eq``).

    Binance's ``totalCrossWalletBalance`` has the isolated margins out already and OKX's ``totalEq`` holds the
    unrealized P&L (issue 14's cross liquidation adds the positions' P&L itself): neither is read.

    Raises
    ------
    VenueBadAnswer
        The answer is not in the documented shape.
    """
    try:
        if venue == "binance":
            return [AccountWallet(venue, USD, _number(body["totalWalletBalance"]))]
        if venue == "binance_coinm":
            return [AccountWallet(venue, str(row["asset"]), _number(row["walletBalance"]))
                    for row in body["assets"] if _number(row["walletBalance"])]
        if venue == "bybit":
            return [AccountWallet(venue, USD, _number(body["result"]["list"][0]["totalWalletBalance"]))]
        if venue == "okx":
            return [AccountWallet(venue, USD, sum(_okx_cash_usd(row) for row in body["data"][0]["details"]))]
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise VenueBadAnswer(f"{venue}: the wallet is not in the documented shape ({error!s})") from None
    raise VenueBadAnswer(f"{venue}: hedgebook does not read accounts there")


def _okx_cash_usd(row: dict) -> float:
    """One OKX currency's cash balance in USD, at the price its equity is valued at; 0 for no cash."""
    cash = _number(row["cashBal"] or 0)
    if not cash:
        return 0.0
    equity = _number(row["eq"])
    if not equity:
        raise ValueError(f"{row.get('ccy')}: cash {cash:g} without a price (eq 0)")
    return cash * _number(row["eqUsd"]) / equity
