"""The position held in a contract and the position an order leaves there: entry price and margin.

A venue keeps one position per contract (one-way mode).  An order on the
same side adds to it; on the other side it reduces it, or closes it and
opens one on the other side.  What it leaves (Binance's and OKX's rules):

- adding: the entry is the average entry, total entry notional / total
  quantity (the held position at its entry, the order at the mark price;
  for an inverse contract the entry notional is in coins, so the average is
  harmonic), and the margin is the held margin + the order's initial margin;
- reducing: the entry is unchanged, and the margin falls in proportion to
  the contracts closed;
- flipping side: a new position, entered at the mark price, with its own
  initial margin.

Margin is in the collateral's unit: USD for a linear contract, coins for an
inverse one.  Contracts are signed, negative = short.
"""

from __future__ import annotations

import numpy as np

from ._arrays import as_float_array, optional_float_array, require_non_negative, require_positive, scalar_or_array
from .positions import _require_size_of_inverse


def _usd_per_contract_at(price, contract_size, inverse):
    """USD per contract at ``price`` (linear: coins per contract × price; inverse: the contract's USD)."""
    return np.where(inverse, contract_size, contract_size * price)


def assumed_margin(contracts, entry_price, leverage, contract_size=None, inverse=False):
    """The isolated margin a position was opened with when it is not known: |notional at entry| / leverage.

    Parameters
    ----------
    contracts : float or array
        Signed position, contracts; negative = short.
    entry_price : float or array
        USD per coin, > 0.
    leverage : float or array
        > 0 (3 for 3×).
    contract_size : float or array, optional
        Linear: coins per contract (default 1).  Inverse: USD per contract (required).
    inverse : bool or array, optional

    Returns
    -------
    float or array
        Margin, USD (linear) or coins (inverse), >= 0.

    Examples
    --------
    An ETH short of 10 contracts of 0.1 ETH entered at 2 000, at 3×: 2 000 × 1 / 3

    >>> round(assumed_margin(-10, 2_000, 3, 0.1), 2)
    666.67

    600 inverse contracts of 100 USD entered at 60 000, at 1×: 60 000 USD = 1 BTC

    >>> assumed_margin(-600, 60_000, 1, 100, inverse=True)
    1.0
    """
    amount = as_float_array("contracts", contracts)
    entry = as_float_array("entry_price", entry_price)
    lev = as_float_array("leverage", leverage)
    is_inverse = np.asarray(inverse, dtype=bool)
    _require_size_of_inverse(contract_size, is_inverse)
    size = optional_float_array("contract_size", contract_size, 1.0)
    require_positive("entry_price", entry)
    require_positive("leverage", lev)
    require_positive("contract_size", size)
    usd = np.abs(amount) * size * np.where(is_inverse, 1.0, entry)
    return scalar_or_array(np.where(is_inverse, usd / entry, usd) / lev)


def position_after(held_contracts, held_entry, held_margin, order_contracts, mark_price, leverage,
                   contract_size=None, inverse=False):
    """The position an order leaves in a contract where a position is held: contracts, entry price and margin.

    Parameters
    ----------
    held_contracts : float or array
        Contracts held before the order, signed (0 = none).
    held_entry : float or array
        Their entry price, USD per coin (unused where nothing is held).
    held_margin : float or array
        Their isolated margin, USD (linear) or coins (inverse), >= 0.
    order_contracts : float or array
        The order, signed contracts (buy > 0).
    mark_price : float or array
        USD per coin the order is filled at, > 0.
    leverage : float or array
        Of the order's initial margin, > 0.
    contract_size : float or array, optional
        Linear: coins per contract (default 1).  Inverse: USD per contract.
    inverse : bool or array, optional

    Returns
    -------
    (contracts, entry, margin) : floats or arrays
        Signed contracts after; their entry price, USD per coin (NaN when
        none are left); their margin, USD (linear) or coins (inverse).

    Examples
    --------
    Adding: 1 BTC short at 60 000 with 20 000 of margin, selling 1 more at
    80 000 at 2×: entry (60 000 + 80 000) / 2, margin 20 000 + 40 000

    >>> position_after(-1, 60_000, 20_000, -1, 80_000, 2)
    (-2.0, 70000.0, 60000.0)

    Reducing by a quarter: the entry stays, a quarter of the margin goes

    >>> position_after(-4, 60_000, 80_000, 1, 80_000, 2)
    (-3.0, 60000.0, 60000.0)

    Flipping: a long of 1 entered at the mark, with its own margin

    >>> position_after(-1, 60_000, 20_000, 2, 80_000, 2)
    (1.0, 80000.0, 40000.0)

    Inverse, adding 600 contracts of 100 USD at 80 000 to 600 at 60 000:
    the average entry is 120 000 USD / (1 + 0.75) BTC

    >>> [round(v, 4) for v in position_after(-600, 60_000, 1.0, -600, 80_000, 1, 100, inverse=True)]
    [-1200.0, 68571.4286, 1.75]
    """
    held = as_float_array("held_contracts", held_contracts)
    order = as_float_array("order_contracts", order_contracts)
    entry = as_float_array("held_entry", held_entry)
    posted = as_float_array("held_margin", held_margin)
    mark = as_float_array("mark_price", mark_price)
    lev = as_float_array("leverage", leverage)
    is_inverse = np.asarray(inverse, dtype=bool)
    _require_size_of_inverse(contract_size, is_inverse)
    size = optional_float_array("contract_size", contract_size, 1.0)
    require_positive("mark_price", mark)
    require_positive("leverage", lev)
    require_positive("contract_size", size)
    require_non_negative("held_margin", posted)
    after = held + order
    holds = held != 0
    adds = holds & (np.sign(order) == np.sign(held))
    reduces = holds & (np.sign(order) == -np.sign(held)) & (np.abs(order) <= np.abs(held))
    keeps = holds & (order == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        # entry notional in the collateral's unit: linear |q|·size·entry USD; inverse |q|·size/entry coins
        held_value = np.where(is_inverse, np.abs(held) * size / entry, np.abs(held) * size * entry)
        order_value = np.where(is_inverse, np.abs(order) * size / mark, np.abs(order) * size * mark)
        total = np.abs(after) * size
        average = np.where(is_inverse, total / (held_value + order_value), (held_value + order_value) / total)
        order_margin = order_value / lev
        new_margin = np.abs(after) * size * np.where(is_inverse, 1.0 / mark, mark) / lev
        kept_share = np.abs(after) / np.abs(held)
        entry_after = np.where(keeps | reduces, entry, np.where(adds, average, mark))
        margin_after = np.where(keeps, posted, np.where(adds, posted + order_margin,
                                                        np.where(reduces, posted * kept_share, new_margin)))
    none_left = after == 0
    return (scalar_or_array(after + 0.0), scalar_or_array(np.where(none_left, np.nan, entry_after)),
            scalar_or_array(np.where(none_left, 0.0, margin_after)))
