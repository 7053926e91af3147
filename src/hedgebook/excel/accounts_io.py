"""``hedgebook accounts FILE``: the venues' accounts read with read-only keys, imported into a plan workbook.

The workbook is read as :func:`~hedgebook.excel.workbook_io.read_file` reads it, the accounts by
:func:`hedgebook.market.private.read_accounts`, and :func:`hedgebook.app.accounts.import_accounts` says what
changes: each venue read replaces its Positions rows and its Accounts collateral.  The plan is computed on the
workbook's own market (nothing else is fetched) and the workbook rebuilt and replaced atomically, under the rules of
``hedgebook refresh`` (refused when open in Excel, read-only, changed meanwhile; the original kept on any failure).
The rows of other venues keep their places and the formulas typed in them; a replaced row's formulas go with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Callable, Sequence

from ..app.accounts import AccountImport, import_accounts
from ..app.funding_received import keep_readings
from ..app.inputs import PlanInputs
from ..app.planning import plan_from_market
from ..app.refresh import utc_now
from ..market import MarketConfig, MarketSnapshot
from ..market.keys import Credentials, keys_to_use
from ..market.private import read_accounts
from . import layout as L
from .reading import WorkbookContents
from .safe_file import (
    replace_atomically,
)
from .template import Kept
from .workbook_io import build_replacement, open_for_rewrite, verify_workbook

ReadAccounts = Callable[[Sequence[Credentials], bool], tuple]
"""``read(keys, allow_trading)`` → ``(readings, failures by venue)``, as
:func:`hedgebook.market.private.read_accounts` gives them."""


def import_file(path: Path, venues: Sequence[str] | None = None, *, allow_trading: bool = False,
                read: ReadAccounts | None = None, now: Callable[[], dt.datetime] = utc_now,
                timeout: float | None = None) -> AccountImport:
    """Import the accounts of ``venues`` (default: every venue with a key) into the plan workbook at ``path``.

    Raises
    ------
    InputError
        A venue whose account cannot be read, one named without a key, no venue with a key.
    VenueKeyTooPowerful
        A key may withdraw or transfer (or trade, without ``allow_trading``): nothing is written.
    ValueError
        The file is not a readable plan, holds sheets of its own, is read-only, open in Excel, or changed meanwhile.
    """
    path = Path(path)
    target, state, contents = open_for_rewrite(path, "an import", "move them out first")
    keys = keys_to_use(list(venues) if venues else None)
    if read is None:
        config = MarketConfig.from_environment().with_timeout(timeout)
        readings, failures = read_accounts(keys, config, allow_trading)
    else:
        readings, failures = read(keys, allow_trading)
    instant = now()

    def plan_of(inputs: PlanInputs):
        return plan_from_market(inputs, contents.market, contents.last_refresh or instant, now=instant,
                                tiers=contents.tiers, histories=contents.histories, sample=contents.sample)

    outcome = import_accounts(contents.inputs, contents.market, readings, failures, plan_of)
    if outcome.write:
        received, notes = keep_readings(readings, outcome.plan, int(instant.timestamp() * 1000))
        outcome = replace(outcome, plan=replace(outcome.plan, received=received, received_at=instant),
                          warnings=outcome.warnings + notes)
        keep = _kept(target, contents, {reading.venue for reading in readings})
        snapshot = MarketSnapshot(contents.market, fetched_at=contents.last_refresh or instant,
                                  label=contents.data_label or "market data from the workbook",
                                  sample=contents.sample, tiers=dict(contents.tiers))
        replace_atomically(path, lambda temporary: build_replacement(
            temporary, outcome.plan, snapshot, udf_module=contents.udf_module, cot=contents.cot, keep=keep),
                           verify=verify_workbook, expected=state)
    return outcome


def position_rows(contents: WorkbookContents, venues_read: set[str]) -> tuple[list[int], list[int]]:
    """The Positions rows (offsets) an import keeps, those of venues not read, and those it replaces."""
    rows = list(zip(contents.inputs.positions, contents.position_offsets))
    return ([offset for position, offset in rows if position.venue not in venues_read],
            [offset for position, offset in rows if position.venue in venues_read])


def _kept(original: Path, contents: WorkbookContents, venues_read: set[str]) -> Kept:
    """What the rebuild keeps: the rows of venues not read where they were (with their formulas); the rows of venues
    read go, and their positions take the first free rows; an account read keeps its row, its collateral's formula
    goes."""
    keep = Kept.from_file(original, contents)
    kept, gone = position_rows(contents, venues_read)
    gone_cells = {(L.POSITIONS, L.POSITIONS_TABLE.first_row + offset, col) for offset in gone
                  for col in range(L.POSITIONS_INPUT.first_col, L.POSITIONS_INPUT.last_col + 1)}
    gone_cells |= {(L.POSITIONS, L.ACCOUNTS_TABLE.first_row + offset, L.ACCOUNTS_TABLE.first_col + 1)
                   for account, offset in zip(contents.inputs.accounts, contents.account_offsets)
                   if account.venue in venues_read}
    formulas = {place: formula for place, formula in keep.input_formulas.items() if place not in gone_cells}
    return replace(keep, input_formulas=formulas, position_offsets=kept)
