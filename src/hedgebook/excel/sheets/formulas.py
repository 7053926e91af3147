"""Pieces of formulas the calculation sheets share.

The calculation sheets (Rebalance, Carry, Costs, Risk) have one row per
holding slot; a formula reads its holding through ``INDEX(<defined name>, n)``
so that it evaluates headlessly as well as in Excel, and shows nothing where
the slot is empty.
"""

from __future__ import annotations

from typing import Iterator

from ...app.figures import PlanBook
from ..layout import MAX_HOLDINGS

HEDGE_PRICE = "Holdings_Price"


def index(name: str, n: int) -> str:
    """``INDEX(name,n)``: the n-th (1-based) cell of a defined name's column."""
    return f"INDEX({name},{n})"


def guarded(asset_cell: str, formula: str) -> str:
    """``formula``, shown only where the row has an asset."""
    return f'=IF({asset_cell}="","",{formula})'


def hedged(asset_cell: str, n: int, formula: str) -> str:
    """``formula``, shown only where the row has an asset and its hedge a price.

    Refresh leaves a hedge's price blank when no order may be computed from
    it (suspect, too old, missing): the figures of that order stay blank too.
    """
    return f'=IF(OR({asset_cell}="",{index(HEDGE_PRICE, n)}=""),"",{formula})'


def slots(book: PlanBook) -> Iterator[tuple[int, int, int | None]]:
    """``(offset, n, i)`` for every holding slot: 0-based offset, 1-based n, and the holding's index (None if empty)."""
    for offset in range(MAX_HOLDINGS):
        yield offset, offset + 1, (offset if offset < len(book.holdings) else None)
