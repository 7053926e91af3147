"""Positions: the open futures positions, typed in the venue's contract units, marked at each Refresh.

The user types venue, contract, contracts (short < 0) and, if they like,
the entry price.  Refresh writes what the market table says of each
contract (asset, settlement, contract size, mark price, status); the
notional and unrealized P&L are formulas, so a change of contracts shows at
once.  A row whose venue or contract changed since Refresh marked it counts
in ``Positions_Pending``: until Refresh reads it, its asset is unknown and
Rebalance computes no order.
"""

from __future__ import annotations

import math
from typing import Any

from ...app.accounts import liquidation_check
from ...app.held_risk import PositionRisk
from ...app.inputs import FROM_VENUE, MARGIN_MODES
from ...app.plan import Plan
from ...app.positions import MarkedPosition
from ...core import position_notional, position_pnl
from ...core.errors import InputError
from .. import layout as L
from ..widths import COLUMN_WIDTHS
from .formats import Formats, define, headers, print_rows, set_widths, title, write_array, write_cell
from .formulas import Placement, array_shielded

T = L.POSITIONS_TABLE
INVERSE = "inverse"


def marked_values(marked: MarkedPosition | None) -> list[Any]:
    """The cells Refresh writes for one position, in the order of :data:`layout.POSITIONS_MARKED`."""
    if marked is None:
        return [None] * L.POSITIONS_MARKED.cols
    found = f"{marked.venue} {marked.symbol}".upper() if marked.symbol else None
    return [marked.exposure_asset or None, found, marked.kind or None, marked.settle or None,
            marked.contract_size if marked.marked else None, marked.mark_price if marked.marked else None,
            marked.status if marked.marked else marked.problem, marked.data_as_of]


def position_offsets(count: int, typed_offsets: list[int] | None = None) -> list[int]:
    """The table row (0 = the first) of each of ``count`` positions: where it was typed, else the next free row."""
    typed = list(typed_offsets or [])[:count]
    taken = set(typed)
    free = (offset for offset in range(count + len(taken) + 1) if offset not in taken)
    return typed + [next(free) for _ in range(count - len(typed))]


def risk_values(risk: PositionRisk | None, marked: MarkedPosition | None = None) -> list[Any]:
    """The cells Refresh writes of one position as held now, in the order of :data:`layout.POSITIONS_RISK`: its margin
    (posted or assumed, with the word), liquidation price (or why it is not known), the mark's distance to it, an
    inverse position's P&L in coins, and how hedgebook's liquidation price compares with the venue's (read by
    ``hedgebook accounts``; blank when none was)."""
    if risk is None:
        return [None] * L.POSITIONS_RISK.cols

    def number(value: float) -> Any:
        return value if value == value else None

    price: Any = number(risk.liquidation_price) if not risk.problem else risk.problem
    if risk.past_liquidation:
        price = f"{risk.liquidation_price:,.2f}: PAST (the venue may have closed it)"
    margin: Any = number(risk.margin)
    if risk.margin_assumed and margin is not None:
        margin = f"{risk.margin:,.6g} (assumed)"
    venue_price = marked.position.venue_liquidation_price if marked is not None else math.nan
    check = liquidation_check(venue_price, risk.liquidation_price if not risk.problem else math.nan)
    return [margin if risk.margin_mode == "isolated" else "cross", price, number(risk.distance),
            number(risk.pnl_coins), check or None]


def _notional(marked: MarkedPosition) -> Any:
    if not marked.marked:
        return ""
    return position_notional(marked.contracts, marked.mark_price, marked.contract_size, marked.inverse)


def _pnl(marked: MarkedPosition) -> Any:
    entry = marked.position.entry_price
    if not marked.marked or not entry > 0:
        return ""
    return position_pnl(marked.contracts, entry, marked.mark_price, marked.contract_size, marked.inverse)


def typed_rows(data: Plan, place: Placement = Placement()) -> dict[int, list[Any]]:
    """The typed cells of each Positions row that holds a position (venue, contract, contracts, entry, margin mode,
    margin) and the two ``hedgebook accounts`` writes (source, the venue's liquidation price), by offset."""
    by_offset = dict(zip(position_offsets(len(data.positions), place.position_offsets), data.positions))
    if len(by_offset) > T.max_rows or any(offset >= T.max_rows for offset in by_offset):
        raise InputError(f"more than {T.max_rows} positions: the Positions sheet holds {T.max_rows}")
    return {offset: [m.position.venue, m.position.contract, m.position.contracts, m.position.entry_price,
                     m.position.margin_mode, m.position.margin, FROM_VENUE if m.position.source == FROM_VENUE else None,
                     m.position.venue_liquidation_price]
            for offset, m in by_offset.items()}


def account_rows(data: Plan, place: Placement = Placement()) -> dict[int, list[Any]]:
    """The typed cells of each Accounts row that holds an account (venue, collateral), by offset."""
    offsets = position_offsets(len(data.accounts), place.account_offsets)
    if any(offset >= L.ACCOUNTS_TABLE.max_rows for offset in offsets):
        raise InputError(f"more than {L.ACCOUNTS_TABLE.max_rows} accounts: the Accounts block holds "
                         f"{L.ACCOUNTS_TABLE.max_rows}")
    return {offset: [account.venue, account.collateral] for offset, account in zip(offsets, data.accounts)}


def build(book, sheet, fmt: Formats, data: Plan, place: Placement = Placement()) -> None:
    title(sheet, fmt, "Positions",
          "Yellow: your open futures positions, as the venue shows them (contracts, short < 0), typed or read by "
          "Import positions (hedgebook accounts) with a read-only key. Grey: written by Refresh, which values each at "
          "its contract's mark price, and beside it the venue's own liquidation price.")
    headers(sheet, fmt, T)
    for column in L.POSITIONS_COLUMNS:
        book.define_name(column.name, "=" + L.positions_column(column.name).ref())
    by_offset = dict(zip(position_offsets(len(data.positions), place.position_offsets), data.positions))
    typed_values = typed_rows(data, place)
    input_styles = (fmt.in_text, fmt.in_text, fmt.in_qty, fmt.in_money, fmt.in_text, fmt.in_number, fmt.mkt_text,
                    fmt.mkt_money)
    risks = dict(zip(position_offsets(len(data.positions), place.position_offsets), data.position_risks))
    marked_styles = (fmt.mkt_text, fmt.mkt_text, fmt.mkt_text, fmt.mkt_text, fmt.mkt_number, fmt.mkt_money,
                     fmt.mkt_text, fmt.mkt_date)
    risk_styles = (fmt.out_number, fmt.out_money, fmt.out_weight, fmt.out_number, fmt.out_text)
    col = {column.name: T.col(column.title) for column in L.POSITIONS_COLUMNS}
    for offset in range(T.max_rows):
        row = T.first_row + offset
        marked = by_offset.get(offset)
        values = typed_values.get(offset, [None] * L.POSITIONS_INPUT.cols)
        for k, (value, style) in enumerate(zip(values, input_styles)):
            place.write_typed(sheet, L.POSITIONS, row, L.POSITIONS_INPUT.first_col + k, value, style)
        for k, (value, style) in enumerate(zip(marked_values(marked), marked_styles)):
            write_cell(sheet, row, L.POSITIONS_MARKED.first_col + k, value, style)
        for k, (value, style) in enumerate(zip(risk_values(risks.get(offset), marked), risk_styles)):
            write_cell(sheet, row, L.POSITIONS_RISK.first_col + k, value, style)
        mode_col = L.POSITIONS_INPUT.first_col + 4
        sheet.data_validation(row, mode_col, row, mode_col,
                              {"validate": "list", "source": list(MARGIN_MODES), "input_title": "Margin mode",
                               "input_message": "isolated (blank means it): the position's own margin. cross: the "
                                                "venue's wallet, typed in Accounts, is its margin.",
                               "error_message": f"Pick {' or '.join(MARGIN_MODES)}"})

        def cell(name: str) -> str:
            return L.a1(row, col[name])

        venue, contract = cell("Positions_Venue"), cell("Positions_Contract")
        sheet.write_formula(row, col["Positions_NeedsRefresh"],
                            f'=IF(TRIM({contract})="",0,IF(UPPER(TRIM({venue})&" "&TRIM({contract}))='
                            f'{cell("Positions_MarkedAs")},0,1))', fmt.out_flag, 0)
    _marked_arrays(sheet, fmt, by_offset)
    _accounts(book, sheet, fmt, data, place)
    pending = L.POSITIONS_PENDING
    sheet.write_string(L.POSITIONS_PENDING_LABEL.row, L.POSITIONS_PENDING_LABEL.col,
                       "Typed since Refresh (no order until read):", fmt.bold)
    sheet.write_formula(pending.row, pending.col, f"=SUM({L.positions_column('Positions_NeedsRefresh').relative()})",
                        fmt.out_number, 0)
    define(book, L.POSITIONS_PENDING_NAME, pending)
    sheet.freeze_panes(T.first_row, 2)
    set_widths(sheet, COLUMN_WIDTHS[L.POSITIONS])
    used = max([offset + 1 for offset in typed_values] + [offset + 1 for offset in account_rows(data, place)] + [0])
    print_rows(sheet, T, used + 2, L.ACCOUNTS_TABLE.first_col + len(L.ACCOUNTS_TABLE.titles) - 1)


def marked_array_formulas() -> tuple[str, str]:
    """Positions' notional and unrealized P&L, each one call over every row; a row without a contract, not yet
    marked by Refresh (Needs Refresh) or without a mark (or an entry, for the P&L) stays blank."""
    def column(name: str) -> str:
        return L.positions_column(name).relative()

    contract, needs = f'TRIM({column("Positions_Contract")})', column("Positions_NeedsRefresh")
    held, mark, size = column("Positions_Contracts"), column("Positions_Mark"), column("Positions_ContractSize")
    inverse = f'{column("Positions_Settle")}="{INVERSE}"'
    notional = f'IF(({contract}="")+({needs}=1),"",POSITIONNOTIONAL({held},{mark},{size},{inverse}))'
    pnl = (f'IF({column("Positions_Notional")}="","",POSITIONPNL({held},{column("Positions_EntryPrice")},{mark},'
           f'{size},{inverse}))')
    return "=" + array_shielded(notional, contract), "=" + array_shielded(pnl, contract)


def _marked_arrays(sheet, fmt: Formats, by_offset: dict) -> None:
    T = L.POSITIONS_TABLE
    notional, pnl = marked_array_formulas()
    values = [by_offset.get(offset) for offset in range(T.max_rows)]
    write_array(sheet, T.first_row, L.positions_column("Positions_Notional").first_col, notional, fmt.out_money,
                [[_notional(m) if m else ""] for m in values])
    write_array(sheet, T.first_row, L.positions_column("Positions_PnL").first_col, pnl, fmt.out_gain,
                [[_pnl(m) if m else ""] for m in values])


def _accounts(book, sheet, fmt: Formats, data: Plan, place: Placement) -> None:
    """The Accounts block: the collateral posted on each venue (typed; kept where it was typed)."""
    A = L.ACCOUNTS_TABLE
    sheet.write_string(L.ACCOUNTS_TITLE.row, L.ACCOUNTS_TITLE.col,
                       "Accounts: each venue's cross wallet balance (cross positions are liquidated from it; Risk "
                       "shows each venue's share)", fmt.bold)
    headers(sheet, fmt, A)
    for column in L.ACCOUNTS_COLUMNS:
        book.define_name(column.name, "=" + L.accounts_column(column.name).ref())
    by_offset = account_rows(data, place)
    for offset in range(A.max_rows):
        row = A.first_row + offset
        values = by_offset.get(offset, [None, None])
        for k, (value, style) in enumerate(zip(values, (fmt.in_text, fmt.in_money))):
            place.write_typed(sheet, L.POSITIONS, row, A.first_col + k, value, style)
