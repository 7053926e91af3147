"""An account read from its venues, merged into the plan's inputs; pure (issue 24).

The positions of a venue read with a key replace every row typed for that venue (a position closed there
disappears); the rows of other venues stay as typed.  The cross collateral of a venue is its wallet less the
isolated margins posted there, in USD.  The venue's own liquidation price is kept beside hedgebook's, and a
warning says when the two differ by more than :data:`LIQUIDATION_TOLERANCE`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Mapping, Sequence

import pandas as pd

from ..market.accounts import USD, AccountPosition, AccountWallet
from ..market.errors import VenueError, VenueKeyTooPowerful
from ..market.private import AccountReading
from .hedges import spot_price
from .inputs import CROSS, FROM_VENUE, ISOLATED, AccountInput, PlanInputs, PositionInput
from .plan import Plan

LIQUIDATION_TOLERANCE = 0.01
"""How far hedgebook's liquidation price may sit from the venue's before a warning (1 %)."""


def positions_read(read: Iterable[AccountPosition]) -> list[PositionInput]:
    """The positions read from venues, as Positions rows (:data:`FROM_VENUE`)."""
    return [PositionInput(p.venue, p.symbol, p.contracts, p.entry_price, margin_mode=p.margin_mode,
                          margin=p.margin if p.margin is not None else math.nan, source=FROM_VENUE,
                          venue_liquidation_price=p.liquidation_price if p.liquidation_price else math.nan)
            for p in read]


def merged_positions(typed: Sequence[PositionInput], venues_read: Iterable[str],
                     read: Iterable[AccountPosition]) -> list[PositionInput]:
    """``typed`` without the rows of ``venues_read``, then what those venues hold now (in their order)."""
    replaced = set(venues_read)
    return [p for p in typed if p.venue not in replaced] + positions_read(read)


def cross_collateral(wallets: Iterable[AccountWallet], read: Iterable[AccountPosition],
                     usd_price: Callable[[str], float | None], venues: Iterable[str] = ()) -> dict[str, float]:
    """Each venue's cross collateral, USD: its wallets (a coin's at ``usd_price(coin)``) less the isolated margins
    posted there: a linear position's in USD, an inverse one's in its margin coin. A venue of ``venues`` without a
    wallet has 0; NaN where a price needed is not known (never a guess)."""
    total: dict[str, float] = {venue: 0.0 for venue in venues}

    def price(coin: str | None) -> float:
        value = 1.0 if coin in (None, USD) else usd_price(coin)
        return value if value is not None and value > 0 else math.nan

    for wallet in wallets:
        total[wallet.venue] = total.get(wallet.venue, 0.0) + wallet.amount * price(wallet.asset)
    for position in read:
        if position.margin_mode == ISOLATED and position.margin is not None and position.venue in total:
            total[position.venue] -= position.margin * price(position.margin_coin)
    return total


def liquidation_gap(venue_price: float, ours: float) -> float:
    """|hedgebook's − the venue's| / the venue's liquidation price; NaN when either is not known."""
    if not (venue_price == venue_price and venue_price > 0 and ours == ours and ours > 0):
        return math.nan
    return abs(ours - venue_price) / venue_price


def liquidation_warning(position: PositionInput, ours: float) -> str | None:
    """A line when hedgebook's liquidation price and the venue's differ by more than 1 % (the venue's is the one
    to trust: cross and portfolio margin see the whole account); None when they agree or one is not known."""
    gap = liquidation_gap(position.venue_liquidation_price, ours)
    if not gap > LIQUIDATION_TOLERANCE:
        return None
    mode = "cross margin" if position.margin_mode == CROSS else "its margin"
    return (f"{position.venue} {position.contract}: the venue's liquidation price "
            f"{position.venue_liquidation_price:,.2f} and hedgebook's {ours:,.2f} differ by {gap:.1%}; trust the "
            f"venue's ({mode} as it sees it)")


def liquidation_check(venue_price: float, ours: float) -> str:
    """The sheets' cell beside both liquidation prices: blank when the venue reported none; whether they agree within
    1 %, or how far apart they are and that the venue's is the one to trust."""
    if not (venue_price == venue_price and venue_price > 0):
        return ""
    gap = liquidation_gap(venue_price, ours)
    if gap != gap:
        return "hedgebook has none: the venue's holds"
    if gap <= LIQUIDATION_TOLERANCE:
        return f"agree ({gap:.1%} apart)"
    return f"WARNING {gap:.1%} apart: trust the venue's"


def collateral_by_venue(accounts: Sequence[AccountInput], read: Mapping[str, float]) -> list[AccountInput]:
    """``accounts`` with the collateral of each venue read replaced where it was typed (its row kept), and the
    venues read that had no row after them."""
    typed = {account.venue for account in accounts}
    return ([replace(a, collateral=read[a.venue]) if a.venue in read else a for a in accounts]
            + [AccountInput(venue, amount) for venue, amount in read.items() if venue not in typed])


def imported_inputs(inputs: PlanInputs, readings: Sequence[AccountReading],
                    usd_price: Callable[[str], float | None]) -> PlanInputs:
    """The plan's inputs once ``readings`` are imported: each venue read replaces its Positions rows (a position
    closed there disappears; rows of other venues stay as typed, in their places) and its Accounts collateral."""
    venues = [reading.venue for reading in readings]
    read = [position for reading in readings for position in reading.positions]
    collateral = cross_collateral([w for reading in readings for w in reading.wallets], read, usd_price, venues)
    return replace(inputs, positions=tuple(merged_positions(inputs.positions, venues, read)),
                   accounts=tuple(collateral_by_venue(inputs.accounts, collateral)))


@dataclass(frozen=True)
class AccountImport:
    """What importing the accounts read from venues makes of a plan.

    Attributes
    ----------
    plan : Plan or None
        The plan on the imported inputs (the workbook's market, not refreshed); None when nothing is to be written.
    read : dict
        Venue → how many open positions it reported.
    errors : dict
        Venue → why it could not be read (its rows are kept as they were).
    warnings : list of str
        A trading key allowed, the venue's liquidation price more than 1 % from hedgebook's, positions not on Market.
    problem : str
        Why nothing is written ("" when the plan is).
    """

    plan: Plan | None
    read: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    problem: str = ""

    @property
    def write(self) -> bool:
        return self.plan is not None


def import_accounts(inputs: PlanInputs, table: pd.DataFrame, readings: Sequence[AccountReading],
                    failures: Mapping[str, VenueError], plan_of: Callable[[PlanInputs], Plan]) -> AccountImport:
    """The rules of an import: a key that can move funds (or trade, unless allowed) stops everything (raised, nothing
    written); a venue that could not be read keeps its rows; with no venue read, nothing is written; the others
    replace their rows and collateral (:func:`imported_inputs`, coins valued at ``table``'s spot prices) and the plan
    is computed on them by ``plan_of``.

    Raises
    ------
    VenueKeyTooPowerful
        A key may do more than it must.
    """
    for error in failures.values():
        if isinstance(error, VenueKeyTooPowerful):
            raise error
    errors = {venue: str(error) for venue, error in failures.items()}
    if not readings:
        return AccountImport(None, errors=errors, problem="no venue's account could be read")
    plan = plan_of(imported_inputs(inputs, readings, lambda coin: spot_price(table, coin)))
    warnings = [reading.warning for reading in readings if reading.warning]
    warnings += [f"{r.venue}: the funding you received could not be read ({r.funding_error}); the positions are "
                 "imported" for r in readings if r.funding_error]
    venues = {reading.venue for reading in readings}
    for marked, risk in zip(plan.positions, plan.position_risks):
        if marked.venue in venues:
            line = liquidation_warning(marked.position, risk.liquidation_price if not risk.problem else math.nan)
            warnings += [line] if line else []
    unmarked = [f"{m.venue} {m.position.contract}" for m in plan.positions if m.venue in venues and not m.marked]
    if unmarked:
        warnings.append(f"not on Market yet, so not valued: {', '.join(unmarked)}; refresh the workbook "
                        "(hedgebook refresh FILE, or Refresh in Excel) before planning orders")
    return AccountImport(plan, {r.venue: len(r.positions) for r in readings}, errors, warnings)
