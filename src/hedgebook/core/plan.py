"""The rebalance plan: from holdings and targets to the futures orders to place.

Every asset keeps its coins; its *exposure* is moved to the target weight by
a futures trade.  Portfolio value is the sum of spot values (futures add
exposure, not value).  A hedge sized by its hedge ratio β (USD of hedge per
USD of spot exposure) counts as notional / β of its asset's exposure: the
same asset's perpetual has β near 1, another asset's (a cross hedge) its own.
Target weights that sum to less than 1 leave the remainder as cash (exposure
hedged to USD); more than 1 is rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from .constants import WEIGHT_SUM_TOLERANCE
from .exposure import hedge_size

SIDE_BUY = "buy"
SIDE_SELL = "sell"
SIDE_NONE = "none"

TABLE_HEADER = (
    "asset",
    "current weight",
    "target weight",
    "trade notional",
    "side",
    "contracts",
    "post-trade weight",
)
"""Column titles of :meth:`RebalancePlan.table` (and of ``=REBALANCE()``)."""


@dataclass(frozen=True)
class Holding:
    """One asset of the portfolio.

    Attributes
    ----------
    asset : str
        Ticker, e.g. ``"BTC"``.
    quantity : float
        Coins held spot, >= 0.
    price : float
        USD per coin (the hedge contract's mark price), > 0.
    target_weight : float
        Target net exposure as a fraction of portfolio value.
    futures_notional : float
        Existing futures position, signed USD, negative = short.
    contract_size : float
        Linear: coins per contract (1 = size in coins).  Inverse: USD per contract.
    lot_size : float
        Order step in contracts; 0 = no rounding.
    inverse : bool
        True for inverse (coin-margined) contracts.
    hedge_ratio : float
        β of the hedge contract against the asset, > 0 (1 = notional matching).
    """

    asset: str
    quantity: float
    price: float
    target_weight: float
    futures_notional: float = 0.0
    contract_size: float = 1.0
    lot_size: float = 0.0
    inverse: bool = False
    hedge_ratio: float = 1.0


@dataclass(frozen=True)
class Order:
    """One futures order of the plan.

    Attributes
    ----------
    asset : str
    side : str
        ``"sell"`` (short), ``"buy"`` (long) or ``"none"``.
    contracts : float
        Signed contracts, negative = sell, after lot rounding.
    notional : float
        Signed USD of the order, negative = sell.
    current_weight, target_weight, post_trade_weight : float
        Net exposure as fractions of portfolio value.
    """

    asset: str
    side: str
    contracts: float
    notional: float
    current_weight: float
    target_weight: float
    post_trade_weight: float


@dataclass(frozen=True)
class RebalancePlan:
    """The result of :func:`rebalance`: one row per asset, as arrays.

    Attributes
    ----------
    assets : tuple of str
    portfolio_value : float
        Sum of spot values, USD.
    spot_values, futures_notionals, prices : ndarray
        Inputs, USD.
    current_weights, target_weights, post_trade_weights : ndarray
        Net exposure (spot + futures / β) as fractions of portfolio value.
    contracts : ndarray
        Signed contracts to trade (lot-rounded).
    trade_notionals : ndarray
        Signed USD of each order, negative = sell.
    cash_weight : float
        ``1 − sum(target_weights)``: the part of the portfolio left as cash.
    hedge_ratios : ndarray or None
        β of each hedge (None: 1 for all, notional matching).
    """

    assets: tuple[str, ...]
    portfolio_value: float
    spot_values: np.ndarray
    futures_notionals: np.ndarray
    prices: np.ndarray
    current_weights: np.ndarray
    target_weights: np.ndarray
    contracts: np.ndarray
    trade_notionals: np.ndarray
    post_trade_weights: np.ndarray
    cash_weight: float
    hedge_ratios: np.ndarray | None = None

    @property
    def sides(self) -> list[str]:
        """``"sell"``, ``"buy"`` or ``"none"`` per asset."""
        return [SIDE_SELL if c < 0 else SIDE_BUY if c > 0 else SIDE_NONE for c in self.contracts]

    @property
    def orders(self) -> list[Order]:
        """One :class:`Order` per asset, in input order (``"none"`` included)."""
        return [
            Order(asset, side, float(c), float(n), float(cw), float(tw), float(pw))
            for asset, side, c, n, cw, tw, pw in zip(
                self.assets,
                self.sides,
                self.contracts,
                self.trade_notionals,
                self.current_weights,
                self.target_weights,
                self.post_trade_weights,
            )
        ]

    def table(self) -> list[list]:
        """Header row plus one row per asset, in :data:`TABLE_HEADER` order."""
        rows = zip(
            self.assets,
            self.current_weights.tolist(),
            self.target_weights.tolist(),
            self.trade_notionals.tolist(),
            self.sides,
            self.contracts.tolist(),
            self.post_trade_weights.tolist(),
        )
        return [list(TABLE_HEADER), *(list(row) for row in rows)]


def float_column(name: str, values, count: int, default: float | None = None) -> np.ndarray:
    """A float column of ``count`` values; ``None`` (a blank) takes ``default``, or is an error without one."""
    if values is None:
        if default is None:
            raise ValueError(f"{name} is required")
        return np.full(count, default, dtype=float)
    raw = np.atleast_1d(np.asarray(values, dtype=object)).ravel()
    if raw.size != count:
        raise ValueError(f"{name} has {raw.size} values for {count} assets")
    try:
        out = raw.astype(float)  # None becomes NaN here; told apart from a NaN value below
    except (TypeError, ValueError):
        out = np.array([_to_float(name, value, i) for i, value in enumerate(raw)], dtype=float)
    for i in np.flatnonzero(np.isnan(out)):
        if raw[i] is None:
            if default is None:
                raise ValueError(f"{name} is required (missing in row {i + 1})")
            out[i] = default
    return out


def _to_float(name: str, value, position: int) -> float:
    if value is None:
        return np.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r} (row {position + 1})") from None


def _asset_names(assets) -> tuple[str, ...]:
    names = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(np.atleast_1d(np.asarray(assets, dtype=object)).ravel()):
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError(f"asset name must be non-empty text, got {raw!r} (row {i + 1})")
        name = raw.strip()
        key = name.upper()
        if key in seen:
            raise ValueError(f"asset {name!r} appears twice (rows {seen[key] + 1} and {i + 1})")
        seen[key] = i
        names.append(name)
    if not names:
        raise ValueError("no assets given")
    return tuple(names)


def _check(assets: Sequence[str], name: str, values: np.ndarray, valid: np.ndarray, rule: str) -> None:
    bad = ~valid
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ValueError(f"{assets[i]}: {name} {rule}, got {float(values[i])!r}")


def rebalance(
    assets,
    spot_values,
    futures_notionals,
    target_weights,
    prices,
    contract_sizes=None,
    lot_sizes=None,
    inverse=None,
    hedge_ratios=None,
) -> RebalancePlan:
    """Futures orders that bring every asset's net exposure to its target weight.

    Parameters
    ----------
    assets : sequence of str
        Unique, non-empty tickers.
    spot_values : sequence of float
        Value of the coins held, USD, >= 0.
    futures_notionals : sequence of float
        Existing futures positions, signed USD (blank = 0).
    target_weights : sequence of float
        Target net exposure, fractions of portfolio value; their sum must be
        <= 1 (+1e-6); the remainder is cash.
    prices : sequence of float
        USD per coin (the hedge contract's mark price), > 0.
    contract_sizes : sequence of float, optional
        Linear: coins per contract (default 1).  Inverse: USD per contract.
    lot_sizes : sequence of float, optional
        Order step in contracts (default 0 = no rounding).
    inverse : sequence of bool, optional
        True for inverse contracts (default all linear).
    hedge_ratios : sequence of float, optional
        β of each hedge contract against its asset, > 0 (default 1 =
        notional matching): net exposure is spot + futures / β, and an order
        closing a gap of G USD of exposure is β × G of futures.

    Returns
    -------
    RebalancePlan

    Raises
    ------
    ValueError
        Naming the asset and the bad value: NaN or infinite numbers, prices
        <= 0, negative spot values, contract sizes <= 0, negative lot sizes,
        empty or duplicate asset names, target weights summing above 1,
        portfolio value of 0, hedge ratios <= 0, or columns of different lengths.

    Examples
    --------
    >>> plan = rebalance(["BTC", "ETH"], [65_000, 35_000], [0, 0], [0.5, 0.5], [60_000, 3_000])
    >>> plan.contracts.tolist(), plan.trade_notionals.tolist()
    ([-0.25, 5.0], [-15000.0, 15000.0])

    An asset whose hedge moves half as much as it (β = 2) needs twice the notional:

    >>> rebalance(["SOL", "BTC"], [20_000, 80_000], [0, 0], [0.1, 0.8], [3_000, 60_000],
    ...           hedge_ratios=[2.0, 1.0]).trade_notionals.tolist()
    [-20000.0, 0.0]
    """
    names = _asset_names(assets)
    count = len(names)
    spot = float_column("spot_values", spot_values, count)
    futures = float_column("futures_notionals", futures_notionals, count, default=0.0)
    targets = float_column("target_weights", target_weights, count)
    price = float_column("prices", prices, count)
    sizes = float_column("contract_sizes", contract_sizes, count, default=1.0)
    lots = float_column("lot_sizes", lot_sizes, count, default=0.0)
    is_inverse = np.zeros(count, dtype=bool) if inverse is None else float_column("inverse", inverse, count, 0.0) != 0
    ratios = float_column("hedge_ratios", hedge_ratios, count, default=1.0)

    for name, values in (
        ("price", price),
        ("spot value", spot),
        ("futures notional", futures),
        ("target weight", targets),
        ("contract size", sizes),
        ("lot size", lots),
        ("hedge ratio", ratios),
    ):
        _check(names, name, values, np.isfinite(values), "must be a finite number")
    _check(names, "price", price, price > 0, "must be > 0")
    _check(names, "spot value", spot, spot >= 0, "must be >= 0")
    _check(names, "contract size", sizes, sizes > 0, "must be > 0")
    _check(names, "lot size", lots, lots >= 0, "must be >= 0")
    _check(names, "hedge ratio", ratios, ratios > 0, "must be > 0")

    total_target = float(targets.sum())
    if total_target > 1.0 + WEIGHT_SUM_TOLERANCE:
        raise ValueError(f"target weights sum to {total_target:.4g} ({total_target:.0%}), more than the whole "
                         "portfolio: type each as a fraction (0.5) or a percentage (50 %), together at most 1")
    cash_weight = 1.0 - total_target
    if abs(cash_weight) <= WEIGHT_SUM_TOLERANCE:
        cash_weight = 0.0

    portfolio_value = float(spot.sum())
    if portfolio_value <= 0:
        raise ValueError(f"portfolio value (sum of spot values) must be > 0, got {portfolio_value!r}")

    exposure = spot + futures / ratios
    contracts = np.asarray(
        hedge_size(exposure, targets, portfolio_value, price, sizes, np.where(lots > 0, lots, 0.0), is_inverse,
                   ratios),
        dtype=float,
    )
    usd_per_contract = np.where(is_inverse, sizes, sizes * price)
    trade = contracts * usd_per_contract + 0.0
    return RebalancePlan(
        assets=names,
        portfolio_value=portfolio_value,
        spot_values=spot,
        futures_notionals=futures,
        prices=price,
        current_weights=exposure / portfolio_value,
        target_weights=targets,
        contracts=contracts,
        trade_notionals=trade,
        post_trade_weights=(exposure + trade / ratios) / portfolio_value,
        cash_weight=cash_weight,
        hedge_ratios=None if hedge_ratios is None else ratios,
    )


def plan_rebalance(holdings: Iterable[Holding]) -> RebalancePlan:
    """:func:`rebalance` for a list of :class:`Holding` records.

    Spot value of each holding is ``quantity × price``; a negative quantity
    is rejected.

    Examples
    --------
    >>> plan = plan_rebalance([Holding("BTC", 65_000 / 60_000, 60_000, 0.5),
    ...                        Holding("ETH", 35_000 / 3_000, 3_000, 0.5)])
    >>> [(o.asset, o.side, round(o.contracts, 9)) for o in plan.orders]
    [('BTC', 'sell', -0.25), ('ETH', 'buy', 5.0)]
    """
    records = list(holdings)
    assets = [h.asset for h in records]
    names = _asset_names(assets)
    quantities = float_column("quantities", [h.quantity for h in records], len(records))
    prices = float_column("prices", [h.price for h in records], len(records))
    _check(names, "quantity", quantities, np.isfinite(quantities) & (quantities >= 0), "must be a finite number >= 0")
    return rebalance(
        assets,
        quantities * prices,
        [h.futures_notional for h in records],
        [h.target_weight for h in records],
        prices,
        [h.contract_size for h in records],
        [h.lot_size for h in records],
        [h.inverse for h in records],
        [h.hedge_ratio for h in records],
    )
