"""An account read from its venues, merged into the plan's inputs; pure (issue 24).

The positions of a venue read with a key replace every row typed for that venue (a position closed there
disappears); the rows of other venues stay as typed.  The cross collateral of a venue is its wallet less the
isolated margins posted there, in USD.  The venue's own liquidation price is kept beside hedgebook's, and a
warning says when the two differ by more than :data:`LIQUIDATION_TOLERANCE`.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Callable, Iterable, Mapping, Sequence

from ..market.accounts import USD, AccountPosition, AccountWallet
from ..market.private import AccountReading
from .inputs import CROSS, FROM_VENUE, ISOLATED, AccountInput, PlanInputs, PositionInput

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
