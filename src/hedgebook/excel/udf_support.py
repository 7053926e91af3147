"""What every worksheet function shares: the help of each argument (its units and sign), the decorator of an
*array* function, and the call into core with overflow shown as ``#NUM!`` rather than warned.

Imports only NumPy, :mod:`hedgebook.core` and the cell conversions, as the worksheet functions do.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

import numpy as np

from .cells import (
    CellError,
    blank_argument,
    check_shapes,
    numbers,
    numbers_or_default,
    returns_error_text,
    to_cells,
)
from .xlmeta import worksheet_function

ARGUMENT_HELP = {
    "spot_value": "Value of the coins held, USD",
    "futures_notional": "Futures position, signed USD (negative = short)",
    "portfolio_value": "Portfolio value, USD (sum of spot values)",
    "current_exposure": "Current net exposure, signed USD (spot + futures)",
    "target_weight": "Target weight, fraction of portfolio value (50% = 0.5)",
    "price": "Price of the contract, USD per coin (> 0)",
    "contract_size": "Coins per contract (linear, default 1) or USD per contract (inverse)",
    "lot_size": "Order step in contracts (blank = no rounding)",
    "inverse": "TRUE for inverse (coin-margined) contracts",
    "hedge_ratio": "Hedge ratio beta: USD of hedge per USD of exposure (blank = 1; futures count as notional / beta)",
    "notional": "Position notional, signed USD (negative = short)",
    "funding_rate": "Funding rate per interval (0.01% = 0.0001); positive = longs pay shorts",
    "days": "Horizon, days",
    "interval_hours": "Funding interval, hours (8, 4, 1...); blank = unknown, the result is #N/A",
    "spot_price": "Spot (index) price, USD",
    "futures_price": "Futures price, USD",
    "as_fraction": "TRUE for F/S - 1 instead of F - S",
    "expiry": "Expiry date and time of the future (UTC)",
    "as_of": "Valuation date (default: now, UTC)",
    "days_to_expiry": "Days until the future expires (> 0)",
    "fee_rate": "Fee per trade, fraction of notional (0.05% = 0.0005)",
    "slippage_bps": "Slippage per trade, basis points",
    "near_price": "Price of the expiring contract, USD",
    "far_price": "Price of the next contract, USD",
    "leverage": "Leverage (3 = 3x)",
    "entry_price": "Entry price, USD",
    "quantity": "Position, coins (linear) or contracts (inverse); negative = short",
    "collateral": "Isolated margin: USD (linear) or coin (inverse)",
    "maint_margin_rate": "Maintenance margin rate (default 0.004)",
    "maint_amount": "Maintenance amount of the bracket (default 0)",
    "shock": "Relative price move (-20% = -0.2)",
    "order_notional": "Optional: the order's notional, signed USD, added to the futures (blank = none)",
    "history": "History's Spot close to Dated close columns: one block per holding, its days first, oldest first",
    "horizon_days": "Horizon, days",
    "rows": "Holding rows the history holds a block for",
    "recent_days": "The recent window, days (blank = 30)",
    "basis_cost": "Optional: a dated hedge's basis cost over the horizon, USD, > 0 = you pay (blank = 0)",
    "trade_value": "Value traded, signed USD (negative = sell)",
    "cost_basis": "Average purchase price, USD per coin",
    "tax_rate": "Tax on realized gains (25% = 0.25)",
    "assets": "Asset names, one per row",
    "spot_values": "Spot values, USD, one per asset",
    "futures_notionals": "Existing futures, signed USD, one per asset (blank = 0)",
    "target_weights": "Target weights, fractions, one per asset",
    "prices": "Contract prices, USD, one per asset",
    "contract_sizes": "Coins per contract, one per asset (blank = 1)",
    "lot_sizes": "Order steps in contracts, one per asset (blank = none)",
    "inverse_flags": "TRUE for each asset hedged with an inverse contract (blank = linear)",
    "contracts": "Position in the venue's contracts, signed (negative = short)",
    "mark_price": "Mark price of the contract, USD per coin",
    "tier_caps": "The contract's tiers: largest position of each, USD notional, lowest first (blank = one rate)",
    "tier_rates": "Maintenance margin rate of each tier (0.4% = 0.004), beside tier_caps",
    "tier_leverages": "Highest leverage of each tier (125 = 125x), beside tier_caps",
    "default_rate": "Rate when no tiers are given (default 0.004)",
    "spot_prices": "Daily closes of the coins, USD, oldest first (a blank cell = a day without a price)",
    "hedge_prices": "Daily closes of the hedge contract, USD, the same days as spot_prices",
    "futures_prices": "Daily closes of the dated future, USD, the same days as spot_prices",
    "funding_rates": "Settled funding rates, oldest first (0.01% = 0.0001); positive = longs paid shorts",
    "intervals": "Funding interval of each rate, hours, beside the rates (or one number for all)",
    "held_contracts": "Contracts held before the order, signed (blank = 0)",
    "held_entry": "Their entry price, USD per coin (blank = the price: as if opened now)",
    "held_margin": "Their isolated margin posted: USD (linear) or coin (inverse); blank = notional at entry / leverage",
    "order_contracts": "The order, signed contracts (buy > 0)",
    "deviations": "Standard deviations from the expected cost, signed (+1 = one worse, -1 = one better; blank = 0)",
}


def help_of(*names: str) -> dict[str, str]:
    return {name: ARGUMENT_HELP[name] for name in names}


def array_function(description: str, *names: str):
    """Decorators of an *array* worksheet function: metadata (ranges as 2-D lists) and error text."""

    def decorate(function):
        return worksheet_function(description, help_of(*names), ndim2=names)(returns_error_text(function))

    return decorate


def row_by_row(required: tuple[str, ...], ladders: tuple[str, ...] = ()):
    """Decorator of a function of one position, so that it also takes a table's columns: given a column of N rows
    (N > 1) it answers a column, computing each row from that row's cells, one cell arguments shared.

    A row with one of its ``required`` arguments blank gives a blank cell; a row whose inputs are bad says why in its
    own cell, and the other rows are computed.  The ``ladders`` (tier ladders, a row of cells each) may be given as a
    block of N rows, one ladder per row of the table, or as one row for all.
    """

    def decorate(function):
        signature = inspect.signature(function)
        one_row = returns_error_text(function)

        @functools.wraps(function)
        def by_rows(*args, **kwargs):
            arguments = signature.bind(*args, **kwargs).arguments
            rows = _table_rows(arguments, ladders)
            if rows is None:
                return function(**arguments)
            cells = []
            for i in range(rows):
                row = {name: _row_of(value, i, rows, name in ladders) for name, value in arguments.items()}
                if any(blank_argument(row.get(name)) for name in required):
                    cells.append([""])
                    continue
                value = one_row(**row)
                cells.append([value[0][0] if isinstance(value, list) else value])
            return cells

        return by_rows

    return decorate


def _table_rows(arguments: dict, ladders: tuple[str, ...]) -> int | None:
    """The rows of the table the columns among ``arguments`` span (a range of one column and more than one row),
    None when every one is a single cell: the function is then called as it is."""
    rows = {len(value) for name, value in arguments.items() if name not in ladders and isinstance(value, (list, tuple))
            and len(value) > 1 and all(isinstance(row, (list, tuple)) and len(row) == 1 for row in value)}
    if len(rows) > 1:
        raise CellError(f"the columns have different lengths: {', '.join(map(str, sorted(rows)))} rows")
    return rows.pop() if rows else None


def _row_of(value: Any, i: int, rows: int, ladder: bool) -> Any:
    """Row ``i`` of an argument: its cell (a column), its ladder (a block of ladders), or the argument itself."""
    if isinstance(value, (list, tuple)) and len(value) == rows:
        return [list(value[i])] if ladder else value[i][0]
    return value


def funding_interval(value):
    """A funding interval: blank (a cell, or a row of a column) is unknown (NaN, shown as #N/A), never a guessed
    8 hours."""
    interval = numbers_or_default("interval_hours", value, np.nan)
    return np.nan if interval is None else interval


def compute(core_function, **arguments):
    check_shapes(**arguments)
    return to_cells(quietly(core_function, arguments))


@np.errstate(all="ignore")  # overflow shows as #NUM! in the cell, not as a warning (decorator: cheapest form)
def quietly(core_function, arguments):
    return core_function(**arguments)


def one_number(name: str, value):
    """One number: a cell, or a range of one cell (as xlwings hands an argument read as 2-D); a larger range is an
    error naming the argument."""
    number = numbers(name, value)
    if isinstance(number, np.ndarray):
        if number.size != 1:
            raise CellError(f"{name} must be one number")
        return float(number.reshape(-1)[0])
    return number
