"""``hedgebook history``'s pipeline: find each asset's contracts, bring the history store up to date, and measure.

The command line only prints what :func:`update_history_store` returns.
"""

from __future__ import annotations

import datetime as dt
import time
import warnings
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..core.errors import HedgebookError
from ..market import fetch_market
from ..market.history_fetch import HistoryUpdate, history_targets, update_history
from ..market.history_store import CLOSE, FUNDING, HistoryStore, default_path, store_errors
from ..market.table import KIND_PERP, KIND_SPOT
from ..market.venues import HISTORY_VENUES, SPOT_HISTORY_VENUE
from .funding_received import received_report
from .history_figures import funding_history, hedge_fits

Progress = Callable[[int], tuple]
"""``progress(total)`` → ``(context manager, advance)``: a display of ``total`` steps; ``advance(venue, message)``
as each venue is done."""


@dataclass
class HistoryReport:
    """What bringing the history store up to date did, and what it holds now.

    Attributes
    ----------
    errors : dict
        Venue → why its contracts could not be listed (its series were not asked).
    targets : list of dict
        The market rows whose series were asked.
    update : HistoryUpdate
        One entry per series asked (``failed`` names those not updated), requests per venue.
    funding, fits : list
        Realized funding per perpetual, and each contract's hedge fit against spot
        (:mod:`hedgebook.app.history_figures`).
    store_path : Path
        The history store.
    notes : list of str
        What the store had to say: a file set aside, records refused or skipped.
    received : list of ReceivedReport
        The funding your own positions received, per contract the store keeps it for
        (:func:`hedgebook.app.funding_received.received_report`).
    """

    errors: dict[str, str]
    targets: list[dict]
    update: HistoryUpdate
    funding: list
    fits: list
    store_path: Path
    notes: list[str] = field(default_factory=list)
    received: list = field(default_factory=list)
    offline: bool = False

    @property
    def ok(self) -> bool:
        """Whether any series was asked and not every one failed; offline, whether the store held any."""
        if self.offline:
            return bool(self.funding or self.fits)
        return bool(self.targets) and len(self.update.failed) < len(self.update.series)


def history_venues(asked: Iterable[str] = ()) -> list[str]:
    """The venues read: those ``asked`` (default: every venue that serves history), and always the venue of the
    coins' own closes, for β and R²."""
    return list(dict.fromkeys([*(list(asked) or HISTORY_VENUES), SPOT_HISTORY_VENUE]))


def _no_display(total: int):
    return nullcontext(), lambda venue, message: None


def update_history_store(venues: Sequence[str], assets: Sequence[str], *, days: int, store: Path | None = None,
                         config=None, progress: Progress = _no_display) -> HistoryReport:
    """List the contracts of ``assets`` on ``venues``, bring their history up to date in the store, and measure it.

    Parameters
    ----------
    venues : sequence of str
        The venues to read (see :func:`history_venues`).
    assets : sequence of str
        Base assets, e.g. ``["BTC", "ETH"]``.
    days : int
        Days to backfill a series the store does not have yet.
    store : Path, optional
        The history store (default: the user's, :func:`hedgebook.market.history_store.default_path`).
    config : MarketConfig, optional
        Timeouts, deadlines and addresses.
    progress : callable
        A display per stage (the listing, then the update).

    Raises
    ------
    StoreError
        The store cannot be written (a full disk, a file locked too long by another program).
    HedgebookError
        Any other value a step refuses, said in one line.
    """
    try:
        return _update_history_store(venues, assets, days=days, store=store, config=config, progress=progress)
    except HedgebookError:
        raise
    except ValueError as error:  # a value no step named: one line for the user, not a traceback
        raise HedgebookError(f"history: {error}") from None


def _update_history_store(venues: Sequence[str], assets: Sequence[str], *, days: int, store: Path | None,
                          config, progress: Progress) -> HistoryReport:
    display, advance = progress(len(venues))
    with display, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        snapshot = fetch_market(list(venues), list(assets), progress=advance, config=config)
    targets = history_targets(snapshot.table.to_dict("records"), list(assets))
    with store_errors(), HistoryStore(Path(store) if store else default_path()) as opened:
        now_ms = int(time.time() * 1000)
        if not targets:  # no venue answered: what the store already holds, said with its age
            targets = stored_targets(opened, assets)
            report = _measured(opened, targets, HistoryUpdate(), now_ms, days, snapshot.errors)
            report.notes.insert(0, offline_note(opened, targets, snapshot.errors))
            report.offline = True
            return report
        display, advance = progress(len({row["venue"] for row in targets}))
        with display:
            update = update_history(targets, opened, days=days, config=config, progress=advance)
        return _measured(opened, targets, update, now_ms, days, snapshot.errors)


def _measured(opened: HistoryStore, targets: list[dict], update: HistoryUpdate, now_ms: int, days: int,
              errors: dict) -> HistoryReport:
    """The report of what the store holds for ``targets``."""
    funding = funding_history(opened, targets, now_ms)
    fits = hedge_fits(opened, targets, now_ms, days=days)
    received = received_report(opened, now_ms)
    return HistoryReport(dict(errors), targets, update, funding, fits, opened.path, list(opened.notes), received)


def stored_targets(store: HistoryStore, assets: Sequence[str]) -> list[dict]:
    """The contracts the store holds series of, as market rows (venue, symbol, base, kind) for ``assets``: a funding
    series is a perpetual's, a close of the coins' own venue a spot's; the asset is the one a symbol starts with."""
    found: dict[tuple[str, str], dict] = {}
    for venue, symbol, name in store.series():
        base = next((asset for asset in assets if symbol.upper().startswith(asset.upper())), None)
        if base is None or name not in (FUNDING, CLOSE):
            continue
        kind = KIND_SPOT if venue == SPOT_HISTORY_VENUE else KIND_PERP
        if kind == KIND_SPOT or name == FUNDING or (venue, symbol) in found:
            found.setdefault((venue, symbol), {"venue": venue, "symbol": symbol, "base": base.upper(), "kind": kind,
                                               "settle": "", "funding_apr": float("nan")})
    return sorted(found.values(), key=lambda row: (row["venue"], row["base"], row["kind"], row["symbol"]))


def offline_note(store: HistoryStore, targets: list[dict], errors: dict) -> str:
    """The warning of a history shown without the venues: which failed, and how old the store's newest record is."""
    newest = [store.state(row["venue"], row["symbol"], FUNDING if row["kind"] == KIND_PERP else CLOSE).newest_ms
              for row in targets]
    newest = [ms for ms in newest if ms is not None]
    age = ""
    if newest:
        moment = dt.datetime.fromtimestamp(max(newest) / 1000, dt.timezone.utc)
        hours = (time.time() * 1000 - max(newest)) / 3_600_000
        age = f", as of {moment:%Y-%m-%d %H:%M} UTC ({hours:.0f} h old)"
    failed = ", ".join(sorted(errors)) if 0 < len(errors) <= 2 else "none answered"
    return (f"the venues were not reached ({failed}): the history store's figures, not updated{age}"
            if newest else f"the venues were not reached ({failed}), and the history store holds nothing for these "
                           "assets yet")
