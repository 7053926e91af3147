"""The history store: the venues' past funding rates, daily closes and open interest, kept in one SQLite file.

One table of points, ``(venue, symbol, field, time) → value`` (a funding record also carries the hours it
covers), and one of series, what was last asked of each and when.  The file lives in the user data
directory (``HEDGEBOOK_HISTORY_DB`` moves it).  It is written in WAL mode, every write in one
transaction that takes the write lock first (``BEGIN IMMEDIATE``): a process killed mid-write leaves the
file as it was before that write, and two refreshes at once take turns.  A point the venue restates
(history rewritten) is updated in place, never duplicated.

A file that is not a hedgebook history store (not SQLite, another program's, damaged, or written by a
newer hedgebook) is moved aside, renamed with the time, with a message, and a new store is started:
nothing is deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

from ..core.errors import HedgebookError
from ..core.history import funding_intervals

HISTORY_FILE = "history.sqlite"
HISTORY_DB_VARIABLE = "HEDGEBOOK_HISTORY_DB"
APPLICATION_ID = 0x48424B48
"""``PRAGMA application_id`` of a hedgebook history store ("HBKH"): another program's SQLite file is told apart."""
SCHEMA_VERSION = 1
"""``PRAGMA user_version`` of the schema this module writes."""
BUSY_TIMEOUT_S = 30.0
"""Seconds a write waits for another process's write to finish before giving up."""

FUNDING = "funding_rate"
"""Settled funding rate, decimal per interval; positive = longs pay shorts.  Time = settlement."""
CLOSE = "close"
"""Daily close, USD (quote currency).  Time = the UTC day's start."""
OPEN_INTEREST = "open_interest"
"""Open interest at the day's stamp, base units (coins).  Time = the venue's stamp."""
FIELDS = (FUNDING, CLOSE, OPEN_INTEREST)
"""The market's series, which the venues serve to anyone."""
FUNDING_RECEIVED_USD = "funding_received_usd"
"""Funding settled on your own position in a contract settled in a stablecoin, USD; positive = received, negative =
paid (read with your key by ``hedgebook accounts``).  Time = settlement."""
FUNDING_RECEIVED_COIN = "funding_received_coin"
"""The same for an inverse contract, in the coin it settles in."""
POSITION_NOTIONAL = "position_notional"
"""Your position's notional in the contract when its account was last read, USD, signed (negative = short)."""
ACCOUNT_FIELDS = (FUNDING_RECEIVED_USD, FUNDING_RECEIVED_COIN, POSITION_NOTIONAL)
"""Your account's own series, under their own names: never the market's."""
STORED_FIELDS = FIELDS + ACCOUNT_FIELDS

_SCHEMA = """
CREATE TABLE points (
    venue TEXT NOT NULL, symbol TEXT NOT NULL, field TEXT NOT NULL, time_ms INTEGER NOT NULL,
    value REAL NOT NULL, interval_h REAL,
    PRIMARY KEY (venue, symbol, field, time_ms)
) WITHOUT ROWID;
CREATE TABLE series (
    venue TEXT NOT NULL, symbol TEXT NOT NULL, field TEXT NOT NULL,
    asked_at_ms INTEGER, updated_at_ms INTEGER, error TEXT,
    PRIMARY KEY (venue, symbol, field)
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class Point:
    """One record of a series.

    Attributes
    ----------
    time_ms : int
        Milliseconds since the epoch, UTC (a settlement; a day's start for a daily close).
    value : float
        In the series' unit (see :data:`FIELDS`).
    interval_h : float or None
        Hours a funding record covers, when the venue says so; None = told by the time since the
        record before it (:func:`~hedgebook.core.history.funding_intervals`).
    """

    time_ms: int
    value: float
    interval_h: float | None = None


@dataclass(frozen=True)
class Written:
    """What a write changed: points new to the store, points the venue restated with another value, and points
    refused because no one can mean them (a close of 0 or below, a value that is not a finite number, a funding
    interval of 0 or below, a negative open interest)."""

    new: int = 0
    changed: int = 0
    refused: int = 0


def problem_of(field: str, value: float, interval_h: float | None = None) -> str:
    """Why a record of ``field`` cannot be meant ("" when it can): what no venue serves and no figure may use."""
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return f"{value!r} is not a number"
    if field == CLOSE and not value > 0:
        return f"{value!r} is not a price"
    if field == OPEN_INTEREST and value < 0:
        return f"{value!r} is not an open interest"
    if field == FUNDING and interval_h is not None and not (math.isfinite(interval_h) and interval_h > 0):
        return f"an interval of {interval_h!r} h is not one"
    return ""


def _moment(time_ms: int) -> str:
    return dt.datetime.fromtimestamp(time_ms / 1000, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class SeriesState:
    """What the store knows of a series.

    Attributes
    ----------
    newest_ms, oldest_ms : int or None
        Times of its newest and oldest points; None = no point.
    updated_at : datetime or None
        When it was last brought up to date (UTC); None = never.
    error : str or None
        Why the last attempt failed, if it did (the points kept are then as of ``updated_at``).
    """

    newest_ms: int | None
    updated_at: dt.datetime | None
    error: str | None
    oldest_ms: int | None = None


def default_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the store lives: ``HEDGEBOOK_HISTORY_DB`` if set, else ``history.sqlite`` in the user data folder."""
    environ = os.environ if environ is None else environ
    configured = environ.get(HISTORY_DB_VARIABLE)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("hedgebook", appauthor=False)) / HISTORY_FILE


class HistoryStore:
    """The store at ``path``, created when missing.

    A file that is not known to be a hedgebook store (not a SQLite database, another program's, unreadable) is
    refused and left as it is; a hedgebook store that cannot be used (damaged, missing its tables, written by a
    newer hedgebook) is moved aside and a new one started (see ``notes``).

    Parameters
    ----------
    path : Path
        The SQLite file.
    clock : callable
        Seconds since the epoch (injected in tests).

    Attributes
    ----------
    notes : list of str
        What happened on opening that the user should hear of (a file moved aside).

    Raises
    ------
    StoreError
        When ``path`` is a folder, or a file that is not known to be a hedgebook store.
    sqlite3.OperationalError
        When the file cannot be opened (no permission) or stays locked by another writer longer than
        :data:`BUSY_TIMEOUT_S`: the file is left as it is.
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self._clock = clock
        self.notes: list[str] = []
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"history store {self.path} is not a file (a folder?): give the file's path")
        _refuse_what_is_not_sqlite(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.OperationalError:
            raise  # cannot be opened or is locked: not the file's fault, so never set aside
        except sqlite3.DatabaseError as error:  # not known to be hedgebook's: refused, never renamed
            raise StoreError(f"history store {self.path} cannot be read as one ({error}): if it is hedgebook's, "
                             "move it away and a new one is started; else give another path") from None

    def _open(self) -> sqlite3.Connection:
        """The connection, the schema in place; raises DatabaseError for a file that is not a usable store
        (after moving a foreign one aside, it opens the new one)."""
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if application_id != APPLICATION_ID and tables:
                raise StoreError(f"history store {self.path} is another program's database, not a hedgebook "
                                 "store: it was left as it is; give another path")
            if version > SCHEMA_VERSION:
                raise _Foreign(f"a newer hedgebook wrote it (schema {version}, this one reads {SCHEMA_VERSION})")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _Foreign("it is damaged")
            if application_id == APPLICATION_ID and not _has_tables(db):
                raise _Foreign("it is missing its tables")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if application_id != APPLICATION_ID:
                with _transaction(db):
                    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:  # not another's first
                        for statement in _SCHEMA.split(";"):
                            if statement.strip():
                                db.execute(statement)
                        db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            return db
        except _Foreign as why:
            db.close()
            self._set_aside(str(why))
            return self._open()
        except BaseException:
            db.close()
            raise

    def _set_aside(self, why: str) -> None:
        stamp = dt.datetime.fromtimestamp(self._clock(), dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.set-aside-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(self.path) + suffix)
            if source.exists():
                os.replace(source, Path(str(aside) + suffix))
        self.notes.append(f"history store {self.path} was set aside as {aside.name} because {why}; "
                          f"a new one is started (past records are asked for again)")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "HistoryStore":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def state(self, venue: str, symbol: str, field: str) -> SeriesState:
        """What the store knows of one series."""
        oldest, newest = self._db.execute("SELECT min(time_ms), max(time_ms) FROM points WHERE venue=? AND symbol=? "
                                          "AND field=?", (venue, symbol, field)).fetchone()
        row = self._db.execute("SELECT updated_at_ms, error FROM series WHERE venue=? AND symbol=? AND field=?",
                               (venue, symbol, field)).fetchone()
        updated_ms, error = row if row else (None, None)
        updated = None if updated_ms is None else dt.datetime.fromtimestamp(updated_ms / 1000, dt.timezone.utc)
        return SeriesState(newest, updated, error, oldest)

    def write(self, venue: str, symbol: str, field: str, points: Sequence[Point], *,
              fallback_interval_h: float = math.nan) -> Written:
        """Store ``points`` of a series in one transaction and mark the series up to date.

        A point at a time already stored replaces it when its value differs (counted as changed); funding
        points without their own interval get the one the time since the record before tells, the stored
        ones included (:func:`~hedgebook.core.history.funding_intervals`), ``fallback_interval_h`` where it
        does not.

        A point no one can mean (:func:`problem_of`) is never stored: it is counted in ``refused`` and
        :attr:`notes` names the first; the others are written.

        Raises
        ------
        ValueError
            For an unknown field.
        """
        if field not in STORED_FIELDS:
            raise ValueError(f"unknown history field {field!r}; known: {', '.join(STORED_FIELDS)}")
        by_time = {int(p.time_ms): p for p in points}
        refused = [(t, problem_of(field, p.value, p.interval_h)) for t, p in sorted(by_time.items())]
        refused = [(t, why) for t, why in refused if why]
        if refused:
            first, why = refused[0]
            self.notes.append(f"{venue} {symbol} {field}: {len(refused)} record(s) refused, never stored (the first "
                              f"at {_moment(first)}: {why})")
            for t, _ in refused:
                del by_time[t]
        times = sorted(by_time)
        with _transaction(self._db):
            key = (venue, symbol, field)
            stored = {}
            if times:
                stored = {t: (v, h) for t, v, h in self._db.execute(
                    "SELECT time_ms, value, interval_h FROM points WHERE venue=? AND symbol=? AND field=? "
                    "AND time_ms BETWEEN ? AND ?", (*key, times[0], times[-1]))}
            rows = [(t, by_time[t].value, by_time[t].interval_h) for t in times]
            if field == FUNDING:
                rows = self._with_intervals(key, rows, fallback_interval_h)
            fresh = [row for row in rows if stored.get(row[0]) != (row[1], row[2])]
            new = sum(1 for row in fresh if row[0] not in stored)
            self._db.executemany(
                "INSERT INTO points VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE "
                "SET value=excluded.value, interval_h=excluded.interval_h",
                [(*key, t, v, h) for t, v, h in fresh])
            self._mark(key, updated=True, error=None)
        return Written(new, len(fresh) - new, len(refused))

    def _with_intervals(self, key: tuple, rows: list[tuple], fallback_h: float) -> list[tuple]:
        """The rows with each funding record's interval: its own, else told by the record before it."""
        before = self._db.execute("SELECT max(time_ms) FROM points WHERE venue=? AND symbol=? AND field=? "
                                  "AND time_ms < ?", (*key, rows[0][0])).fetchone()[0] if rows else None
        told = funding_intervals([row[0] for row in rows], before, fallback_h) if rows else []
        return [(t, v, h if h is not None else (None if math.isnan(g) else float(g)))
                for (t, v, h), g in zip(rows, told)]

    def mark_failed(self, venue: str, symbol: str, field: str, error: str) -> None:
        """Note that bringing a series up to date failed, and why; its points are kept as they were."""
        with _transaction(self._db):
            self._mark((venue, symbol, field), updated=False, error=error)

    def _mark(self, key: tuple, *, updated: bool, error: str | None) -> None:
        now = int(self._clock() * 1000)
        self._db.execute(
            "INSERT INTO series VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET asked_at_ms=excluded.asked_at_ms, "
            "updated_at_ms=coalesce(excluded.updated_at_ms, updated_at_ms), error=excluded.error",
            (*key, now, now if updated else None, error))

    def points(self, venue: str, symbol: str, field: str, since_ms: int | None = None) -> list[Point]:
        """The series' points from ``since_ms`` on (all when None), oldest first; a record no one can mean, stored
        before such records were refused, is skipped and :attr:`notes` names it."""
        rows = self._db.execute(
            "SELECT time_ms, value, interval_h FROM points WHERE venue=? AND symbol=? AND field=? AND time_ms >= ? "
            "ORDER BY time_ms", (venue, symbol, field, -(2 ** 62) if since_ms is None else since_ms))
        found, skipped = [], []
        for t, v, h in rows:
            why = problem_of(field, v, h)
            (skipped.append((t, why)) if why else found.append(Point(t, v, h)))
        if skipped:
            note = (f"{venue} {symbol} {field}: {len(skipped)} stored record(s) skipped (the first at "
                    f"{_moment(skipped[0][0])}: {skipped[0][1]})")
            if note not in self.notes:
                self.notes.append(note)
        return found

    def series(self) -> list[tuple[str, str, str]]:
        """Every series the store has points of, as ``(venue, symbol, field)``."""
        return [tuple(row) for row in self._db.execute(
            "SELECT DISTINCT venue, symbol, field FROM points ORDER BY venue, symbol, field")]


class StoreError(HedgebookError, ValueError):
    """The history store cannot be used: not a store, another program's, or a database error (a full disk, a file
    locked too long by another program); ``str(error)`` says which, naming the file."""


@contextlib.contextmanager
def store_errors():
    """Turn a database error (:class:`sqlite3.Error`) inside the block into a :class:`StoreError`."""
    try:
        yield
    except sqlite3.Error as error:
        raise StoreError(f"history store: {error}") from None


class _Foreign(Exception):
    """The file is a hedgebook store this module cannot use (damaged, missing its tables, newer): set aside."""


SQLITE_HEADER = b"SQLite format 3\x00"
STORE_TABLES = frozenset({"points", "series"})


def _refuse_what_is_not_sqlite(path: Path) -> None:
    """Raise StoreError, leaving the file as it is, when ``path`` holds something that is not a SQLite database (a
    workbook given by mistake, say); an empty file is a new store."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    if head and head != SQLITE_HEADER:
        raise StoreError(f"history store {path} is not a hedgebook store (not a SQLite database): it was left as it "
                         "is; give another path")


def _has_tables(db: sqlite3.Connection) -> bool:
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return STORE_TABLES <= names


class _transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any error (the write lock taken first, so two
    processes never both read and then both write)."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, error, trace) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")

