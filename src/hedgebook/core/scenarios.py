"""One asset's price move through the whole portfolio: alone, or leading the others by their β.

Pure functions on exposures by price driver: each asset's spot value plus the futures whose price is that
asset's (USD, signed, negative = short).  A spread (short one asset, long another) nets to nothing when every coin
moves by the same shock; moving one asset at a time shows what it does.
"""

from __future__ import annotations

import math

import numpy as np


def scenario_pnl(exposures, betas, shock: float) -> float:
    """Profit and loss when a leading asset moves by ``shock`` and each asset by its β to it times ``shock``.

    Parameters
    ----------
    exposures : array
        Net exposure to each asset's price, USD (spot value + futures notional, signed).
    betas : array
        Each asset's β to the leading asset: 1 for the leader itself, 0 for an asset held still; NaN where it is
        not known.
    shock : float
        The leader's relative price move (-0.2 = 20 % down).

    Returns
    -------
    float
        USD, positive = gain; NaN when an asset with an exposure has no known β.

    Examples
    --------
    BTC leads 20 % down; ETH follows at β 1.2.  Short 15 000 of BTC against 65 000 of coins, long 15 000 of ETH on
    35 000 of coins: (50 000 × 1 + 50 000 × 1.2) × -0.2 = -22 000.

    >>> round(scenario_pnl([50_000.0, 50_000.0], [1.0, 1.2], -0.2), 6)
    -22000.0

    Alone (ETH still): 50 000 × -0.2 = -10 000.

    >>> scenario_pnl([50_000.0, 50_000.0], [1.0, 0.0], -0.2)
    -10000.0
    """
    exposures, betas = np.asarray(exposures, dtype=float), np.asarray(betas, dtype=float)
    moving = exposures != 0
    if np.isnan(betas[moving]).any() or np.isnan(exposures).any():
        return math.nan
    return float(np.sum(exposures[moving] * betas[moving]) * shock)
