"""Settings: the plan's assumptions, typed by the user; Refresh sets the valuation time."""

from __future__ import annotations

from typing import Any

from ...app.inputs import HEDGE_SIZINGS, SETTING_FIELDS
from ...app.plan import Plan
from ...core.errors import InputError
from .. import layout as L
from ..widths import COLUMN_WIDTHS
from .formats import Formats, define, headers, set_widths, title, write_cell
from .formulas import Placement

SIZING_HELP = ("notional: 1 USD of futures per USD of coins. beta: each hedge sized by its hedge ratio β from History "
               "(Rebalance shows it). A cross hedge (another asset's perpetual) is always sized by β.")
"""What the Hedge sizing cell says when it is selected (Excel takes 255 characters at most)."""


DERIBIT_NOTE = ("Deribit publishes no current rule for it (portfolio margin, incremental liquidation): its own "
                "figure may differ")
"""What the venue block says beside Deribit, and Risk beside a Deribit hedge."""


def venue_rate_rows(data: Plan) -> list[list[Any]]:
    """The typed cells of the venue block (venue, rate; a blank rate = the Settings rate): every venue with futures,
    then any other typed, in order."""
    from .holdings import hedge_venue_choices

    typed = dict(data.settings.venue_maint_rates)
    venues = [venue for venue in hedge_venue_choices() if venue != "none"]
    venues += [venue for venue in typed if venue not in venues]
    if len(venues) > L.MAX_VENUE_RATES:
        raise InputError(f"more than {L.MAX_VENUE_RATES} venue rates: the Settings block holds {L.MAX_VENUE_RATES}")
    return [[venue, typed.get(venue)] for venue in venues]


def typed_values(data: Plan) -> list[Any]:
    """The Value cell of each setting, in :data:`hedgebook.app.inputs.SETTING_FIELDS` order."""
    return [data.as_of if field.attribute == "as_of" else getattr(data.settings, field.attribute)
            for field in SETTING_FIELDS]


def build(book, sheet, fmt: Formats, data: Plan, place: Placement = Placement()) -> None:
    title(sheet, fmt, "Settings", "Assumptions of the plan. Rates are fractions: 0.05% = 0.0005.")
    headers(sheet, fmt, L.SETTINGS_TABLE, height=18)
    styles = {"horizon_days": fmt.in_number, "slippage_bps": fmt.in_number, "leverage": fmt.in_number,
              "as_of": fmt.in_date, "tax_rate": fmt.in_weight, "price_deviation_limit": fmt.in_weight,
              "stale_after_hours": fmt.in_number, "max_data_age_days": fmt.in_number, "no_trade_band": fmt.in_weight,
              "concentration_limit": fmt.in_weight, "hedge_sizing": fmt.in_text, "beta_min": fmt.in_number,
              "beta_max": fmt.in_number, "min_effectiveness": fmt.in_weight, "size_limit": fmt.in_number}
    for offset, (field, value) in enumerate(zip(SETTING_FIELDS, typed_values(data), strict=True)):
        value_cell = L.SETTINGS_TABLE.cell("Value", offset)
        sheet.write_string(value_cell.row, L.SETTINGS_TABLE.col("Setting"), field.title, fmt.text)
        style = styles.get(field.attribute, fmt.in_rate)
        if field.attribute == "as_of":  # Refresh sets the valuation time: a formula typed there is not kept
            write_cell(sheet, value_cell.row, value_cell.col, value, style)
        else:
            place.write_typed(sheet, L.SETTINGS, value_cell.row, value_cell.col, value, style)
        sheet.write_string(value_cell.row, L.SETTINGS_TABLE.col("Meaning"), field.meaning, fmt.subtitle)
        define(book, L.SETTING_NAME[field.attribute], value_cell)
        if field.attribute == "hedge_sizing":
            sheet.data_validation(value_cell.row, value_cell.col, value_cell.row, value_cell.col,
                                  {"validate": "list", "source": list(HEDGE_SIZINGS),
                                   "input_title": "Hedge sizing", "input_message": SIZING_HELP,
                                   "error_message": f"Pick {' or '.join(HEDGE_SIZINGS)}"})
    _venue_rates(book, sheet, fmt, data, place)
    sheet.print_area(0, 0, L.VENUE_RATES_TABLE.last_row, 3)
    sheet.fit_to_pages(1, 1)
    set_widths(sheet, COLUMN_WIDTHS[L.SETTINGS])


def _venue_rates(book, sheet, fmt: Formats, data: Plan, place: Placement) -> None:
    """The maintenance rate per venue, for its contracts whose tiers are not known (blank = the setting)."""
    V = L.VENUE_RATES_TABLE
    sheet.write_string(L.VENUE_RATES_TITLE.row, L.VENUE_RATES_TITLE.col,
                       "Maintenance margin by venue, where a contract's tiers are not known (blank = Maintenance "
                       "margin above)", fmt.bold)
    headers(sheet, fmt, V)
    for heading, name in L.VENUE_RATE_NAMES.items():
        book.define_name(name, "=" + V.column(heading).ref())
    rows = venue_rate_rows(data)
    for offset in range(V.max_rows):
        venue, rate = rows[offset] if offset < len(rows) else (None, None)
        for heading, value, style in (("Venue", venue, fmt.in_text), ("Maintenance margin", rate, fmt.in_rate)):
            cell = V.cell(heading, offset)
            place.write_typed(sheet, L.SETTINGS, cell.row, cell.col, value, style)
        rate_cell, used = V.cell("Maintenance margin", offset).a1(), V.cell("Rate used", offset)
        sheet.write_formula(used.row, used.col, f"=IF(ISNUMBER({rate_cell}),{rate_cell},Settings_MaintMargin)",
                            fmt.out_rate, data.settings.maint_rate_for(venue) if venue else
                            data.settings.maint_margin_rate)
        if venue == "deribit":
            sheet.write_string(used.row, used.col + 1, DERIBIT_NOTE, fmt.subtitle)
