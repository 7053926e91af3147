"""Reading a plan workbook without Excel (openpyxl), and refreshing it headlessly.

openpyxl drops charts and form-control buttons from a file it saves, so a
headless refresh does not save through openpyxl: it reads the inputs
(Holdings, Settings) and the last Market table with openpyxl, fetches the
market, and rebuilds the whole workbook with the template builder (VBA
project, Refresh button and charts included) into a temporary file that
replaces the original only once complete.  A crash mid-write leaves the
original untouched.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from ..market import COLUMNS as MARKET_COLUMNS
from ..market import MarketSnapshot, VenueError, fetch_market, keep_previous_rows
from ..market.cot import COT_COLUMNS, fetch_cot
from ..market.table import normalize_types
from . import layout as L
from .model import HoldingInput, PlanBook, Settings, compute_plan, quotes_from_market
from .template import build_workbook

HEDGE_VENUES_WITH_SPOT = ("binance_spot", "coingecko")
"""Spot sources added to every refresh: the spot price of each asset."""


@dataclass
class PlanInputs:
    """What a workbook holds that is not recomputed: the user's input and the last market data."""

    holdings: list[HoldingInput]
    settings: Settings
    market: pd.DataFrame
    data_label: str
    udf_module: str
    cot: pd.DataFrame | None = None
    extra_sheets: list[str] = dataclasses.field(default_factory=list)


def fetch_cot_or_keep(previous: pd.DataFrame | None, timeout: float, fetch: Callable = fetch_cot):
    """The CFTC report, or ``previous`` and a warning line when it cannot be read."""
    try:
        return fetch(timeout=timeout), None
    except VenueError as error:
        return previous, f"cftc: {error} (the last report is kept)"


def _number(value, default: float = 0.0) -> float:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value}")
    return float(value)


def _utc(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    return None


def read_inputs(path: Path) -> PlanInputs:
    """Holdings, Settings, the Market table and the UDF module of a plan workbook.

    Raises
    ------
    ValueError
        When the file is not a hedgebook plan or an input cell holds a bad value
        (the message names the sheet, cell and value).
    """
    import openpyxl

    path = Path(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False)
    except Exception as error:
        raise ValueError(f"cannot open {path.name}: {error}") from None
    try:
        missing = [name for name in (L.HOLDINGS, L.SETTINGS, L.MARKET) if name not in book.sheetnames]
        if missing:
            raise ValueError(f"{path.name} is not a hedgebook plan: no sheet {missing[0]!r}")
        extra = [name for name in book.sheetnames if name not in (*L.SHEETS, L.CONF_SHEET)]
        holdings = _read_holdings(book[L.HOLDINGS])
        settings = _read_settings(book[L.SETTINGS])
        market = _read_market(book[L.MARKET])
        label = book[L.START].cell(L.LAST_REFRESH_ROW + 2, 3).value if L.START in book.sheetnames else ""
        cot = _read_cot(book[L.CONTEXT]) if L.CONTEXT in book.sheetnames else None
        module = book[L.CONF_SHEET].cell(1, 2).value if L.CONF_SHEET in book.sheetnames else path.stem
    finally:
        book.close()
    return PlanInputs(holdings, settings, market, str(label or ""), str(module or path.stem), cot, extra)


def _read_cot(sheet) -> pd.DataFrame | None:
    rows = sheet.iter_rows(min_row=L.COT_FIRST_ROW + 1, max_col=len(COT_COLUMNS), values_only=True)
    header = next(rows, None)
    if not header or list(header) != list(COT_COLUMNS):
        return None
    records = [list(row) for row in rows if row and row[0] not in (None, "")]
    return pd.DataFrame(records, columns=list(COT_COLUMNS))


def _read_holdings(sheet) -> list[HoldingInput]:
    return holdings_from_rows(
        sheet.iter_rows(min_row=L.FIRST_ROW + 1, max_row=L.LAST_ROW + 1, max_col=6, values_only=True))


def _read_settings(sheet) -> Settings:
    return settings_from_values(
        [sheet.cell(L.FIRST_ROW + 1 + offset, L.SETTINGS_VALUE_COLUMN + 1).value
         for offset in range(len(L.SETTINGS_ROWS))])


def _read_market(sheet) -> pd.DataFrame:
    return market_from_rows(
        sheet.iter_rows(min_row=L.MARKET_FIRST_ROW + 1, max_col=len(MARKET_COLUMNS), values_only=True))


def holdings_from_rows(rows) -> list[HoldingInput]:
    """Holdings from the input cells of the Holdings rows (asset, quantity, cost basis, futures, venue, target).

    Rows without an asset are skipped; a bad number names its row and asset.
    """
    holdings = []
    for offset, (asset, quantity, basis, futures, venue, target) in enumerate(rows):
        if asset is None or str(asset).strip() == "":
            continue
        try:
            holdings.append(
                HoldingInput(
                    asset=str(asset).strip().upper(),
                    quantity=_number(quantity),
                    cost_basis=_number(basis),
                    futures_notional=_number(futures),
                    venue=str(venue or "binance").strip().lower(),
                    target_weight=_number(target),
                )
            )
        except ValueError as error:
            raise ValueError(f"Holdings row {L.FIRST_ROW + 1 + offset} ({asset}): {error}") from None
    return holdings


def settings_from_values(values) -> Settings:
    """Settings from the value column, in :data:`layout.SETTINGS_ROWS` order; blanks take the defaults."""
    parsed = {}
    for offset, (setting, value) in enumerate(zip(L.SETTINGS_ROWS, values)):
        if setting.attribute == "as_of":
            parsed["as_of"] = _utc(value)
            continue
        try:
            parsed[setting.attribute] = _number(value, getattr(Settings(), setting.attribute))
        except ValueError as error:
            cell = L.a1(L.FIRST_ROW + offset, L.SETTINGS_VALUE_COLUMN)
            raise ValueError(f"Settings {cell} ({setting.title}): {error}") from None
    return Settings(**parsed)


def market_from_rows(rows) -> pd.DataFrame:
    """The market table from the Market sheet's rows, up to the first row without a venue."""
    records = []
    for row in rows:
        if not row or row[0] in (None, ""):
            break
        records.append(dict(zip(MARKET_COLUMNS, row)))
    frame = pd.DataFrame(records, columns=list(MARKET_COLUMNS))
    for column in ("expiry", "next_funding_time", "updated_at"):
        frame[column] = [_utc(v) for v in frame[column]]
    return normalize_types(frame)


def merge_fresh(fresh: MarketSnapshot, previous: pd.DataFrame) -> MarketSnapshot:
    """A fetch with each failed venue's previous rows kept (marked stale), labelled as live data."""
    return MarketSnapshot(
        table=keep_previous_rows(fresh, previous),
        errors=fresh.errors,
        warnings=fresh.warnings,
        requests=fresh.requests,
        fetched_at=fresh.fetched_at,
        label=f"live data, {fresh.fetched_at:%Y-%m-%d %H:%M} UTC",
    )


def snapshot_from_file(inputs: PlanInputs) -> MarketSnapshot:
    """The Market sheet as a snapshot (for ``plan`` without a refresh)."""
    table = inputs.market
    fetched = table["updated_at"].max() if len(table) else pd.NaT
    fetched_at = fetched.to_pydatetime() if pd.notna(fetched) else dt.datetime.now(dt.timezone.utc)
    return MarketSnapshot(table=table, fetched_at=fetched_at, label=inputs.data_label or "from the workbook")


def plan_from_inputs(inputs: PlanInputs, snapshot: MarketSnapshot) -> PlanBook:
    """Every figure of the workbook from its inputs and a market snapshot."""
    as_of = inputs.settings.as_of or snapshot.fetched_at
    quotes = quotes_from_market(inputs.holdings, snapshot.table, as_of)
    return compute_plan(inputs.holdings, inputs.settings, quotes)


def needed_venues(holdings: list[HoldingInput]) -> list[str]:
    """The venues a refresh must read: each holding's hedge venue, and the spot sources."""
    return list(dict.fromkeys([h.venue for h in holdings] + list(HEDGE_VENUES_WITH_SPOT)))


Fetcher = Callable[..., MarketSnapshot]


@dataclass
class RefreshResult:
    """What a refresh did: the snapshot written, and per-venue errors."""

    snapshot: MarketSnapshot
    book: PlanBook | None
    error: str | None = None

    @property
    def any_venue_ok(self) -> bool:
        """Whether at least one venue answered (only venues that answered have a request count)."""
        return bool(self.snapshot.requests)


def refresh_file(path: Path, venues: list[str] | None = None, *, fetch: Fetcher = fetch_market,
                 cot_fetch: Callable = fetch_cot, timeout: float = 10.0, progress=None) -> RefreshResult:
    """Refresh a plan workbook without Excel.

    Reads the inputs, fetches only the venues and assets the plan needs
    (``venues`` overrides the venue list), keeps a failed venue's previous
    rows marked stale, recomputes, and replaces the file atomically.  When no
    venue answers, or the plan cannot be computed, the file is not touched.

    Raises
    ------
    ValueError
        The file is not a readable plan, or holds sheets of its own that a
        rewrite would drop (nothing is written).
    """
    path = Path(path)
    inputs = read_inputs(path)
    if inputs.extra_sheets:
        raise ValueError(
            f"{path.name} has sheets hedgebook does not manage ({', '.join(inputs.extra_sheets)}); a refresh "
            "without Excel rewrites the workbook and would drop them: refresh it in Excel, or move them out"
        )
    assets = sorted({h.asset for h in inputs.holdings}) or None
    fresh = fetch(venues or needed_venues(inputs.holdings), assets, timeout=timeout, progress=progress)
    merged = merge_fresh(fresh, inputs.market)
    if not fresh.requests:  # no venue answered: nothing new to write, the file stays as it is
        return RefreshResult(merged, None, "no venue answered")
    settings = inputs.settings
    refreshed_inputs = PlanInputs(inputs.holdings, dataclasses.replace(settings, as_of=fresh.fetched_at),
                                  merged.table, merged.label, inputs.udf_module)
    try:
        book = plan_from_inputs(refreshed_inputs, merged)
    except ValueError as error:
        return RefreshResult(merged, None, str(error))
    cot, cot_problem = fetch_cot_or_keep(inputs.cot, timeout, cot_fetch)
    if cot_problem:
        merged.warnings.append(cot_problem)
    write_atomically(path, lambda target: build_workbook(target, book, merged, udf_module=inputs.udf_module, cot=cot))
    return RefreshResult(merged, book)


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file in the same folder, then replace ``path`` in one step."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
