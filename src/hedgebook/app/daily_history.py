"""The daily history each hedge of a plan shows on the History sheet, and the figures Carry draws from it.

For each holding with a hedge: the last :data:`HISTORY_DAYS` UTC days of its asset's spot close (Binance spot),
its hedge contract's close, its dated alternative's close, and the funding its perpetual settled each day (the
sum of the day's settled rates, and the hours they cover; the time-weighted mean of the days is then the
time-weighted mean of the settlements).  Refresh brings the history store up to date first
(:func:`refresh_history`); a series that could not be updated is shown as the store last had it, and says
since when; one the store never had keeps what the workbook showed.  The bundled sample history
(:func:`sample_history`) is made-up and says so.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core import history as stats
from ..core.constants import DEFAULT_FUNDING_INTERVAL_H
from ..core.dates import from_epoch_ms
from ..core.time_units import MS_PER_DAY, MS_PER_HOUR
from ..market.history_store import CLOSE, FUNDING, OPEN_INTEREST, Point
from ..market.venues import SPOT_HISTORY_VENUE
from ..market.venues.binance_spot import QUOTE as SPOT_QUOTE
from .funding_received import hedge_contracts, received_in_store
from .hedges import Hedge
from .inputs import HoldingInput

HISTORY_DAYS = 90
"""Days of history the workbook holds, ending yesterday (UTC)."""
SAMPLE_HISTORY_LABEL = "SAMPLE HISTORY: made-up daily series, not from any market"
SAMPLE_CROSS_MOVE, SAMPLE_CROSS_NOISE = 0.8, 0.01
"""A cross hedge's made-up closes move 0.8 × the coins' each day, plus 1 % of their own (β about 1, R² about 0.8)."""

USER_STORE = object()
"""What a refresh passes for its history when the caller names none: the user's history store
(:func:`history_from_store`)."""

PointsOf = Callable[[str, str, str, int], list[Point]]
"""``points(venue, symbol, field, since_ms)`` → the stored points, oldest first (``HistoryStore.points``)."""


@dataclass(frozen=True)
class DailyHistory:
    """One hedge's daily series, oldest day first, NaN where a day is missing.

    Attributes
    ----------
    first_day : date
        The oldest of the :data:`HISTORY_DAYS` days (UTC).
    spot_close, hedge_close, dated_close : tuple of float
        Daily closes, USD: the asset's spot, the hedge contract, its dated alternative.
    funding, funding_hours : tuple of float
        The day's settled funding rates summed (decimal per day, positive = longs paid shorts), and the hours
        those settlements cover.
    note : str
        ``""`` when every series is up to date; else what is not (stale since when, missing, sample data).
    open_interest : tuple of float
        The hedge contract's open interest each day, coins (where the venue publishes its history).
    """

    asset: str
    venue: str
    symbol: str
    dated_symbol: str
    first_day: dt.date
    spot_close: tuple[float, ...]
    hedge_close: tuple[float, ...]
    funding: tuple[float, ...]
    funding_hours: tuple[float, ...]
    dated_close: tuple[float, ...]
    note: str = ""
    open_interest: tuple[float, ...] = ()

    @property
    def days(self) -> list[dt.date]:
        return [self.first_day + dt.timedelta(days=k) for k in range(len(self.spot_close))]

    @property
    def key(self) -> tuple[str, str, str]:
        return self.asset, self.venue, self.symbol

    def columns(self) -> list[tuple[float, ...]]:
        """The value columns in the History sheet's order (after the date)."""
        interest = self.open_interest or tuple([math.nan] * len(self.spot_close))
        return [self.spot_close, self.hedge_close, self.funding, self.funding_hours, self.dated_close, interest]

    @classmethod
    def from_columns(cls, asset: str, venue: str, symbol: str, dated_symbol: str, first_day: dt.date,
                     columns: Sequence[tuple[float, ...]], note: str = "") -> "DailyHistory":
        """The history of :meth:`columns` (as the History sheet holds them)."""
        spot, hedge, funding, hours, dated, interest = columns
        return cls(asset, venue, symbol, dated_symbol, first_day, spot, hedge, funding, hours, dated, note, interest)


@dataclass(frozen=True)
class CarryFigures:
    """What Carry shows from a hedge's history (NaN where the history does not tell).

    Attributes
    ----------
    apr_recent, apr_all : float
        Mean funding APR over the last :data:`hedgebook.core.history.RECENT_DAYS` days and over all the days held
        (decimal a year, positive = longs paid shorts).
    apr_vol : float
        Standard deviation of the daily funding APRs.
    funding_low, funding_expected, funding_high : float
        Funding over the horizon on the order's notional if rates behave as they did, ±
        :data:`hedgebook.core.history.BAND_DEVIATIONS` standard deviations (USD; positive = the user pays).
    hedge_ratio, effectiveness : float
        β and R² of the hedge contract's daily closes against the spot closes.
    basis_vol : float
        Daily volatility of the dated alternative's basis against spot.
    """

    apr_recent: float = math.nan
    apr_all: float = math.nan
    apr_vol: float = math.nan
    funding_low: float = math.nan
    funding_expected: float = math.nan
    funding_high: float = math.nan
    hedge_ratio: float = math.nan
    effectiveness: float = math.nan
    basis_vol: float = math.nan


def spot_symbol(asset: str) -> str:
    """The Binance spot pair whose closes stand for the asset's."""
    return f"{asset.upper()}{SPOT_QUOTE}"


def history_market_rows(holdings: Sequence[HoldingInput], hedges: Sequence[Hedge], market) -> list[dict[str, Any]]:
    """The market-table rows whose history the plan shows: each hedge contract, its dated alternative, and the
    asset's spot pair (as dictionaries, for :func:`hedgebook.market.history_fetch.update_history`)."""
    wanted = set()
    for holding, hedge in zip(holdings, hedges):
        if holding.hedged and hedge.symbol:
            wanted.update({(holding.venue, hedge.symbol), (SPOT_HISTORY_VENUE, spot_symbol(holding.asset))})
            if hedge.dated_symbol:
                wanted.add((holding.venue, hedge.dated_symbol))
    if market is None or not len(market):
        return []
    rows = market[[(venue, symbol) in wanted for venue, symbol in zip(market["venue"], market["symbol"])]]
    return [dict(row) for row in rows.to_dict("records")]


def _day_index(first_day: dt.date, days: int, time_ms: int) -> int | None:
    index = (from_epoch_ms(time_ms).date() - first_day).days
    return index if 0 <= index < days else None


def closes_by_day(points: Iterable[Point], first_day: dt.date, days: int) -> tuple[float, ...]:
    """The ``days`` daily values from ``first_day`` on (UTC), each point on its day, NaN where a day has none."""
    values = [math.nan] * days
    for point in points:
        index = _day_index(first_day, days, point.time_ms)
        if index is not None:
            values[index] = point.value
    return tuple(values)


def _daily_funding(points: Iterable[Point], first_day: dt.date, days: int,
                   fallback_h: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    rates, hours = [math.nan] * days, [math.nan] * days
    for point in points:
        index = _day_index(first_day, days, point.time_ms)
        interval = point.interval_h if point.interval_h is not None else fallback_h
        if index is None or not interval > 0:
            continue
        rates[index] = point.value if math.isnan(rates[index]) else rates[index] + point.value
        hours[index] = interval if math.isnan(hours[index]) else hours[index] + interval
    return tuple(rates), tuple(hours)


def daily_history(points: PointsOf, holdings: Sequence[HoldingInput], hedges: Sequence[Hedge], end: dt.date,
                  days: int = HISTORY_DAYS, notes: Mapping[tuple[str, str, str], str] | None = None
                  ) -> list[DailyHistory | None]:
    """Each holding's :class:`DailyHistory` over the ``days`` days up to ``end`` (inclusive), from ``points``;
    None for a holding without a hedge.  ``notes`` maps ``(asset, venue, symbol)`` to what is not up to date."""
    first_day = end - dt.timedelta(days=days - 1)
    since = int(dt.datetime.combine(first_day, dt.time(), dt.timezone.utc).timestamp() * 1000)
    result: list[DailyHistory | None] = []
    for holding, hedge in zip(holdings, hedges):
        if not holding.hedged or not hedge.symbol:
            result.append(None)
            continue
        venue = holding.venue
        blank = tuple([math.nan] * days)
        funding, hours = (blank, blank) if hedge.dated_hedge else _daily_funding(
            points(venue, hedge.symbol, FUNDING, since), first_day, days, hedge.interval_h)
        result.append(DailyHistory(
            holding.asset, venue, hedge.symbol, hedge.dated_symbol, first_day,
            closes_by_day(points(SPOT_HISTORY_VENUE, spot_symbol(holding.asset), CLOSE, since), first_day, days),
            closes_by_day(points(venue, hedge.symbol, CLOSE, since), first_day, days), funding, hours,
            closes_by_day(points(venue, hedge.dated_symbol, CLOSE, since), first_day, days) if hedge.dated_symbol
            else blank,
            (notes or {}).get((holding.asset, venue, hedge.symbol), ""),
            closes_by_day(points(venue, hedge.symbol, OPEN_INTEREST, since), first_day, days)))
    return result


def _known(values: tuple[float, ...]) -> bool:
    return any(not math.isnan(v) for v in values)


def with_previous(histories: Sequence[DailyHistory | None], previous: Iterable[DailyHistory]
                  ) -> list[DailyHistory | None]:
    """``histories``, each series the store had nothing of taken from the workbook's previous history of the same
    hedge (its days aligned, the days since left blank): what Refresh could not get again is not lost."""
    earlier = {item.key: item for item in previous}
    kept: list[DailyHistory | None] = []
    for item in histories:
        old = earlier.get(item.key) if item is not None else None
        if old is None:
            kept.append(item)
            continue
        shift = (item.first_day - old.first_day).days
        columns = []
        for new, stored in zip(item.columns(), old.columns()):
            if _known(new):
                columns.append(new)
            else:
                columns.append(tuple(stored[k + shift] if 0 <= k + shift < len(stored) else math.nan
                                     for k in range(len(new))))
        replaced = [not _known(new) and _known(column) for new, column in zip(item.columns(), columns)]
        note = item.note
        if any(replaced):
            note = "; ".join(filter(None, [note, "kept from the previous refresh: the store has none"]))
        kept.append(DailyHistory.from_columns(item.asset, item.venue, item.symbol, item.dated_symbol,
                                              item.first_day, columns, note))
    return kept


def histories_for(holdings: Sequence[HoldingInput], hedges: Sequence[Hedge], previous: Iterable[DailyHistory]
                  ) -> list[DailyHistory | None]:
    """The workbook's previous history of each holding's hedge, as it was (None where it had none): what the
    History sheet shows when its history could not be brought up to date."""
    earlier = {item.key: item for item in previous}
    return [earlier.get((holding.asset, holding.venue, hedge.symbol)) if holding.hedged else None
            for holding, hedge in zip(holdings, hedges)]


def carry_figures(item: DailyHistory | None, notional: float, horizon_days: float) -> CarryFigures:
    """Carry's figures of one hedge's history (all NaN without one); ``notional`` is the order's, USD, signed."""
    if item is None:
        return CarryFigures()
    return CarryFigures(*stats.funding_apr_figures(item.funding, item.funding_hours),
                        *stats.funding_band(notional, item.funding, item.funding_hours, horizon_days),
                        *stats.fit_figures(item.spot_close, item.hedge_close, item.dated_close))


def hedge_fit(item: DailyHistory | None) -> tuple[float, float]:
    """β and R² of a hedge's daily closes against its asset's spot closes (NaN, NaN without a history, or with
    too few days of both; see :func:`hedgebook.core.history.hedge_ratio`)."""
    if item is None:
        return math.nan, math.nan
    return (stats.hedge_ratio(item.spot_close, item.hedge_close),
            stats.hedge_effectiveness(item.spot_close, item.hedge_close))


def sample_history(holdings: Sequence[HoldingInput], hedges: Sequence[Hedge], end: dt.date,
                   days: int = HISTORY_DAYS) -> list[DailyHistory | None]:
    """Made-up daily series for the demo and the template, ending at each hedge's prices on ``end``: a random walk
    of 2–3 % a day for spot, the perpetual within a few basis points of it, the dated future drifting toward it,
    funding around 0.01 % per settlement with some negative days.  Labelled :data:`SAMPLE_HISTORY_LABEL`."""
    made_up: dict[tuple[str, str, str], list[Point]] = {}
    first = int(dt.datetime.combine(end - dt.timedelta(days=days - 1), dt.time(),
                                    dt.timezone.utc).timestamp() * 1000)
    for holding, hedge in zip(holdings, hedges):
        if not holding.hedged or not hedge.symbol or not hedge.spot_price > 0 or (hedge.cross_asset and
                                                                                  not hedge.price > 0):
            continue
        draw = random.Random(f"hedgebook sample {holding.asset}")  # the same series on every build
        spot = [hedge.spot_price]
        for _ in range(days - 1):
            spot.append(spot[-1] * math.exp(draw.gauss(0.0, 0.025)))
        spot.reverse()  # the walk ends today's price
        times = [first + k * MS_PER_DAY for k in range(days)]
        made_up[(SPOT_HISTORY_VENUE, spot_symbol(holding.asset), CLOSE)] = [
            Point(t, round(s, 2)) for t, s in zip(times, spot)]
        if hedge.cross_asset:  # another asset's contract, at its own price
            hedge_closes = [hedge.price * (s / spot[-1]) ** SAMPLE_CROSS_MOVE
                            * math.exp(draw.gauss(0.0, SAMPLE_CROSS_NOISE)) for s in spot]
        else:
            hedge_closes = [s * (1 + draw.gauss(0.0002, 0.0004)) for s in spot]
        made_up[(holding.venue, hedge.symbol, CLOSE)] = [Point(t, round(h, 2)) for t, h in zip(times, hedge_closes)]
        # the dated future and the open interest are the contract's asset's
        track = hedge_closes if hedge.cross_asset else spot
        if hedge.dated_symbol:
            made_up[(holding.venue, hedge.dated_symbol, CLOSE)] = [
                Point(t, round(s * (1 + 0.012 * (days - k) / days + draw.gauss(0.0, 0.001)), 2))
                for k, (t, s) in enumerate(zip(times, track))]
        interest = 1e9 / track[-1]  # about a billion USD of open interest, in coins
        made_up[(holding.venue, hedge.symbol, OPEN_INTEREST)] = [
            Point(t, round(interest * (1 + 0.15 * math.sin(k / 9) + draw.gauss(0.0, 0.02)), 1))
            for k, t in enumerate(times)]
        interval = hedge.interval_h if hedge.interval_h > 0 else DEFAULT_FUNDING_INTERVAL_H
        made_up[(holding.venue, hedge.symbol, FUNDING)] = [
            Point(t, round(draw.gauss(0.0001, 0.00008), 7), interval)
            for t in range(first, first + days * MS_PER_DAY, int(interval * MS_PER_HOUR))]

    def points(venue: str, symbol: str, name: str, since_ms: int) -> list[Point]:
        return [p for p in made_up.get((venue, symbol, name), []) if p.time_ms >= since_ms]

    notes = {(h.asset, h.venue, q.symbol): SAMPLE_HISTORY_LABEL for h, q in zip(holdings, hedges)}
    return daily_history(points, holdings, hedges, end, days, notes)


@dataclass
class HistoryRefresh:
    """What bringing a plan's history up to date gave: the histories to show, and what the user must hear."""

    histories: list[DailyHistory | None]
    warnings: list[str] = field(default_factory=list)
    received: dict = field(default_factory=dict)
    """``(venue, symbol)`` → the funding your own positions there received (:mod:`.funding_received`)."""


def refresh_history(store, holdings: Sequence[HoldingInput], hedges: Sequence[Hedge], market, now: dt.datetime,
                    previous: Iterable[DailyHistory] = (), *, update=None, config=None) -> HistoryRefresh:
    """Bring the store's series of the plan's hedges up to date, then read each hedge's daily history from it.

    A series that failed is shown as the store has it, with a note saying since when; one the store has
    nothing of keeps the workbook's previous values (``previous``).

    Parameters
    ----------
    store : HistoryStore
        Where the history is kept.
    update : callable, optional
        ``update(rows, store, days=..., config=..., now_ms=...)`` (default:
        :func:`hedgebook.market.history_fetch.update_history`; injected in tests).
    """
    if update is None:
        from ..market.history_fetch import update_history as update
    rows = history_market_rows(holdings, hedges, market)
    outcome = update(rows, store, days=HISTORY_DAYS, config=config, now_ms=int(now.timestamp() * 1000))
    warnings = [f"history: {item.venue} {item.symbol} {item.field} not updated ({item.error})"
                for item in outcome.failed]
    failed: dict[tuple[str, str], list[str]] = {}
    for item in outcome.failed:
        failed.setdefault((item.venue, item.symbol), []).append(item.field)
    notes = {}
    for holding, hedge in zip(holdings, hedges):
        series = [(holding.venue, hedge.symbol), (holding.venue, hedge.dated_symbol),
                  (SPOT_HISTORY_VENUE, spot_symbol(holding.asset))]
        stale = [(venue, symbol, name) for venue, symbol in series for name in failed.get((venue, symbol), ())]
        if not stale:
            continue
        names = ", ".join(f"{symbol} {name}" for _, symbol, name in stale)
        known = [moment for moment in (store.state(*key).updated_at for key in stale) if moment is not None]
        notes[(holding.asset, holding.venue, hedge.symbol)] = (
            f"stale: {names} not updated; as of {min(known):%Y-%m-%d %H:%M} UTC" if known
            else f"missing: {names} could not be read")
    end = now.date() - dt.timedelta(days=1)
    histories = with_previous(daily_history(store.points, holdings, hedges, end, notes=notes), previous)
    received = received_in_store(store, hedge_contracts(holdings, hedges))
    return HistoryRefresh(histories, warnings, received)


def history_from_store(path=None, *, update=None, config=None):
    """An ``UpdateHistory`` for :func:`hedgebook.app.refresh.refresh`: opens the history store (``path``, else the
    user's: :func:`hedgebook.market.history_store.default_path`), brings the plan's series up to date and reads
    the plan's histories from it; what opening the store had to say (a file set aside) becomes a warning."""
    from ..market.history_store import HistoryStore, default_path

    def run(chosen, previous: Sequence[DailyHistory], now: dt.datetime) -> HistoryRefresh:
        with HistoryStore(path or default_path()) as store:
            result = refresh_history(store, chosen.holdings, chosen.hedges, chosen.market, now, previous,
                                     update=update, config=config)
            result.warnings[:0] = [f"history: {note}" for note in store.notes]
            return result

    return run
