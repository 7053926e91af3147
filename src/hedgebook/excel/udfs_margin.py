"""hedgebook's worksheet functions of positions, margin and liquidation (see :mod:`hedgebook.excel.udfs`).

Signs: contracts and notionals negative = short; a profit is positive; prices and margins in USD (an inverse
contract's margin in coins).  Imports only NumPy and ``hedgebook.core``.
"""

# ruff: noqa: N802  (Excel names are upper case)

from __future__ import annotations

import numpy as np

from .. import core
from .cells import (
    CellError,
    any_blank,
    blank_argument,
    blank_where,
    flag,
    ladder,
    numbers,
    numbers_by_row,
    numbers_or_default,
    rows_of,
)
from .udf_support import array_function, compute, row_by_row


@array_function("USD value of a futures position at the mark price: contracts x size x mark (linear), "
                 "contracts x USD per contract (inverse); negative = short",
                 "contracts", "mark_price", "contract_size", "inverse")
def POSITIONNOTIONAL(contracts, mark_price, contract_size=None, inverse=None):
    by_row, blank = rows_of(contracts=contracts, mark_price=mark_price)
    notional = compute(core.position_notional, **by_row, contract_size=_sizes(contract_size),
                       inverse=flag("inverse", inverse))
    return blank_where(notional, blank)


@array_function("Unrealized profit of a futures position since entry, USD at the mark price; > 0 = a gain",
                 "contracts", "entry_price", "mark_price", "contract_size", "inverse")
def POSITIONPNL(contracts, entry_price, mark_price, contract_size=None, inverse=None):
    by_row, blank = rows_of(contracts=contracts, entry_price=entry_price, mark_price=mark_price)
    pnl = compute(core.position_pnl, **by_row, contract_size=_sizes(contract_size), inverse=flag("inverse", inverse))
    return blank_where(pnl, blank)


def _sizes(contract_size):
    """Contract sizes by row: a blank one is the documented default, 1."""
    return numbers_or_default("contract_size", contract_size, 1.0)


@array_function("Initial margin: abs(notional) / leverage, the leverage at most the tier's of that size",
                 "notional", "leverage", "tier_caps", "tier_leverages")
@row_by_row(required=("notional",), ladders=("tier_caps", "tier_leverages"))
def MARGIN(notional, leverage, tier_caps=None, tier_leverages=None):
    caps, leverages = _tiers("tier_leverages", tier_caps, tier_leverages)
    return compute(core.margin, notional=numbers("notional", notional), leverage=numbers("leverage", leverage),
                    tier_caps=caps, tier_leverages=leverages)


def _tiers(name, caps, values):
    """``(caps, values)`` of a tier ladder, both None when no tiers are given."""
    caps, values = ladder("tier_caps", caps), ladder(name, values)
    if (caps is None) != (values is None):
        raise CellError(f"tier_caps and {name} go together")
    return caps, values


@array_function("Isolated liquidation price (linear, or inverse when contract_size > 0); 0 = cannot be liquidated; "
                 "with tiers, the rate and amount of the position's tier",
                 "entry_price", "quantity", "collateral", "maint_margin_rate", "maint_amount", "contract_size",
                 "tier_caps", "tier_rates")
@row_by_row(required=("entry_price", "quantity", "collateral"), ladders=("tier_caps", "tier_rates"))
def LIQPRICE(entry_price, quantity, collateral, maint_margin_rate=None, maint_amount=None, contract_size=None,
             tier_caps=None, tier_rates=None):
    caps, rates = _tiers("tier_rates", tier_caps, tier_rates)
    return compute(
        core.liquidation_price,
        entry_price=numbers("entry_price", entry_price),
        quantity=numbers("quantity", quantity),
        collateral=numbers("collateral", collateral),
        maint_margin_rate=numbers("maint_margin_rate", maint_margin_rate, required=False),
        maint_amount=numbers("maint_amount", maint_amount, required=False),
        contract_size=numbers("contract_size", contract_size, required=False),
        tier_caps=caps,
        tier_rates=rates,
    )


def _held(held_contracts, held_entry, price):
    held = numbers("held_contracts", held_contracts, required=False)
    held = 0.0 if held is None else held
    entry = numbers("held_entry", held_entry, required=False)
    mark = numbers("price", price)
    return held, mark if entry is None else np.where(np.isnan(entry), mark, entry), mark


@array_function("Entry price of the position an order leaves where one is held: the average entry when it adds, "
                 "unchanged when it reduces, the price when it flips or opens; blank when none is left",
                 "held_contracts", "held_entry", "order_contracts", "price", "contract_size", "inverse")
@row_by_row(required=("order_contracts", "price"))
def ENTRYAFTER(held_contracts, held_entry, order_contracts, price, contract_size=None, inverse=None):
    held, entry, mark = _held(held_contracts, held_entry, price)
    order = numbers("order_contracts", order_contracts)
    size = numbers("contract_size", contract_size, required=False)
    return compute(lambda **kw: core.position_after(**kw)[1], held_contracts=held, held_entry=entry,
                    held_margin=0.0, order_contracts=order, mark_price=mark, leverage=1.0, contract_size=size,
                    inverse=flag("inverse", inverse))


@array_function("Isolated margin of the position an order leaves where one is held: held + the order's initial "
                 "margin when it adds, the share kept when it reduces, a new initial margin when it flips; USD "
                 "(inverse: coin)", "held_contracts", "held_entry", "held_margin", "order_contracts", "price",
                 "leverage", "contract_size", "inverse", "tier_caps", "tier_leverages")
@row_by_row(required=("order_contracts", "price"), ladders=("tier_caps", "tier_leverages"))
def MARGINAFTER(held_contracts, held_entry, held_margin, order_contracts, price, leverage, contract_size=None,
                inverse=None, tier_caps=None, tier_leverages=None):
    held, entry, mark = _held(held_contracts, held_entry, price)
    order = numbers("order_contracts", order_contracts)
    size = numbers("contract_size", contract_size, required=False)
    is_inverse = flag("inverse", inverse)
    lev = numbers("leverage", leverage)
    caps, leverages = _tiers("tier_leverages", tier_caps, tier_leverages)
    if caps is not None:
        per_contract = 1.0 if size is None else size
        after = (held + order) * per_contract * np.where(np.asarray(is_inverse, dtype=bool), 1.0, mark)
        lev = np.fmin(lev, core.tier_max_leverage(after, caps, leverages))
    posted = numbers("held_margin", held_margin, required=False)
    if posted is None or np.isnan(posted).any():
        assumed = core.assumed_margin(held, entry, lev, size, is_inverse)
        posted = assumed if posted is None else np.where(np.isnan(posted), assumed, posted)
    return compute(lambda **kw: core.position_after(**kw)[2], held_contracts=held, held_entry=entry,
                    held_margin=posted, order_contracts=order, mark_price=mark, leverage=lev, contract_size=size,
                    inverse=is_inverse)


@array_function("Maintenance margin rate of a position: its tier's where tiers are given, else default_rate",
                 "notional", "tier_caps", "tier_rates", "default_rate")
@row_by_row(required=("notional",), ladders=("tier_caps", "tier_rates"))
def MAINTRATE(notional, tier_caps=None, tier_rates=None, default_rate=None):
    caps, rates = _tiers("tier_rates", tier_caps, tier_rates)
    default = numbers("default_rate", default_rate, required=False)
    return compute(core.maintenance_rate, notional=numbers("notional", notional), tier_caps=caps, tier_rates=rates,
                    default_rate=core.DEFAULT_MAINTENANCE_MARGIN_RATE if default is None else default)


@array_function("Profit and loss of the net position for a relative price move: a column of positions by a row "
                 "of moves gives the table; a blank row gives blank cells", "spot_value", "futures_notional", "shock",
                 "order_notional")
def STRESSPNL(spot_value, futures_notional, shock, order_notional=None):
    spot, spot_blank = numbers_by_row("spot_value", spot_value)
    futures, futures_blank = numbers_by_row("futures_notional", futures_notional)
    order, order_blank = (0.0, False) if blank_argument(order_notional) else numbers_by_row("order_notional",
                                                                                         order_notional)
    table = compute(core.stress_pnl, spot_value=spot, futures_notional=futures + order, shock=numbers("shock", shock))
    return blank_where(table, any_blank(spot_blank, futures_blank, order_blank))
