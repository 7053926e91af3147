"""From what the user typed and the market to a plan: check the market, choose each holding's hedge, then plan.

:func:`choose_hedges` checks the market table and chooses the hedges (a :class:`ChosenHedges`: all a plan needs but
the history); :func:`plan_of` computes every figure from it and the histories known; :func:`plan_from_market` does
both.  A refresh (:mod:`hedgebook.app.refresh`) brings the history of the hedges chosen up to date in between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Iterable

import pandas as pd

from ..core.errors import HedgebookError, InputError, PlanError
from ..core.time_units import SECONDS_PER_DAY, SECONDS_PER_HOUR
from ..market.checks import Limits, check_rows
from ..market.table import STATUS_OK
from .counterparty import concentration_notes
from .daily_history import DailyHistory, histories_for
from .hedges import Hedge, hedges_from_market
from .inputs import HoldingInput, PlanInputs, Settings
from .migration import with_legacy_futures_converted
from .plan import Plan, check_valued, compute_plan
from .positions import MarkedPosition, mark_positions
from .status import OK, ORDER_OK, Status

SAMPLE_DATA = "sample data"
"""The reason an order or a market row of the bundled sample gives beside "ok": made-up prices, not a market."""
SAMPLE_OK = f"{STATUS_OK}: {SAMPLE_DATA}"


def limits(settings: Settings) -> Limits:
    """The market data checks the settings ask for.

    Raises
    ------
    InputError
        When they cannot be used together (Settings read from a sheet are checked cell by cell before this).
    """
    try:
        return Limits(price_deviation=settings.price_deviation_limit, funding_rate=settings.funding_rate_limit,
                      stale_after_s=settings.stale_after_hours * SECONDS_PER_HOUR,
                      max_age_s=settings.max_data_age_days * SECONDS_PER_DAY)
    except ValueError as error:
        raise InputError(f"Settings: the market checks cannot be used ({error})") from None


@dataclass(frozen=True)
class ChosenHedges:
    """The hedges chosen for a plan's holdings on the checked market: all a plan needs but the history.

    Attributes
    ----------
    inputs : PlanInputs
        What the user typed, futures of the previous layout converted to positions, Settings' As of set.
    market : DataFrame
        The market table, each row's status set by the checks.
    hedges : list of Hedge
        The hedge of each holding.
    positions : list of MarkedPosition
        The open positions, each valued at its contract's price.
    checked_at : datetime
        When the data's ages were measured, UTC.
    tiers : dict or None
        ``(venue, symbol)`` → the margin tiers a venue published.
    notes : list of str
        What the user must be told about the inputs (a conversion of the previous layout).
    sample : bool
        The market is the bundled sample, valued at its own time.
    """

    inputs: PlanInputs
    market: pd.DataFrame
    hedges: list[Hedge]
    positions: list[MarkedPosition]
    checked_at: dt.datetime
    tiers: dict | None = None
    notes: list[str] = field(default_factory=list)
    sample: bool = False

    @property
    def holdings(self) -> list[HoldingInput]:
        return list(self.inputs.holdings)


def choose_hedges(inputs: PlanInputs, table: pd.DataFrame, as_of: dt.datetime, now: dt.datetime | None = None,
                  tiers: dict | None = None, sample: bool = False) -> ChosenHedges:
    """Check the market ``table`` and choose each holding's hedge on it.

    The table's rows are checked first (:func:`hedgebook.market.checks.check_rows`,
    with the settings' limits, ages measured to ``now``); the valuation time is
    Settings' As of, else ``as_of``.  Futures typed in USD by a workbook of
    the previous layout become positions first, and ``notes`` says so.

    ``sample``: the table is the bundled sample, a market frozen at ``as_of``; it is valued at that time on any
    date (``now`` is ``as_of``), so the worked example never dies.  Live data keeps its age limits.

    Raises
    ------
    PlanError
        No holdings, or a holding that cannot be valued (named).
    InputError
        A position typed in USD by the previous layout that cannot be converted.
    """
    settings = inputs.settings if inputs.settings.as_of else replace(inputs.settings, as_of=as_of)
    now = as_of if sample or now is None else now
    try:
        checked = check_rows(table, limits(settings), now)
        if sample:  # trusted at its own time, never "ok" alone: it is not a market
            checked["status"] = checked["status"].where(checked["status"] != STATUS_OK, SAMPLE_OK)
        inputs, notes = with_legacy_futures_converted(replace(inputs, settings=settings), checked)
        holdings = list(inputs.holdings)
        hedges = hedges_from_market(holdings, checked, settings.as_of, settings.horizon_days, tiers, now)
        check_valued(holdings, hedges)
        positions = mark_positions(inputs.positions, checked)
    except HedgebookError:
        raise
    except ValueError as error:  # a value the checks or the market's reading refuse: said as the plan's problem
        raise PlanError(str(error)) from None
    return ChosenHedges(inputs, checked, hedges, positions, now, tiers, notes, sample)


def plan_of(chosen: ChosenHedges, histories: Iterable[DailyHistory | None] = ()) -> Plan:
    """Every figure of the plan of the hedges ``chosen``, each sized by the history of its asset, venue and contract
    among ``histories`` (:func:`sizing_of_hedges`).

    Raises
    ------
    PlanError
        Naming the asset that cannot be valued, or the value core's calculations refuse.
    """
    holdings = chosen.holdings
    try:
        plan = compute_plan(holdings, chosen.inputs.settings, chosen.hedges, chosen.checked_at, chosen.positions,
                            histories_for(holdings, chosen.hedges, [item for item in histories if item is not None]),
                            chosen.inputs.accounts, chosen.tiers)
    except HedgebookError:
        raise
    except ValueError as error:  # a value core's calculations refuse: the plan cannot be computed, and says why
        raise PlanError(str(error)) from None
    plan = replace(plan, market=chosen.market, sample=chosen.sample)
    if chosen.sample:
        plan = replace(plan, order_status=[Status(OK, SAMPLE_DATA) if s == ORDER_OK else s for s in plan.order_status])
    return replace(plan, notes=chosen.notes + plan.notes + concentration_notes(plan))


def plan_from_market(inputs: PlanInputs, table: pd.DataFrame, as_of: dt.datetime,
                     now: dt.datetime | None = None, tiers: dict | None = None,
                     histories: Iterable[DailyHistory | None] = (), sample: bool = False) -> Plan:
    """Every figure of the plan of ``inputs`` on the market ``table``: :func:`choose_hedges`, then :func:`plan_of`.

    ``tiers`` maps ``(venue, symbol)`` to the margin tiers a venue published
    (else the shipped table's, else the Settings rate).  ``histories`` are
    the daily histories known (the History sheet's blocks): each holding's
    hedge takes the one of its asset, venue and contract, and from it its
    hedge ratio (:func:`sizing_of_hedges`).  ``sample``: see :func:`choose_hedges`.

    Raises
    ------
    HedgebookError
        A PlanError naming the asset that cannot be valued, or an InputError naming a bad input value.
    """
    return plan_of(choose_hedges(inputs, table, as_of, now=now, tiers=tiers, sample=sample), histories)
