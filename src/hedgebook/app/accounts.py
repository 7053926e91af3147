"""An account read from its venues, merged into the plan's inputs; pure (issue 24).

The positions of a venue read with a key replace every row typed for that venue (a position closed there
disappears); the rows of other venues stay as typed.  The cross collateral of a venue is its wallet less the
isolated margins posted there, in USD.  The venue's own liquidation price is kept beside hedgebook's, and a
warning says when the two differ by more than :data:`LIQUIDATION_TOLERANCE`.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable, Mapping, Sequence

from ..market.accounts import USD, AccountPosition, AccountWallet
from .inputs import CROSS, FROM_VENUE, ISOLATED, AccountInput, PositionInput

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
                     usd_price: Callable[[str], float],
                     inverse_base: Callable[[AccountPosition], str | None]) -> dict[str, float]:
    """Each venue's cross collateral, USD: its wallets (a coin's at ``usd_price(coin)``) less the isolated margins
    posted there: a linear position's in USD, an inverse one's in its base coin (``inverse_base``; None = linear).
    NaN where a price needed is not known."""
    total: dict[str, float] = {}
    for wallet in wallets:
        price = 1.0 if wallet.asset == USD else usd_price(wallet.asset)
        total[wallet.venue] = total.get(wallet.venue, 0.0) + wallet.amount * price
    for position in read:
        if position.margin_mode == ISOLATED and position.margin is not None and position.venue in total:
            coin = inverse_base(position)
            total[position.venue] -= position.margin * (usd_price(coin) if coin else 1.0)
    return total


def liquidation_warning(position: PositionInput, ours: float) -> str | None:
    """A line when hedgebook's liquidation price and the venue's differ by more than 1 % (the venue's is the one
    to trust: cross and portfolio margin see the whole account); None when they agree or one is not known."""
    venue_price = position.venue_liquidation_price
    if not (venue_price == venue_price and venue_price > 0 and ours == ours and ours > 0):
        return None
    gap = abs(ours - venue_price) / venue_price
    if gap <= LIQUIDATION_TOLERANCE:
        return None
    mode = "cross margin" if position.margin_mode == CROSS else "its margin"
    return (f"{position.venue} {position.contract}: the venue's liquidation price {venue_price:,.2f} and "
            f"hedgebook's {ours:,.2f} differ by {gap:.1%}; trust the venue's ({mode} as it sees it)")


def collateral_by_venue(accounts: Sequence[AccountInput], read: Mapping[str, float]) -> list[AccountInput]:
    """``accounts`` with the collateral of each venue read replaced (the others as typed)."""
    kept = [a for a in accounts if a.venue not in read]
    return kept + [AccountInput(venue, amount) for venue, amount in read.items()]
