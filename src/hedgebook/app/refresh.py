"""The one refresh pipeline, and its rules in one place.

Both Refresh in Excel (:mod:`hedgebook.excel.macros`) and ``hedgebook
refresh`` (:mod:`hedgebook.excel.workbook_io`) read the cells, call
:func:`refresh`, and write what it says to write; they decide nothing.

The rules:

1. Only the venues the plan needs are read (each holding's hedge venue, each
   position's venue, and the spot sources), and only the plan's assets (the
   holdings', and those the positions' symbols suggest).
2. A venue that fails keeps its previous rows, marked ``stale: <why>``, for
   at most Settings' oldest data age; older rows are dropped, and a warning
   says so.
3. When no venue answers, nothing is written: the workbook stays as it was.
4. When the plan cannot be computed (e.g. a holding's hedge has no price),
   nothing is written either, and the outcome says why.
5. Every row is checked (:mod:`hedgebook.market.checks`): a price far from
   the asset's reference or an absurd funding rate makes it suspect, and no
   order is computed from it (the order stays, withheld, saying why); data
   older than Settings' limit makes orders from it say so.
6. The valuation time (Settings' As of) becomes the refresh time.
7. The CFTC report is read too; when it cannot be, the last one is kept and
   a warning says so.
8. Each hedge's history is brought up to date in the history store, and the
   History sheet shows its last days from there; a series that cannot be
   updated is shown as the store has it, saying since when, and one the
   store never had keeps what the workbook showed.  When the history cannot
   be read at all, the workbook's previous history stays, and a warning says
   so.  The plan's orders never wait on history, except those sized by the
   hedge ratio (Hedge sizing ``beta``, or a cross hedge): they take β from
   the history just brought up to date, else from the workbook's previous
   one, and without one they are withheld, saying why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

import pandas as pd

from ..core.errors import HedgebookError
from ..market import MarketSnapshot, VenueError, fetch_market, keep_previous_rows
from ..market.checks import Limits, ages, describe_age
from ..market.cot import fetch_cot
from ..market.table import normalize_types
from .daily_history import DailyHistory, HistoryRefresh
from .hedges import needed_venues
from .inputs import PlanInputs
from .plan import Plan
from .planning import ChosenHedges, choose_hedges, limits, plan_of
from .positions import asset_hints, position_venues

NO_VENUE_ANSWERED = "no venue answered"

Fetch = Callable[..., MarketSnapshot]
"""``fetch(venues, assets, *, timeout, progress)``: what :func:`hedgebook.market.fetch_market` does."""
FetchCot = Callable[..., pd.DataFrame]
"""``fetch_cot(*, timeout)``: the CFTC report; raises a VenueError when it cannot be read."""
UpdateHistory = Callable[[ChosenHedges, list, dt.datetime], HistoryRefresh]
"""``update(chosen, previous_histories, now)``: bring the history of the hedges chosen up to date (see
:func:`hedgebook.app.daily_history.history_from_store`)."""


def _without_expired(previous: pd.DataFrame | None, fresh: MarketSnapshot, checks: Limits,
                     now: dt.datetime) -> tuple[pd.DataFrame | None, list[str]]:
    """The previous rows of the failed venues that are young enough to keep, and a line per venue dropped."""
    if previous is None or not len(previous) or not fresh.errors:
        return previous, []
    previous = normalize_types(previous)
    expired = previous["venue"].isin(list(fresh.errors)) & (ages(previous, now) > checks.max_age_s)
    notes = [f"{venue}: {count} previous row{'s' if count > 1 else ''} dropped, older than "
             f"{describe_age(checks.max_age_s)} (the venue failed: {fresh.errors[venue]})"
             for venue, count in previous[expired].groupby("venue").size().items()]
    return previous[~expired].reset_index(drop=True), notes


def histories_of(chosen: ChosenHedges, history: UpdateHistory | None, previous: Iterable[DailyHistory],
                 now: dt.datetime) -> tuple[list, list[str], dict]:
    """The daily histories of the hedges ``chosen``, brought up to date by ``history`` (rule 8), what it said, and
    the funding your own positions received as the store keeps it (:mod:`hedgebook.app.funding_received`).

    Without ``history``, or when it fails, the ``previous`` histories stay, and a warning says why it failed:
    history is context, and whatever goes wrong with it, the plan goes on.
    """
    previous = list(previous)
    if history is None:
        return previous, [], {}
    try:
        updated = history(chosen, previous, now)
    except Exception as error:  # history is context: whatever goes wrong with it, the plan goes on
        return previous, [f"history: not updated ({type(error).__name__}: {str(error)[:120]}); "
                          "the previous history is kept"], {}
    return list(updated.histories), list(updated.warnings), dict(getattr(updated, "received", {}))


def plan_with_history(inputs: PlanInputs, table: pd.DataFrame, as_of: dt.datetime, *, now: dt.datetime | None = None,
                      tiers: dict | None = None, history: UpdateHistory | None = None,
                      previous_histories: Iterable[DailyHistory] = (), sample: bool = False) -> tuple[Plan, list[str]]:
    """Plan once, in a straight line: check the ``table`` and choose the hedges (:func:`choose_hedges`), bring their
    history up to date (:func:`histories_of`), then compute every figure from it (:func:`plan_of`).

    Returns
    -------
    (Plan, list of str)
        The plan, and what the history step had to say.  ``sample``: the table is the bundled sample, valued at
        its own time (:func:`choose_hedges`).

    Raises
    ------
    HedgebookError
        No holdings, a holding that cannot be valued, or a bad input value (the history is not touched when the
        hedges cannot be chosen).
    """
    chosen = choose_hedges(inputs, table, as_of, now=now, tiers=tiers, sample=sample)
    histories, notes, received = histories_of(chosen, history, previous_histories, chosen.checked_at)
    plan = plan_of(chosen, histories)
    return (replace(plan, received=received, received_at=now or chosen.checked_at) if received else plan), notes


def venues_to_read(inputs: PlanInputs, venues: Iterable[str] | None = None) -> list[str]:
    """The venues a refresh reads (rule 1): ``venues`` if given, else those the plan needs."""
    if venues:
        return list(dict.fromkeys(venues))
    legacy = [entry.venue for entry in inputs.legacy_futures]
    return needed_venues(list(inputs.holdings), position_venues(inputs.positions) + legacy)


def assets_to_read(inputs: PlanInputs) -> list[str]:
    """The assets a refresh asks for (rule 1): the holdings', and those the positions' symbols suggest."""
    return sorted(set(inputs.assets) | asset_hints(inputs.positions))


def utc_now() -> dt.datetime:
    """The current time, UTC."""
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class RefreshOutcome:
    """What a refresh found and what is to be written.

    Attributes
    ----------
    snapshot : MarketSnapshot
        The market to write: fresh rows, and each failed venue's previous
        rows marked stale; ``errors`` names the venues that failed.
    plan : Plan or None
        Every figure of the plan; None when nothing is to be written.
    cot : DataFrame or None
        The CFTC report to show (the previous one when the CFTC failed).
    problem : str or None
        Why nothing is to be written; None when the refresh is to be written.
    """

    snapshot: MarketSnapshot
    plan: Plan | None
    cot: pd.DataFrame | None
    problem: str | None = None
    asked: list[str] = field(default_factory=list)

    @property
    def write(self) -> bool:
        """Whether the workbook is to be written (rules 3 and 4)."""
        return self.problem is None

    @property
    def errors(self) -> dict[str, str]:
        """Venue → why it failed."""
        return self.snapshot.errors

    @property
    def warnings(self) -> list[str]:
        """Soft problems: missing fields, per-symbol requests that failed, the CFTC."""
        return self.snapshot.warnings


def refresh(
    inputs: PlanInputs,
    previous_market: pd.DataFrame | None,
    *,
    fetch: Fetch = fetch_market,
    fetch_cot: FetchCot = fetch_cot,
    now: Callable[[], dt.datetime] = utc_now,
    previous_cot: pd.DataFrame | None = None,
    venues: Iterable[str] | None = None,
    timeout: float | None = None,
    progress: Callable[[str, str], None] | None = None,
    deadline: float | None = None,
    previous_tiers: dict | None = None,
    history: UpdateHistory | None = None,
    previous_histories: Iterable[DailyHistory] = (),
) -> RefreshOutcome:
    """Fetch what the plan needs, keep what failed, and compute every figure.

    Parameters
    ----------
    inputs : PlanInputs
        What the user typed.
    previous_market : DataFrame, optional
        The market table the workbook holds (its rows are kept for failed venues).
    fetch, fetch_cot : callable
        The market and CFTC readers (injected in tests).
    now : callable
        The clock: the refresh time is the valuation time.
    previous_cot : DataFrame, optional
        The CFTC report the workbook holds.
    venues : iterable of str, optional
        Venues to read instead of those the plan needs.
    timeout : float, optional
        Seconds to wait for each answer (default: the market configuration's).
    progress : callable, optional
        ``progress(venue, message)`` as each venue finishes.
    deadline : float, optional
        Seconds a venue may take in all (default: the market configuration's).
    previous_tiers : dict, optional
        ``(venue, symbol)`` → the margin tiers the workbook holds; kept where
        the venue did not publish them this time (their source says when they
        were read).
    history : callable, optional
        Brings the plan's history up to date (rule 8); None = the workbook's previous history is kept.
    previous_histories : iterable of DailyHistory
        The History sheet's blocks, as the workbook holds them.

    Returns
    -------
    RefreshOutcome
        Never raises for a venue's failure or a plan that cannot be computed:
        ``problem`` says so and ``write`` is False.

    Raises
    ------
    InputError
        Settings' market checks cannot be used together (nothing is fetched).
    """
    checks = limits(inputs.settings)
    refreshed_at = now()
    asked = venues_to_read(inputs, venues)
    fresh = fetch(asked, assets_to_read(inputs) or None, timeout=timeout, progress=progress,
                  **({"deadline": deadline} if deadline is not None else {}))
    previous, dropped = _without_expired(previous_market, fresh, checks, refreshed_at)
    snapshot = MarketSnapshot(
        table=keep_previous_rows(fresh, previous),
        errors=fresh.errors,
        warnings=fresh.warnings,
        requests=fresh.requests,
        fetched_at=refreshed_at,
        label=f"live data, {refreshed_at:%Y-%m-%d %H:%M} UTC",
        failures=fresh.failures,
        tiers={**(previous_tiers or {}), **fresh.tiers},
    )
    snapshot.warnings.extend(dropped)
    if all(venue in fresh.errors for venue in asked):
        return RefreshOutcome(snapshot, None, previous_cot, NO_VENUE_ANSWERED, asked)
    try:
        valued = replace(inputs, settings=replace(inputs.settings, as_of=refreshed_at))
        plan, notes = plan_with_history(valued, snapshot.table, refreshed_at, now=refreshed_at, tiers=snapshot.tiers,
                                        history=history, previous_histories=previous_histories)
    except HedgebookError as error:
        return RefreshOutcome(snapshot, None, previous_cot, str(error), asked)
    snapshot.table = plan.market  # with each row's status from the checks
    snapshot.warnings.extend(notes)
    cot = previous_cot
    try:
        cot = fetch_cot(timeout=timeout)
    except VenueError as error:
        snapshot.warnings.append(f"cftc: {error} (the last report is kept)")
    except Exception as error:  # the report is an extra: whatever goes wrong with it, the refresh goes on
        snapshot.warnings.append(f"cftc: unexpected {type(error).__name__} (the last report is kept)")
    return RefreshOutcome(snapshot, plan, cot, None, asked)
