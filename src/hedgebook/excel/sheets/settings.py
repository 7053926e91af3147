"""Settings: the plan's assumptions, typed by the user; Refresh sets the valuation time."""

from __future__ import annotations

from typing import Any

from ...app.figures import PlanBook
from ...app.inputs import HEDGE_SIZINGS, SETTING_FIELDS
from .. import layout as L
from .formats import Formats, cached, define, headers, title, write_cell
from .formulas import Placement

SIZING_HELP = ("notional: 1 USD of futures per USD of coins. beta: each hedge sized by its hedge ratio β from History "
               "(Rebalance shows it). A cross hedge (another asset's perpetual) is always sized by β.")
"""What the Hedge sizing cell says when it is selected (Excel takes 255 characters at most)."""


def typed_values(data: PlanBook) -> list[Any]:
    """The Value cell of each setting, in :data:`hedgebook.app.inputs.SETTING_FIELDS` order."""
    return [data.as_of if field.attribute == "as_of" else getattr(data.settings, field.attribute)
            for field in SETTING_FIELDS]


def build(book, sheet, fmt: Formats, data: PlanBook, place: Placement = Placement()) -> None:
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
        formula = place.formula(L.SETTINGS, value_cell.row, value_cell.col)
        if formula and field.attribute != "as_of":  # what the user typed, kept (Refresh sets the valuation time)
            sheet.write_formula(value_cell.row, value_cell.col, formula, style, cached(value))
        else:
            write_cell(sheet, value_cell.row, value_cell.col, value, style)
        sheet.write_string(value_cell.row, L.SETTINGS_TABLE.col("Meaning"), field.meaning, fmt.subtitle)
        define(book, L.SETTING_NAME[field.attribute], value_cell)
        if field.attribute == "hedge_sizing":
            sheet.data_validation(value_cell.row, value_cell.col, value_cell.row, value_cell.col,
                                  {"validate": "list", "source": list(HEDGE_SIZINGS),
                                   "input_title": "Hedge sizing", "input_message": SIZING_HELP,
                                   "error_message": f"Pick {' or '.join(HEDGE_SIZINGS)}"})
    sheet.print_area(0, 0, L.SETTINGS_TABLE.last_row, 2)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 2, 50)
