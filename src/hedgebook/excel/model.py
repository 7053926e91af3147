"""A plan workbook's numbers: holdings and settings (user input) + market data → every figure the sheets show.

The same functions of :mod:`hedgebook.core` compute the cached values of the
template's formulas, the Orders sheet, and what ``hedgebook demo`` / ``plan``
print, so a figure never has two formulas.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import core
from ..market import MarketSnapshot, select
from ..market.table import STATUS_OK

DEFAULT_VENUE = "binance"


@dataclass(frozen=True)
class HoldingInput:
    """One row of the Holdings sheet (what the user types).

    Attributes
    ----------
    asset : str
    quantity : float
        Coins held, >= 0.
    cost_basis : float
        Average purchase price, USD per coin.
    futures_notional : float
        Existing futures position, signed USD, negative = short.
    venue : str
        Venue key of the hedge (e.g. ``"binance"``).
    target_weight : float
        Target net exposure, fraction of portfolio value.
    """

    asset: str
    quantity: float
    cost_basis: float = 0.0
    futures_notional: float = 0.0
    venue: str = DEFAULT_VENUE
    target_weight: float = 0.0


@dataclass(frozen=True)
class Settings(core.PlanSettings):
    """The Settings sheet: the plan's assumptions (:class:`hedgebook.core.PlanSettings`) and the valuation time.

    ``as_of`` is UTC; None means now.
    """

    as_of: dt.datetime | None = None


@dataclass(frozen=True)
class Quote:
    """Market values of one holding's hedge, written to the Holdings sheet by Refresh.

    Prices USD; ``funding_rate`` per interval of ``interval_h`` hours, positive
    = longs pay shorts; ``contract_size`` coins per contract (linear) or USD
    per contract (inverse); ``lot_size`` in contracts.  ``status`` says where
    the values come from, or why they are missing.
    """

    symbol: str = ""
    price: float = math.nan
    spot_price: float = math.nan
    funding_rate: float = math.nan
    interval_h: float = math.nan
    contract_size: float = math.nan
    lot_size: float = math.nan
    inverse: bool = False
    dated_symbol: str = ""
    dated_price: float = math.nan
    expiry: dt.datetime | None = None
    status: str = ""


def quotes_from_market(holdings: list[HoldingInput], table: pd.DataFrame, as_of: dt.datetime) -> list[Quote]:
    """The hedge perpetual (and nearest dated future) of each holding on its venue."""
    quotes = []
    for holding in holdings:
        perp = select.hedge_perpetual(table, holding.venue, holding.asset)
        if perp is None:
            quotes.append(Quote(status=f"no {holding.venue} perpetual for {holding.asset} in the market data"))
            continue
        dated = select.nearest_dated(table, holding.venue, holding.asset, as_of, perp["settle"])
        price, price_note = select.contract_price(perp)
        dated_price = math.nan if dated is None else select.contract_price(dated)[0]
        quotes.append(
            Quote(
                symbol=perp["symbol"],
                price=price,
                spot_price=select.spot_price(table, holding.asset, perp),
                funding_rate=float(perp["funding_rate"]),
                interval_h=float(perp["funding_interval_h"]),
                contract_size=float(perp["contract_size"]) if perp["contract_size"] > 0 else 1.0,
                lot_size=float(perp["lot_size"]) if perp["lot_size"] >= 0 else 0.0,
                inverse=select.is_inverse(perp),
                dated_symbol="" if dated is None else dated["symbol"],
                dated_price=dated_price,
                expiry=None if dated is None else dated["expiry"].to_pydatetime(),
                status="; ".join(filter(None, [perp["status"], price_note])),
            )
        )
    return quotes


@dataclass
class PlanBook:
    """Every figure of a plan workbook, as arrays aligned with ``holdings``.

    Attributes
    ----------
    plan : core.RebalancePlan
    costs : core.OrderCosts
        Funding, margin, liquidation price, futures and spot costs per order.
    funding_apr : ndarray
    days_to_expiry, annualized_basis, dated_carry, switch_gain : ndarray
        Of each holding's nearest dated future (NaN where there is none);
        carry and switch gain for the order's notional.
    """

    holdings: list[HoldingInput]
    settings: Settings
    quotes: list[Quote]
    as_of: dt.datetime
    plan: core.RebalancePlan
    costs: core.OrderCosts
    funding_apr: np.ndarray
    days_to_expiry: np.ndarray
    annualized_basis: np.ndarray
    dated_carry: np.ndarray
    switch_gain: np.ndarray

def _column(quotes: list[Quote], name: str) -> np.ndarray:
    return np.array([getattr(q, name) for q in quotes], dtype=float)


def compute_plan(holdings: list[HoldingInput], settings: Settings, quotes: list[Quote]) -> PlanBook:
    """Every figure of the workbook from its inputs.

    Raises
    ------
    ValueError
        Naming the asset: no market data for its hedge, or a bad input value.
    """
    if not holdings:
        raise ValueError("no holdings: fill in the Holdings sheet")
    for holding, quote in zip(holdings, quotes):
        if not quote.price > 0:
            raise ValueError(f"{holding.asset}: {quote.status or 'no price'}; press Refresh or change the hedge venue")
    as_of = settings.as_of or dt.datetime.now(dt.timezone.utc)
    spot = _column(quotes, "spot_price")
    plan = core.rebalance(
        [h.asset for h in holdings],
        [h.quantity * s for h, s in zip(holdings, spot)],
        [h.futures_notional for h in holdings],
        [h.target_weight for h in holdings],
        _column(quotes, "price"),
        _column(quotes, "contract_size"),
        _column(quotes, "lot_size"),
        [q.inverse for q in quotes],
    )
    rates, intervals = _column(quotes, "funding_rate"), _column(quotes, "interval_h")
    costs = core.order_costs(
        plan, rates, intervals, [h.cost_basis for h in holdings], settings,
        _column(quotes, "contract_size"), [q.inverse for q in quotes],
    )
    dated_price = _column(quotes, "dated_price")
    days = np.array(
        [core.days_to_expiry(q.expiry, as_of) if q.expiry else math.nan for q in quotes], dtype=float
    )
    has_dated = (dated_price > 0) & (days > 0)
    safe_days = np.where(has_dated, days, 1.0)
    safe_dated = np.where(has_dated, dated_price, spot)
    nan = np.full(len(holdings), math.nan)
    return PlanBook(
        holdings=holdings,
        settings=settings,
        quotes=quotes,
        as_of=as_of,
        plan=plan,
        costs=costs,
        funding_apr=np.asarray(core.funding_apr(rates, np.where(intervals > 0, intervals, 8.0))),
        days_to_expiry=days,
        annualized_basis=np.where(has_dated, core.annualized_basis(spot, safe_dated, safe_days), nan),
        dated_carry=np.where(
            has_dated,
            core.dated_carry(plan.trade_notionals, spot, safe_dated, settings.horizon_days, safe_days),
            nan,
        ),
        switch_gain=np.where(
            has_dated,
            core.switch_gain(plan.trade_notionals, rates, spot, safe_dated, safe_days, intervals,
                             settings.futures_fee_rate),
            nan,
        ),
    )


def open_interest_rows(holdings: list[HoldingInput], table: pd.DataFrame) -> list[list]:
    """Context sheet rows: venue, contract, kind, open interest (coins, USD), funding APR of the holdings' assets."""
    assets = {h.asset.upper() for h in holdings}
    rows = table[table["base"].isin(assets) & (table["kind"] != "spot")].sort_values(["base", "venue", "symbol"])
    return [[r.venue, r.symbol, r.kind, r.open_interest, r.open_interest_usd, r.funding_apr]
            for r in rows.itertuples(index=False)]


def cot_rows(cot: pd.DataFrame | None) -> list[list]:
    """The CFTC report as a header row plus one row per market and week (empty when not loaded)."""
    if cot is None or cot.empty:
        return []
    return [list(cot.columns)] + [list(record) for record in cot.itertuples(index=False)]


def order_rows(data: PlanBook) -> list[list]:
    """The Orders sheet: venue, contract, side, contracts, notional, funding over the horizon, margin,
    liquidation price, one row per asset that trades."""
    plan, costs = data.plan, data.costs
    return [
        [data.holdings[i].venue, data.quotes[i].symbol, side, float(plan.contracts[i]), float(plan.trade_notionals[i]),
         float(costs.funding[i]), float(costs.margin[i]), float(costs.liquidation_price[i])]
        for i, side in enumerate(plan.sides) if side != "none"
    ]


def venue_status_rows(snapshot: MarketSnapshot) -> list[list]:
    """Start's status table: venue, instruments, "ok" or the reason it failed."""
    table = snapshot.table
    return [
        [venue, int((table["venue"] == venue).sum()), snapshot.errors.get(venue, STATUS_OK)]
        for venue in sorted(set(table["venue"]) | set(snapshot.errors))
    ]
