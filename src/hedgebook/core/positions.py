"""Open futures positions, held in the venue's contract units, marked to market.

A position is typed as the venue shows it: a signed number of contracts
(negative = short).  Its USD value moves with the price, so it is re-valued
at every refresh from the contract's mark price (docs/CONVENTIONS.md):

- linear (USDⓈ-margined): notional = contracts × contract size (coins) × mark price;
- inverse (coin-margined): notional = contracts × contract size (USD per contract).
"""

from __future__ import annotations

import numpy as np

from ._arrays import as_float_array, optional_float_array, require_positive, scalar_or_array


def _require_size_of_inverse(contract_size, is_inverse: np.ndarray) -> None:
    """An inverse contract's USD per contract is never assumed (1 USD would understate it 100-fold on most)."""
    if contract_size is None and np.any(is_inverse):
        raise ValueError("contract_size is required for inverse contracts (USD per contract)")


def position_notional(contracts, mark_price, contract_size=None, inverse=False):
    """Signed USD value of a futures position at the mark price.

    Parameters
    ----------
    contracts : float or array
        Signed position in contracts, negative = short.
    mark_price : float or array
        The contract's mark price, USD per coin, > 0 (unused for inverse contracts).
    contract_size : float or array, optional
        Linear: coins per contract (default 1).  Inverse: USD per contract (required).
    inverse : bool or array, optional
        True for inverse (coin-margined) contracts.

    Returns
    -------
    float or array
        Notional, USD; negative = short.  A short's notional grows more
        negative as the price rises (linear): −0.25 BTC is −15 000 at 60 000
        and −20 000 at 80 000.

    Examples
    --------
    >>> position_notional(-0.25, 80_000)
    -20000.0
    >>> position_notional(-3, 80_000, 100, inverse=True)
    -300.0
    """
    amount = as_float_array("contracts", contracts)
    mark = as_float_array("mark_price", mark_price)
    is_inverse = np.asarray(inverse, dtype=bool)
    _require_size_of_inverse(contract_size, is_inverse)
    size = optional_float_array("contract_size", contract_size, 1.0)
    require_positive("mark_price", mark)
    require_positive("contract_size", size)
    return scalar_or_array(np.where(is_inverse, amount * size, amount * size * mark) + 0.0)


def position_pnl(contracts, entry_price, mark_price, contract_size=None, inverse=False):
    """Unrealized profit of a futures position since its entry, USD at the mark price.

    Linear: ``contracts × size × (mark − entry)``.  Inverse: the coin profit
    ``contracts × size × (1/entry − 1/mark)``, valued at the mark price.

    Parameters
    ----------
    contracts : float or array
        Signed position in contracts, negative = short.
    entry_price, mark_price : float or array
        USD per coin, > 0.
    contract_size : float or array, optional
        Linear: coins per contract (default 1).  Inverse: USD per contract (required).
    inverse : bool or array, optional
        True for inverse (coin-margined) contracts.

    Returns
    -------
    float or array
        USD, positive = a gain.  A short loses when the price rises.

    Examples
    --------
    >>> position_pnl(-0.25, 60_000, 80_000)
    -5000.0
    >>> round(position_pnl(-3, 60_000, 80_000, 100, inverse=True), 2)
    -100.0
    """
    amount = as_float_array("contracts", contracts)
    entry = as_float_array("entry_price", entry_price)
    mark = as_float_array("mark_price", mark_price)
    is_inverse = np.asarray(inverse, dtype=bool)
    _require_size_of_inverse(contract_size, is_inverse)
    size = optional_float_array("contract_size", contract_size, 1.0)
    for name, values in (("entry_price", entry), ("mark_price", mark), ("contract_size", size)):
        require_positive(name, values)
    linear = amount * size * (mark - entry)
    coin_gain = amount * size * (1.0 / entry - 1.0 / mark)
    return scalar_or_array(np.where(is_inverse, coin_gain * mark, linear) + 0.0)
