"""Every figure of a plan: holdings, positions and settings (user input) + the market → the numbers the sheets show.

The same :mod:`hedgebook.core` functions compute the cached values of the
workbook's formulas, the Orders sheet, and what ``hedgebook demo`` / ``plan``
print, so a figure never has two formulas.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import Iterable

import numpy as np
import pandas as pd

from .. import core
from ..core.constants import DEFAULT_FUNDING_INTERVAL_H
from ..core.errors import PlanError
from ..core.order_costs import OrderCosts, costs_of_orders
from ..market.venues import SPOT_SOURCES
from .carry import dated_carry_of
from .hedges import Hedge, cross_hedge_contracts
from .held_risk import HeldHedge, PositionRisk, held_hedge, position_risks, tiers_lookup
from .inputs import AccountInput, HoldingInput, Settings
from .positions import MarkedPosition, attribute_positions
from .sizing import HedgeSizing, size_problems, sizing_notes, sizing_of_hedges
from .status import ORDER_OK, UNHEDGED, WITHHELD, Status

SIDE_WITHHELD = WITHHELD
SIDE_NO_HEDGE = UNHEDGED
TARGET_REACHED = 1e-6
"""A weight this close to its target is at it."""


@dataclass(frozen=True)
class OrderCostsLine:
    """One order's costs and the position it leaves (one row of :class:`hedgebook.core.OrderCosts`; units there)."""

    funding: float
    margin: float
    liquidation_price: float
    futures_cost: float
    spot_cost: float
    quantity: float
    collateral: float
    resulting_contracts: float
    resulting_notional: float
    maint_margin_rate: float
    maint_amount: float
    entry: float


@dataclass(frozen=True)
class PlanLine:
    """Everything the plan says of one holding.

    Attributes
    ----------
    holding : HoldingInput
    hedge : Hedge
        Its hedge contract (or why it has none).
    order : core.Order
        Its order: side, signed contracts and notional, weights now, targeted and after.
    costs : OrderCostsLine
        The order's funding, margin, liquidation price and costs (NaN where withheld).
    status : Status
        ``ok``, ``withheld`` or ``no hedge``, and why.
    sizing : HedgeSizing
        How its hedge is sized: β, R², whether by history.
    history : DailyHistory or None
        Its hedge's daily history, None where it has none.
    side : str
        ``"sell"``, ``"buy"``, ``"none"``, ``"withheld"`` or ``"no hedge"``.
    stale : bool
        The order is computed from stale data.
    """

    holding: HoldingInput
    hedge: Hedge
    order: core.Order
    costs: OrderCostsLine
    status: Status
    sizing: HedgeSizing
    history: object
    side: str
    stale: bool


@dataclass(frozen=True)
class Plan:
    """Every figure of a plan, as arrays aligned with ``holdings``; what the workbook shows, the command prints and
    ``plan --json`` gives.

    Attributes
    ----------
    holdings : list of HoldingInput
    settings : Settings
    hedges : list of Hedge
        The hedge of each holding.
    as_of : datetime
        The valuation time, UTC.
    rebalance : core.RebalancePlan
        The orders: none for a withheld holding: it keeps its exposure.
    costs : core.OrderCosts
        Funding, margin, liquidation price, futures and spot costs per order (NaN where withheld).
    funding_apr : ndarray
        Each hedge perpetual's funding rate per year.
    days_to_expiry, annualized_basis, dated_carry, switch_gain, rolls : ndarray
        Of each holding's dated alternative (NaN where there is none): dated
        carry is the cost of hedging the order's notional with it over the
        horizon, rolls included (:func:`hedgebook.core.dated_hedge_cost`);
        switch gain of moving the hedge the plan leaves (held + order) into
        it until its expiry, fees and slippage of both legs included, as
        Orders' switch block shows it; rolls over the horizon.
    order_status : list of Status
        ``ok``; ``withheld`` and why, when no order may be computed from the
        data (the hedge's, or a position's of the asset); ``no hedge`` and why
        when the holding is not hedged (no venue, a stablecoin...).
    market : DataFrame
        The market table the plan used, each row's status set by the checks.
    checked_at : datetime
        When the data's ages were measured, UTC.
    positions : list of MarkedPosition
        The open positions, each valued at its contract's price.
    held_contracts : ndarray
        Contracts held in each holding's hedge contract before the order, negative = short.
    sized_contracts : ndarray
        Each order as sized, before the no-trade band and the venue's minimum took it out.
    notes : list of str
        What the user must be told about the inputs (a conversion of the old layout).
    accounts : list of AccountInput
        The collateral the user says is posted on each venue.
    histories : list of DailyHistory or None
        Each holding's daily history (the History sheet), None where it has none; empty = not known.
    sizings : list of HedgeSizing
        How each holding's hedge is sized against its coins: β, R², whether by history.
    position_risks : list of PositionRisk
        Each position's margin and liquidation price as held now, aligned with ``positions``.
    held : list of HeldHedge
        What each holding's hedge contract holds before the order (contracts, entry, margin, cross collateral).
    closing : list of list of MarkedPosition
        Per holding, the positions the plan closes: those counted in its exposure that are not in its hedge
        contract (its Hedge instrument or venue changed).  Its order is sized as if they were closed, and both
        legs are placed: close these, then the order.
    futures_kept : ndarray
        Per holding, the futures left once they are closed, USD (the order is sized from them).
    sample : bool
        Valued on the bundled sample data, at the sample's own time.
    received : dict
        ``(venue, symbol)`` → the funding your own positions there received (:class:`~hedgebook.app.funding_received.
        ReceivedSeries`), where the history store holds it (read by ``hedgebook accounts``); ``received_at`` the
        time its windows end (now, even for a plan valued on the sample).
    """

    holdings: list[HoldingInput]
    settings: Settings
    hedges: list[Hedge]
    as_of: dt.datetime
    rebalance: core.RebalancePlan
    costs: OrderCosts
    funding_apr: np.ndarray
    days_to_expiry: np.ndarray
    annualized_basis: np.ndarray
    dated_carry: np.ndarray
    switch_gain: np.ndarray
    rolls: np.ndarray | None = None
    order_status: list[Status] = field(default_factory=list)
    market: pd.DataFrame | None = None
    checked_at: dt.datetime | None = None
    positions: list[MarkedPosition] = field(default_factory=list)
    held_contracts: np.ndarray | None = None
    sized_contracts: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)
    accounts: list[AccountInput] = field(default_factory=list)
    histories: list = field(default_factory=list)
    sizings: list = field(default_factory=list)
    position_risks: list = field(default_factory=list)
    held: list = field(default_factory=list)
    closing: list = field(default_factory=list)
    futures_kept: np.ndarray | None = None
    sample: bool = False
    received: dict = field(default_factory=dict)
    received_at: dt.datetime | None = None

    def sizing(self, i: int) -> "HedgeSizing":
        """How holding ``i``'s hedge is sized (notional matching where the plan holds none for it)."""
        return self.sizings[i] if i < len(self.sizings) else HedgeSizing()

    @property
    def withheld(self) -> np.ndarray:
        """True for each holding whose order is withheld."""
        return np.array([status.withheld for status in self.order_status], dtype=bool)

    @property
    def unhedged(self) -> np.ndarray:
        """True for each holding that is not hedged (it keeps its exposure)."""
        return np.array([status.unhedged for status in self.order_status], dtype=bool)

    @property
    def stale(self) -> np.ndarray:
        """True for each order computed from stale data (it says so, with the data's time)."""
        return np.array([q.stale and s.ok for q, s in zip(self.hedges, self.order_status)], dtype=bool)

    @property
    def sides(self) -> list[str]:
        """``"sell"``, ``"buy"``, ``"none"``, ``"withheld"`` or ``"no hedge"`` per holding."""
        return [SIDE_WITHHELD if w else SIDE_NO_HEDGE if u else side
                for side, w, u in zip(self.rebalance.sides, self.withheld, self.unhedged)]

    @cached_property
    def lines(self) -> list[PlanLine]:
        """One :class:`PlanLine` per holding, in holding order (built once: the plan is frozen)."""
        orders, sides, stale = self.rebalance.orders, self.sides, self.stale
        costs = [OrderCostsLine(*(float(getattr(self.costs, f.name)[i]) for f in fields(OrderCostsLine)))
                 for i in range(len(self.holdings))]
        histories = list(self.histories) + [None] * (len(self.holdings) - len(self.histories))
        return [PlanLine(holding, hedge, order, cost, status, self.sizing(i), history, side, bool(is_stale))
                for i, (holding, hedge, order, cost, status, history, side, is_stale)
                in enumerate(zip(self.holdings, self.hedges, orders, costs, self.order_status, histories, sides,
                                 stale))]


def _column(hedges: list[Hedge], name: str, withheld: np.ndarray | None = None, placeholder: float = math.nan):
    values = np.array([getattr(q, name) for q in hedges], dtype=float)
    return values if withheld is None else np.where(withheld, placeholder, values)


def _position_problems(holdings: list[HoldingInput], positions: list[MarkedPosition]) -> list[str]:
    """Per holding, why a position makes its order unsafe ("" when none does).

    A position that cannot be marked makes its asset's exposure unknown; one
    whose contract is unknown could be of any asset, so it makes every
    order unsafe.
    """
    unknown = [p for p in positions if not p.exposure_asset]
    if unknown:
        first = unknown[0]
        why = (f"{first.label}: {first.problem}, so its asset's exposure is unknown: check the venue and symbol "
               "(as the Market sheet shows them), or add the asset to Holdings")
        return [why] * len(holdings)
    problems = []
    for holding in holdings:
        unmarked = [p for p in positions if p.exposure_asset == holding.asset and not p.marked]
        problems.append(f"{unmarked[0].label} {unmarked[0].problem}" if unmarked else "")
    return problems


def _targets_out_of_reach(holdings: list[HoldingInput], hedges: list[Hedge], plan: core.RebalancePlan) -> list[str]:
    """A note for each holding not hedged whose target differs from its weight: the target cannot be met."""
    return [f"{h.asset}: {q.no_hedge}, so its weight stays {now:.2%}, not the {target:.2%} targeted"
            for h, q, now, target in zip(holdings, hedges, plan.current_weights, plan.target_weights)
            if q.no_hedge and abs(now - target) > TARGET_REACHED]


def _too_small(hedge: Hedge, contracts: float, notional: float) -> str:
    """Why an order is below the venue's minimum, with both numbers."""
    if abs(contracts) < hedge.min_qty:
        return (f"{abs(contracts):g} contracts is below the minimum order of {hedge.symbol}, "
                f"{hedge.min_qty:g} contracts")
    return f"{abs(notional):,.2f} USD is below the minimum order of {hedge.symbol}, {hedge.min_notional:,.2f} USD"


def _status(hedge: Hedge) -> Status:
    if hedge.no_hedge:
        return Status(UNHEDGED, hedge.no_hedge)
    if hedge.withheld:
        return Status(WITHHELD, hedge.withheld)
    return ORDER_OK


def check_valued(holdings: list[HoldingInput], hedges: list[Hedge]) -> None:
    """Raise PlanError unless there are holdings and each can be valued: without a trusted spot price for one, the
    portfolio's value, and so every order, is unknown."""
    if not holdings:
        raise PlanError("no holdings: fill in the Holdings sheet")
    for holding, hedge in zip(holdings, hedges):
        if not hedge.spot_price > 0 and holding.quantity != 0:  # no coins held are worth 0 at any price
            reason = (f"no price from the spot sources ({', '.join(SPOT_SOURCES)})" if hedge.no_hedge
                      else hedge.withheld or hedge.data_status or "no price")
            raise PlanError(f"{holding.asset} cannot be valued — {reason} — and no other trusted price of it is "
                             "known, so the portfolio's value, and every order, is unknown: press Refresh, or change "
                             "the hedge venue")


def compute_plan(holdings: list[HoldingInput], settings: Settings, hedges: list[Hedge],
                 checked_at: dt.datetime | None = None, positions: list[MarkedPosition] | None = None,
                 histories=(), accounts: Iterable[AccountInput] = (), tiers: dict | None = None) -> Plan:
    """Every figure of the workbook from its inputs.

    Each asset's exposure is its spot value plus every open position of it
    (and of its cross-hedge contract), marked at its contract's price, each
    counted as notional / β when the hedge is sized by its hedge ratio β
    from ``histories`` (aligned with ``holdings``, None where there is none;
    see :func:`sizing_of_hedges`).  A holding whose hedge cannot be trusted
    (suspect, too old, without a price, missing), or one of whose positions
    cannot be marked, gets no order and keeps its exposure; a holding that
    is not hedged (no venue, a stablecoin, no perpetual listed) keeps it
    too; the other orders are computed as usual.  Every holding must still
    be valued: without a trusted spot price for one, the portfolio's value,
    and so every order, is unknown.

    Raises
    ------
    PlanError
        Naming the asset: no trusted price to value it.
    ValueError
        A value core's calculations refuse (:func:`plan_of` says it as a PlanError).
    """
    histories = list(histories)
    positions = attribute_positions(positions or [], cross_hedge_contracts(holdings, hedges))
    accounts = list(accounts)
    tiers_of = tiers_lookup(tiers)
    risks = position_risks(positions, accounts, settings, tiers_of)
    coins = coins_held(holdings, positions, risks)
    check_valued(holdings, hedges)
    hedges = [replace(q, problem=problem, price=math.nan) if problem and not q.no_hedge and not q.withheld else q
              for q, problem in zip(hedges, _position_problems(holdings, positions))]
    sizings = sizing_of_hedges(holdings, hedges, histories, settings)
    hedges = [replace(q, problem=sizing.problem) if sizing.problem and q.tradable else q
              for q, sizing in zip(hedges, sizings)]
    hedges = [replace(q, problem=problem) if problem and q.tradable else q
              for q, problem in zip(hedges, size_problems(holdings, hedges, positions, sizings, settings.size_limit,
                                                          coins))]
    as_of = settings.as_of or dt.datetime.now(dt.timezone.utc)
    idle = np.array([not q.tradable for q in hedges], dtype=bool)
    spot = _column(hedges, "spot_price")
    sizes, lots = _column(hedges, "contract_size", idle, 1.0), _column(hedges, "lot_size", idle, 0.0)
    inverse = [q.inverse and not w for q, w in zip(hedges, idle)]
    futures = np.array([sum(p.notional for p in positions if p.marked and p.exposure_asset == h.asset)
                        for h in holdings], dtype=float)
    closing = [[p for p in positions if p.marked and p.contracts and p.exposure_asset == h.asset
                and not p.is_in(h.venue, q.symbol)] if q.tradable else []
               for h, q in zip(holdings, hedges)]
    kept = futures - np.array([math.fsum(p.notional for p in old) for old in closing], dtype=float)
    holds = [held_hedge([(p, r) for p, r in zip(positions, risks) if p.is_in(h.venue, q.symbol)],
                        positions, accounts, settings, tiers_of) if q.tradable else HeldHedge()
             for h, q in zip(holdings, hedges)]
    held = np.array([hold.contracts for hold in holds], dtype=float)
    plan = core.without_orders(core.rebalance(
        [h.asset for h in holdings],
        [count * s if count else 0.0 for count, s in zip(coins, spot)],
        kept,  # the order is sized as if what it closes were closed
        [h.target_weight for h in holdings],
        np.where(idle, np.where(spot > 0, spot, 1.0), _column(hedges, "price")),  # idle: never trades, any price
        sizes,
        lots,
        inverse,
        [sizing.ratio for sizing in sizings],
    ), idle)
    sized = plan
    limited = core.apply_order_limits(plan, _column(hedges, "min_qty", idle, 0.0),
                                      _column(hedges, "min_notional", idle, 0.0), settings.no_trade_band)
    plan = limited.plan
    status = [_status(q) for q in hedges]
    for i in np.flatnonzero(limited.too_small):
        status[i] = Status(WITHHELD, _too_small(hedges[i], sized.contracts[i], sized.trade_notionals[i]))
    plan = replace(plan, futures_notionals=futures,  # the weights now count every position held
                   current_weights=(plan.spot_values + futures / plan_ratios(plan)) / plan.portfolio_value)
    rates, intervals = _column(hedges, "funding_rate"), _column(hedges, "interval_h")
    intervals = np.where(intervals > 0, intervals, math.nan)  # unknown, never assumed
    costs = costs_of_orders(plan, np.where(idle, 0.0, rates), np.where(idle, DEFAULT_FUNDING_INTERVAL_H, intervals),
                            [h.cost_basis for h in holdings], settings, sizes, inverse, held, spot_prices=spot,
                            tiers=[None if q.tiers is None or w else (q.tiers.caps, q.tiers.rates, q.tiers.leverages)
                                   for q, w in zip(hedges, idle)],
                            maint_margin_rates=[settings.maint_rate_for(h.venue) for h in holdings],
                            held_entry=[hold.entry for hold in holds], held_margin=[hold.margin for hold in holds],
                            cross_collateral=[hold.cross_collateral for hold in holds])
    unknown = np.array([hold.cross and not hold.cross_collateral == hold.cross_collateral for hold in holds],
                       dtype=bool)
    costs = replace(costs, liquidation_price=np.where(unknown, math.nan, costs.liquidation_price),
                    maint_margin_rate=np.where(unknown, math.nan, costs.maint_margin_rate))
    costs = OrderCosts(*(np.where(idle, math.nan, getattr(costs, f.name)) for f in fields(OrderCosts)))
    carry = dated_carry_of(hedges, idle, plan.trade_notionals, costs.resulting_notional, spot, rates, intervals,
                           settings, as_of)
    if carry.dated_hedge.any():  # a dated hedge pays no funding: its carry is its basis; switching to itself is moot
        costs = replace(costs, futures_cost=np.where(carry.dated_hedge & carry.available,
                                                     costs.futures_cost + carry.dated_carry, costs.futures_cost))
    return Plan(
        holdings=holdings,
        settings=settings,
        hedges=hedges,
        as_of=as_of,
        rebalance=plan,
        costs=costs,
        funding_apr=np.asarray(core.funding_apr(rates, intervals), dtype=float),
        days_to_expiry=carry.days_to_expiry,
        annualized_basis=carry.annualized_basis,
        dated_carry=carry.dated_carry,
        rolls=carry.rolls,
        switch_gain=carry.switch_gain,
        order_status=status,
        checked_at=checked_at or as_of,
        positions=positions,
        held_contracts=held,
        sized_contracts=sized.contracts,
        notes=(_targets_out_of_reach(holdings, hedges, plan)
               + sizing_notes(holdings, hedges, sizings, histories, status)
               + _liquidation_notes(positions, risks) + _closing_notes(holdings, hedges, closing)),
        histories=histories,
        sizings=sizings,
        accounts=accounts,
        position_risks=risks,
        held=holds,
        closing=closing,
        futures_kept=kept,
    )


def plan_ratios(plan: core.RebalancePlan) -> np.ndarray:
    """The hedge ratio each order is sized by (1 where the plan has none)."""
    return np.ones(len(plan.assets)) if plan.hedge_ratios is None else plan.hedge_ratios


def _closing_notes(holdings: list[HoldingInput], hedges: list[Hedge], closing: list) -> list[str]:
    """What the user must know of a hedge moved to another contract: the old one is closed, then the new opened."""
    notes = []
    for holding, hedge, old in zip(holdings, hedges, closing):
        if old:
            what = ", ".join(f"{p.venue} {p.symbol} {p.contracts:+g}" for p in old)
            notes.append(f"{holding.asset}: its hedge is now {holding.venue} {hedge.symbol}: the plan closes {what} "
                         "and sizes the new order as if it were closed (both legs on Orders); nothing is stacked "
                         "on top of the old position")
    return notes


def coins_held(holdings: list[HoldingInput], positions: list[MarkedPosition], risks: list[PositionRisk]
               ) -> list[float]:
    """Each holding's coins at their margin balance: the coins typed (a coin-margined wallet's balance) plus the
    unrealized P&L in coins of its asset's inverse positions with an entry price, which is paid in those coins."""
    return [h.quantity + math.fsum(r.pnl_coins for p, r in zip(positions, risks)
                                   if p.asset == h.asset and p.exposure_asset == h.asset and r.pnl_coins == r.pnl_coins)
            for h in holdings]


def _liquidation_notes(positions: list[MarkedPosition], risks: list[PositionRisk]) -> list[str]:
    """A note for each position the mark has already carried past its liquidation price."""
    return [f"{p.label}: the mark {p.mark_price:,.2f} is past its liquidation price {r.liquidation_price:,.2f}"
            f"{' (margin assumed)' if r.margin_assumed else ''}: the venue may have closed it; check the position"
            for p, r in zip(positions, risks) if r.past_liquidation]
