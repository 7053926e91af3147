"""Each holding's dated alternative: the dated future of its hedge's asset, venue and settlement, and what holding
the hedge there would cost instead of the perpetual (its basis, its rolls over the horizon, the switch's gain).

Figures are NaN where a holding has no dated alternative (none listed, expired, not hedged, or a cross hedge).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from .. import core
from .hedges import Hedge
from .inputs import Settings


@dataclass(frozen=True)
class DatedCarry:
    """The dated alternative of each holding, arrays aligned with the holdings.

    Attributes
    ----------
    available : ndarray of bool
        The holding has a dated alternative with a price, not yet expired.
    dated_hedge : ndarray of bool
        The holding is hedged with its dated future itself (it pays no funding: its carry is its basis).
    days_to_expiry : ndarray
        Days until the dated future expires.
    annualized_basis : ndarray
        (F / S − 1) × 365 / days to expiry; > 0 contango.
    dated_carry : ndarray
        What hedging the order's notional with the dated future costs over the horizon, rolls included, USD
        (:func:`hedgebook.core.dated_hedge_cost`; > 0 = you pay).
    rolls : ndarray
        Rolls of the dated future over the horizon.
    switch_gain : ndarray
        Moving the hedge the plan leaves into the dated future until its expiry: the perpetual's funding saved less
        the dated carry and the fees and slippage of both legs, USD; > 0 = switching saves (NaN for a dated hedge).
    """

    available: np.ndarray
    dated_hedge: np.ndarray
    days_to_expiry: np.ndarray
    annualized_basis: np.ndarray
    dated_carry: np.ndarray
    rolls: np.ndarray
    switch_gain: np.ndarray


def dated_carry_of(hedges: list[Hedge], idle: np.ndarray, trade_notionals: np.ndarray,
                   resulting_notionals: np.ndarray, spot: np.ndarray, rates: np.ndarray, intervals: np.ndarray,
                   settings: Settings, as_of: dt.datetime) -> DatedCarry:
    """The dated alternative of each holding.

    Parameters
    ----------
    hedges : list of Hedge
    idle : ndarray of bool
        Holdings that never trade (not hedged, or their order withheld).
    trade_notionals, resulting_notionals : ndarray
        Each order's notional, and the hedge it leaves (held + order), signed USD.
    spot, rates, intervals : ndarray
        Spot prices (USD), the perpetuals' funding rates (per interval) and their intervals (hours).
    settings : Settings
        Horizon (days), futures fee rate and slippage (bp).
    as_of : datetime
        The valuation time, UTC.
    """
    dated_price = np.array([hedge.dated_price for hedge in hedges], dtype=float)
    days = np.array([core.days_to_expiry(h.expiry, as_of) if h.expiry else math.nan for h in hedges], dtype=float)
    available = (dated_price > 0) & (days > 0) & ~idle
    safe_days = np.where(available, days, 1.0)
    safe_dated = np.where(available, dated_price, spot)
    nan = np.full(len(hedges), math.nan)
    dated_hedge = np.array([hedge.dated_hedge for hedge in hedges], dtype=bool)
    cost = np.where(available, core.dated_hedge_cost(trade_notionals, spot, safe_dated, settings.horizon_days,
                                                     safe_days, settings.futures_fee_rate, settings.slippage_bps), nan)
    return DatedCarry(
        available=available,
        dated_hedge=dated_hedge,
        days_to_expiry=days,
        annualized_basis=np.where(available, core.annualized_basis(spot, safe_dated, safe_days), nan),
        dated_carry=cost,
        rolls=np.where(available, core.roll_count(settings.horizon_days, safe_days), nan),
        switch_gain=np.where(
            available & ~dated_hedge,
            core.switch_gain(np.where(available, resulting_notionals, 0.0), rates, spot, safe_dated, safe_days,
                             intervals, settings.futures_fee_rate, settings.slippage_bps),
            nan,
        ),
    )
