"""Holdings: what the user owns and wants (typed), and each holding's hedge market data (written by Refresh)."""

from __future__ import annotations

from typing import Any

from ...app.hedges import Hedge
from ...app.inputs import HOLDING_FIELDS, NO_HEDGE, HoldingInput
from ...app.plan import Plan
from ...market import VENUES
from ...market.tiers import MAX_TIERS
from ...market.venues import SPOT_SOURCES
from .. import layout as L
from ..widths import COLUMN_WIDTHS
from .formats import Formats, headers, print_rows, set_widths, title, write_cell
from .formulas import Placement


def hedge_venue_choices() -> tuple[str, ...]:
    """The Hedge venue drop-down: every venue with futures, then ``none``."""
    return (*[key for key in VENUES if key not in SPOT_SOURCES], NO_HEDGE)


INSTRUMENT_HELP = next(field.meaning for field in HOLDING_FIELDS if field.attribute == "instrument")
"""What the Hedge instrument cell takes, shown when it is selected."""
WEIGHT_LIMIT = 1
"""Target weights are fractions between −1 and 1 (the validation catches 50 typed for 50 %)."""


def input_values(holding: HoldingInput | None) -> list[Any]:
    """The typed cells of one Holdings row, in :data:`hedgebook.app.inputs.HOLDING_FIELDS` order."""
    if holding is None:
        return [None] * L.HOLDINGS_INPUT.cols
    return [holding.asset, holding.quantity, holding.cost_basis, holding.venue, holding.instrument or None,
            holding.target_weight]


def hedge_values(hedge: Hedge | None, status: str = "") -> list[Any]:
    """The market cells of one Holdings row, in the order of :data:`layout.HOLDINGS_HEDGE`.

    ``status`` is the holding's order status: ``ok``, ``no hedge: <why>`` or
    ``withheld: <why>``.  The price stays blank unless an order may be
    computed from it, so that the sheet's formulas compute none either.
    """
    if hedge is None:
        return [None] * L.HOLDINGS_HEDGE.cols
    return [hedge.symbol or None, hedge.price if hedge.tradable else None, hedge.spot_price, hedge.funding_rate,
            hedge.interval_h, hedge.contract_size, hedge.lot_size, hedge.min_qty, hedge.min_notional,
            int(hedge.inverse) if hedge.symbol else None,  # 1/0: shown as inverse/linear, never TRUE/FALSE
            hedge.dated_symbol or None, hedge.dated_price, hedge.expiry, hedge.data_status or None, status or None]


def tier_values(hedge: Hedge | None) -> list[Any]:
    """One row of the tiers beside Holdings (:data:`layout.TIERS_TABLE`): where they are from, then caps,
    rates and leverages, each padded with blanks to :data:`hedgebook.market.tiers.MAX_TIERS`; all blank
    when the hedge's tiers are not known (the Settings rate is used)."""
    if hedge is None or hedge.tiers is None or not hedge.tradable:
        return [None] * len(L.TIERS_TABLE.titles)
    tiers = hedge.tiers

    def padded(values):
        return list(values) + [None] * (MAX_TIERS - len(values))

    return [tiers.source, *padded(tiers.caps), *padded(tiers.rates), *padded(tiers.leverages)]


COIN_MARGIN_NOTE = ("Coins you own. Coins held as margin in a coin-margined (inverse) account count at their margin "
                    "balance: type the wallet balance, and hedgebook adds the unrealized P&L in coins of that asset's "
                    "inverse positions that have an entry price (Positions, P&L (coins)).")
"""The Quantity column's note: how a coin-margined wallet is counted (issue 21 A7)."""


def build(book, sheet, fmt: Formats, data: Plan, place: Placement = Placement()) -> None:
    title(sheet, fmt, "Holdings",
          "Yellow: what you own and want (type here; open futures go on Positions). "
          "Grey: hedge market data, written by Refresh. Hedge venue blank or none = not hedged.")
    headers(sheet, fmt, L.HOLDINGS_TABLE)
    quantity = L.HOLDINGS_TABLE.col(HOLDING_FIELDS[1].title)
    sheet.write_comment(L.HOLDINGS_TABLE.header_row, quantity, COIN_MARGIN_NOTE, {"x_scale": 2, "y_scale": 1.5})
    headers(sheet, fmt, L.TIERS_TABLE)
    for column in L.HOLDINGS_COLUMNS:
        book.define_name(column.name, "=" + L.holdings_column(column.name).ref())
    for name, titles in L.TIER_NAMES.items():
        book.define_name(name, "=" + L.tier_block(titles).ref())
    input_styles = (fmt.in_text, fmt.in_coins, fmt.in_money, fmt.in_text, fmt.in_text, fmt.in_weight)
    hedge_styles = (fmt.mkt_text, fmt.mkt_money, fmt.mkt_money, fmt.mkt_rate, fmt.mkt_number, fmt.mkt_number,
                    fmt.mkt_number, fmt.mkt_number, fmt.mkt_money, fmt.mkt_inverse, fmt.mkt_text, fmt.mkt_money,
                    fmt.mkt_date, fmt.mkt_text,
                    fmt.mkt_text)
    for offset, _, i in place.slots(data):
        row = L.HOLDINGS_TABLE.first_row + offset
        holding = data.holdings[i] if i is not None else None
        hedge = data.hedges[i] if i is not None else None
        status = data.order_status[i] if i is not None else ""
        typed = zip(input_values(holding), input_styles)
        for col, (value, style) in enumerate(typed, start=L.HOLDINGS_INPUT.first_col):
            place.write_typed(sheet, L.HOLDINGS, row, col, value, style)
        for col, (value, style) in enumerate(zip(hedge_values(hedge, status), hedge_styles),
                                             start=L.HOLDINGS_HEDGE.first_col):
            write_cell(sheet, row, col, value, style)
        tier_styles = (fmt.mkt_text, *[fmt.mkt_money] * MAX_TIERS, *[fmt.mkt_rate] * MAX_TIERS,
                       *[fmt.mkt_number] * MAX_TIERS)
        for col, (value, style) in enumerate(zip(tier_values(hedge), tier_styles), start=L.TIERS_TABLE.first_col):
            write_cell(sheet, row, col, value, style)
    venues = L.holdings_column("Holdings_Venue")
    sheet.data_validation(venues.first_row, venues.first_col, venues.last_row, venues.last_col,
                          {"validate": "list", "source": list(hedge_venue_choices()), "error_type": "warning",
                           "input_title": "Hedge venue", "input_message": "Pick a venue, or none for no hedge",
                           "error_message": "hedgebook reads these venues; another name leaves the holding "
                                            "unhedged (the Hedge column says why)"})
    instrument = L.holdings_column("Holdings_Instrument")
    sheet.data_validation(instrument.first_row, instrument.first_col, instrument.last_row, instrument.last_col,
                          {"validate": "any", "input_title": "Hedge instrument",
                           "input_message": INSTRUMENT_HELP})
    target = L.holdings_column("Holdings_Target")
    sheet.data_validation(target.first_row, target.first_col, target.last_row, target.last_col,
                          {"validate": "decimal", "criteria": "between", "minimum": -WEIGHT_LIMIT,
                           "maximum": WEIGHT_LIMIT, "error_message": "A weight is a fraction: 50% = 0.5"})
    sheet.freeze_panes(L.HOLDINGS_TABLE.first_row, 1)
    set_widths(sheet, COLUMN_WIDTHS[L.HOLDINGS])
    print_rows(sheet, L.HOLDINGS_TABLE, place.rows_used(data) + 2,
               L.HOLDINGS_TABLE.first_col + len(L.HOLDINGS_TABLE.titles) - 1)  # two empty rows to write on
    sheet.repeat_columns(0, 0)
