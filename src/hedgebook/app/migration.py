"""Workbooks of the previous layout: futures positions typed in USD become positions in contracts.

The previous Holdings sheet had a column "Futures position (USD, short < 0)".
A USD amount is never re-priced: −15 000 typed for a 0.25 BTC short stays
−15 000 when BTC reaches 80 000, though the short is then worth −20 000,
and the plan over-hedges.  Such an amount is converted once, at the price
the workbook showed for the hedge contract when it was typed (else the
current one), into the contracts it stood for, rounded to the venue's lot;
the plan says so, and the workbook is rewritten with a Positions sheet.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from ..core.exposure import lot_decimals
from ..market.table import SETTLE_INVERSE
from .cell_reader import InputError
from .hedges import contract_price, hedge_perpetual
from .inputs import LegacyFutures, PlanInputs, PositionInput


def _contract_row(entry: LegacyFutures, table: pd.DataFrame) -> pd.Series | None:
    if entry.symbol:
        same = table["symbol"].astype(str).str.upper() == entry.symbol.upper()
        rows = table[(table["venue"] == entry.venue) & same]
        if not rows.empty:
            return rows.iloc[0]
    return hedge_perpetual(table, entry.venue, entry.asset)


def convert(entry: LegacyFutures, table: pd.DataFrame) -> tuple[PositionInput, str]:
    """The position a USD futures amount stood for, and the sentence that tells the user.

    Raises
    ------
    InputError
        When no contract of the holding's venue can be found to convert it into.
    """
    where = f"Holdings row {entry.row} ({entry.asset})"
    row = _contract_row(entry, table)
    if row is None:
        raise InputError(
            f"{where}: the futures position typed in USD ({entry.notional:,.2f}) cannot be converted into contracts: "
            f"no {entry.venue} perpetual for {entry.asset} in the market data. Positions are now typed in contracts "
            "on the Positions sheet: create a new workbook (hedgebook new) and type it there")
    inverse = row["settle"] == SETTLE_INVERSE
    then = entry.mark_price if entry.mark_price > 0 else math.nan
    price = then if then == then else contract_price(row)[0]
    size = float(row["contract_size"]) if row["contract_size"] > 0 else 1.0
    if not price > 0:
        raise InputError(f"{where}: the futures position typed in USD ({entry.notional:,.2f}) cannot be converted "
                         f"into contracts: {row['symbol']} has no price")
    contracts = entry.notional / (size if inverse else size * price)
    lot = float(row["lot_size"]) if row["lot_size"] > 0 else 0.0
    if lot:
        contracts = round(float(np.round(contracts / lot) * lot), lot_decimals(np.float64(lot)))
    when = "the workbook showed for it" if then == then else "now"
    note = (f"{where}: the futures position typed in USD ({entry.notional:,.2f}) is now a position on the Positions "
            f"sheet: {entry.venue} {row['symbol']} {contracts:g} contracts, from the price {price:,.2f} {when}. "
            "Check it against your account: positions are typed in contracts, as the venue shows them, and "
            "re-valued at every refresh.")
    return PositionInput(entry.venue, str(row["symbol"]), contracts), note


def with_legacy_futures_converted(inputs: PlanInputs, table: pd.DataFrame) -> tuple[PlanInputs, list[str]]:
    """``inputs`` with its USD futures (previous layout) turned into positions, and the notes to show
    (the inputs' own, then one per conversion).

    Raises
    ------
    InputError
        When one cannot be converted (see :func:`convert`).
    """
    if not inputs.legacy_futures:
        return inputs, list(inputs.notes)
    positions, notes = list(inputs.positions), list(inputs.notes)
    for entry in inputs.legacy_futures:
        if entry.notional:
            position, note = convert(entry, table)
            positions.append(position)
            notes.append(note)
    return replace(inputs, positions=tuple(positions), legacy_futures=(), notes=()), notes
