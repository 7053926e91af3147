"""hedgebook's worksheet functions, for xlwings' "Import Functions" (units and signs: docs/CONVENTIONS.md).

Each is a thin adapter over :mod:`hedgebook.core`: cells in (numbers, ``None``
for blanks, text, booleans, dates, 2-D lists for ranges), numbers or 2-D lists
out, and a short ``#VALUE! ...`` text for bad input.  Functions marked *array*
take ranges of matching shape and return a matching array (a dynamic array
spills).  Names are UPPERCASE because xlwings uses the Python name as the
Excel name; argument names are the tooltips and avoid VBA keywords.

Signs: USD values and notionals negative = short; weights are fractions;
funding rates are per interval, positive = longs pay shorts; costs positive =
you pay.

This module imports only NumPy and ``hedgebook.core``: Excel waits for it on
its first recalculation.
"""

# ruff: noqa: N802  (Excel names are upper case)

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from .. import core
from .cells import (
    CellError,
    any_blank,
    blank_argument,
    blank_where,
    check_shapes,
    dates,
    dates_by_row,
    flag,
    flat_cells,
    numbers,
    numbers_or_default,
    returns_error_text,
    rows_of,
    series,
    to_cells,
)
from .udf_support import (
    ARGUMENT_HELP,
    array_function,
    compute,
    funding_interval,
    help_of,
    one_number,
    quietly,
)
from .udfs_history import HISTORYFIT, HISTORYFUNDING, HISTORYFUNDINGAPR  # noqa: F401  (exported)
from .udfs_margin import (  # noqa: F401  (worksheet functions: listed below, and exported to the project module)
    ENTRYAFTER,
    LIQPRICE,
    MAINTRATE,
    MARGIN,
    MARGINAFTER,
    POSITIONNOTIONAL,
    POSITIONPNL,
    STRESSPNL,
)
from .xlmeta import worksheet_function


@array_function("Net exposure: spot value + futures (+ order) notional / hedge ratio, as a weight when "
                "portfolio_value is given; a blank row gives blank cells",
                "spot_value", "futures_notional", "portfolio_value", "hedge_ratio", "order_notional")
def NETEXPOSURE(spot_value, futures_notional, portfolio_value=None, hedge_ratio=None, order_notional=None):
    by_row, blank = rows_of(spot_value=spot_value, futures_notional=futures_notional)
    order = numbers_or_default("order_notional", order_notional, 0.0)
    if order is not None:
        by_row["futures_notional"] = by_row["futures_notional"] + order
    exposure = compute(
        core.net_exposure,
        **by_row,
        portfolio_value=numbers("portfolio_value", portfolio_value, required=False),
        hedge_ratio=numbers_or_default("hedge_ratio", hedge_ratio, 1.0),
    )
    return blank_where(exposure, blank)


@array_function("Signed USD of futures to add to reach the target weight (negative = short), times the hedge ratio; "
                "a blank row gives blank cells",
                "current_exposure", "target_weight", "portfolio_value", "hedge_ratio")
def HEDGENOTIONAL(current_exposure, target_weight, portfolio_value, hedge_ratio=None):
    by_row, blank = rows_of(current_exposure=current_exposure, target_weight=target_weight)
    notional = compute(
        core.hedge_notional,
        **by_row,
        portfolio_value=numbers("portfolio_value", portfolio_value),
        hedge_ratio=numbers_or_default("hedge_ratio", hedge_ratio, 1.0),
    )
    return blank_where(notional, blank)


@array_function("Signed contracts to trade to reach the target weight (negative = sell), cut toward zero to "
                "whole lots; a row without its exposure, target or price gives a blank cell",
                "current_exposure", "target_weight", "portfolio_value", "price", "contract_size", "lot_size",
                "inverse", "hedge_ratio")
def HEDGESIZE(current_exposure, target_weight, portfolio_value, price, contract_size=None, lot_size=None,
              inverse=None, hedge_ratio=None):
    by_row, blank = rows_of(current_exposure=current_exposure, target_weight=target_weight, price=price)
    is_inverse = flag("inverse", inverse)
    sizes = numbers_or_default("contract_size", contract_size, math.nan)
    if isinstance(sizes, np.ndarray):  # a blank size is 1 coin; an inverse contract's USD size is never guessed
        sizes = np.where(np.isnan(sizes) & ~np.asarray(is_inverse, dtype=bool), 1.0, sizes)
    contracts = compute(
        core.hedge_size,
        **by_row,
        portfolio_value=numbers("portfolio_value", portfolio_value),
        contract_size=sizes,
        lot_size=numbers_or_default("lot_size", lot_size, math.nan),
        inverse=is_inverse,
        hedge_ratio=numbers_or_default("hedge_ratio", hedge_ratio, 1.0),
    )
    return blank_where(contracts, blank)


@worksheet_function(
    "Rebalance table: asset, current weight, target weight, trade notional, side, contracts, post-trade weight",
    {**help_of("assets", "spot_values", "futures_notionals", "target_weights", "prices", "contract_sizes", "lot_sizes"),
     "inverse": ARGUMENT_HELP["inverse_flags"]},
    ndim2=("assets", "spot_values", "futures_notionals", "target_weights", "prices", "contract_sizes", "lot_sizes",
           "inverse"),
)
@returns_error_text
def REBALANCE(assets, spot_values, futures_notionals, target_weights, prices, contract_sizes=None, lot_sizes=None,
              inverse=None):
    columns = {
        "assets": assets, "spot_values": spot_values, "futures_notionals": futures_notionals,
        "target_weights": target_weights, "prices": prices, "contract_sizes": contract_sizes, "lot_sizes": lot_sizes,
        "inverse": inverse,
    }
    flat = {name: flat_cells(value) for name, value in columns.items()}
    used = [i for i, asset in enumerate(flat["assets"]) if asset is not None]  # trailing blank rows
    if not used:
        raise CellError("assets is empty")

    def pick(name):
        values = flat[name]
        if values is None:
            return None
        if len(values) != len(flat["assets"]):
            raise CellError(f"{name} has {len(values)} cells for {len(flat['assets'])} assets")
        return [values[i] for i in used]

    for name in ("spot_values", "futures_notionals", "target_weights", "prices", "contract_sizes", "lot_sizes"):
        for i, value in zip(used, pick(name) or ()):
            if isinstance(value, bool):  # core would read TRUE as 1
                raise CellError(f"{name} must be numbers, got {'TRUE' if value else 'FALSE'} for {flat['assets'][i]}")
            if isinstance(value, float) and not math.isfinite(value):  # as every function says it
                numbers(f"{name} (row {i + 1})", value)
    flags = pick("inverse")
    inverse_flags = None if flags is None else [bool(flag("inverse", value)) for value in flags]
    plan = core.rebalance(
        [str(a) for a in pick("assets")], pick("spot_values"), pick("futures_notionals"), pick("target_weights"),
        pick("prices"), pick("contract_sizes"), pick("lot_sizes"), inverse_flags,
    )
    return plan.table()


@array_function("Funding paid over a horizon: notional x rate x days x 24 / interval; positive = you pay",
                 "notional", "funding_rate", "days", "interval_hours")
def FUNDINGCOST(notional, funding_rate, days, interval_hours=None):
    by_row, blank = rows_of(notional=notional, funding_rate=funding_rate)
    return blank_where(compute(core.funding_cost, **by_row, days=numbers("days", days),
                               interval_hours=funding_interval(interval_hours)), blank)


@array_function("Funding rate per year: rate x 24 / interval x 365", "funding_rate", "interval_hours")
def FUNDINGAPR(funding_rate, interval_hours=None):
    by_row, blank = rows_of(funding_rate=funding_rate)
    return blank_where(compute(core.funding_apr, **by_row, interval_hours=funding_interval(interval_hours)), blank)


@array_function("Basis: futures - spot, or F/S - 1 (contango > 0)", "spot_price", "futures_price", "as_fraction")
def BASIS(spot_price, futures_price, as_fraction=None):
    fraction = flag("as_fraction", as_fraction)
    if not isinstance(fraction, bool):
        raise CellError("as_fraction must be one TRUE or FALSE")
    return compute(
        core.basis,
        spot_price=numbers("spot_price", spot_price),
        futures_price=numbers("futures_price", futures_price),
        as_fraction=fraction,
    )


@array_function("Annualized basis: (F/S - 1) x 365 / days to expiry", "spot_price", "futures_price", "expiry", "as_of")
def ANNUALIZEDBASIS(spot_price, futures_price, expiry, as_of=None):
    valuation = dates("as_of", as_of, required=False)
    expiries, expiry_blank = dates_by_row("expiry", expiry)
    days = quietly(core.days_to_expiry, {
        "expiry": _unwrap(expiries),
        "as_of": _unwrap(valuation) if valuation is not None else dt.datetime.now(dt.timezone.utc),
    })
    by_row, blank = rows_of(spot_price=spot_price, futures_price=futures_price)
    return blank_where(compute(core.annualized_basis, **by_row, days_to_expiry=days), any_blank(blank, expiry_blank))


def _unwrap(value):
    """A 1×1 range of dates as its single date."""
    while isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    return value


@array_function("Cost of holding a dated future for days as its basis converges to 0 at expiry; positive = you pay",
                 "notional", "spot_price", "futures_price", "days", "days_to_expiry")
def DATEDCARRY(notional, spot_price, futures_price, days, days_to_expiry):
    return compute(
        core.dated_carry,
        notional=numbers("notional", notional),
        spot_price=numbers("spot_price", spot_price),
        futures_price=numbers("futures_price", futures_price),
        days=numbers("days", days),
        days_to_expiry=numbers("days_to_expiry", days_to_expiry),
    )


@array_function("Money saved by moving a perpetual hedge into the dated future until expiry; positive = switch",
                 "notional", "funding_rate", "spot_price", "futures_price", "days_to_expiry", "interval_hours",
                 "fee_rate", "slippage_bps")
def SWITCHGAIN(notional, funding_rate, spot_price, futures_price, days_to_expiry, interval_hours=None, fee_rate=None,
               slippage_bps=None):
    by_row, blank = rows_of(notional=notional, funding_rate=funding_rate, spot_price=spot_price,
                            futures_price=futures_price, days_to_expiry=days_to_expiry)
    return blank_where(compute(core.switch_gain, **by_row, interval_hours=funding_interval(interval_hours),
                               fee_rate=numbers("fee_rate", fee_rate, required=False),
                               slippage_bps=numbers("slippage_bps", slippage_bps, required=False)), blank)


@array_function("Cost of rolling a dated position to the next expiry: spread + fees + slippage; positive = you pay",
                 "notional", "near_price", "far_price", "fee_rate", "slippage_bps")
def ROLLCOST(notional, near_price, far_price, fee_rate=None, slippage_bps=None):
    return compute(
        core.roll_cost,
        notional=numbers("notional", notional),
        near_price=numbers("near_price", near_price),
        far_price=numbers("far_price", far_price),
        fee_rate=numbers("fee_rate", fee_rate, required=False),
        slippage_bps=numbers("slippage_bps", slippage_bps, required=False),
    )


@array_function("Times a dated hedge held for days is rolled into the next contract: ceil(days / days to expiry) - 1",
                 "days", "days_to_expiry")
def ROLLCOUNT(days, days_to_expiry):
    by_row, blank = rows_of(days_to_expiry=days_to_expiry)
    return blank_where(compute(core.roll_count, days=numbers("days", days), **by_row), blank)


@array_function("Cost of hedging with dated futures for days, rolled at each expiry (basis decay + roll trades); "
                 "positive = you pay", "notional", "spot_price", "futures_price", "days", "days_to_expiry", "fee_rate",
                 "slippage_bps")
def DATEDHEDGECOST(notional, spot_price, futures_price, days, days_to_expiry, fee_rate=None, slippage_bps=None):
    by_row, blank = rows_of(notional=notional, spot_price=spot_price, futures_price=futures_price,
                            days_to_expiry=days_to_expiry)
    return blank_where(compute(core.dated_hedge_cost, **by_row, days=numbers("days", days),
                               fee_rate=numbers("fee_rate", fee_rate, required=False),
                               slippage_bps=numbers("slippage_bps", slippage_bps, required=False)), blank)


@array_function("Cost of rebalancing in spot: fees + slippage + tax on the realized gain; positive = you pay. "
                "A blank row gives a blank cell", "trade_value", "price", "cost_basis", "fee_rate", "slippage_bps",
                "tax_rate", "hedge_ratio")
def SPOTREBALCOST(trade_value, price, cost_basis, fee_rate=None, slippage_bps=None, tax_rate=None, hedge_ratio=None):
    by_row, blank = rows_of(trade_value=trade_value, price=price)
    ratio = numbers_or_default("hedge_ratio", hedge_ratio, 1.0)
    if ratio is not None:  # the coins that move the exposure the order does
        by_row["trade_value"] = by_row["trade_value"] / ratio
    cost = compute(
        core.spot_rebalance_cost,
        **by_row,
        cost_basis=numbers("cost_basis", cost_basis) if blank_argument(cost_basis) else numbers_or_default(
            "cost_basis", cost_basis, 0.0),
        fee_rate=numbers("fee_rate", fee_rate, required=False),
        slippage_bps=numbers("slippage_bps", slippage_bps, required=False),
        tax_rate=numbers("tax_rate", tax_rate, required=False),
    )
    return blank_where(cost, blank)


@array_function("Cost of rebalancing with a perpetual: open + close fees, slippage, funding (+ a dated hedge's basis "
                "cost); positive = you pay. A blank row gives a blank cell",
                "notional", "funding_rate", "days", "interval_hours", "fee_rate", "slippage_bps", "basis_cost")
def FUTREBALCOST(notional, funding_rate, days, interval_hours=None, fee_rate=None, slippage_bps=None,
                 basis_cost=None):
    by_row, blank = rows_of(notional=notional, funding_rate=funding_rate)
    basis = numbers_or_default("basis_cost", basis_cost, 0.0)
    arguments = dict(**by_row, days=numbers("days", days),
                     interval_hours=funding_interval(interval_hours),
                     fee_rate=numbers("fee_rate", fee_rate, required=False),
                     slippage_bps=numbers("slippage_bps", slippage_bps, required=False))
    check_shapes(**arguments, basis_cost=basis)
    cost = quietly(core.futures_rebalance_cost, arguments)
    return blank_where(to_cells(cost if basis is None else cost + basis), blank)


def _from_history(statistic_name: str, **series_by_argument):
    from ..core import history

    return to_cells(quietly(getattr(history, statistic_name), series_by_argument))


@array_function("Minimum-variance hedge ratio from daily log returns: USD of hedge per USD of coins (1 = as many)",
                 "spot_prices", "hedge_prices")
def HEDGERATIO(spot_prices, hedge_prices):
    return _from_history("hedge_ratio", spot_prices=series("spot_prices", spot_prices),
                         hedge_prices=series("hedge_prices", hedge_prices))


@array_function("Hedge effectiveness: share of the coins' daily variance the hedge removes (R squared, 0 to 1)",
                 "spot_prices", "hedge_prices")
def HEDGEEFFECTIVENESS(spot_prices, hedge_prices):
    return _from_history("hedge_effectiveness", spot_prices=series("spot_prices", spot_prices),
                         hedge_prices=series("hedge_prices", hedge_prices))


@array_function("Basis volatility: standard deviation of the daily changes of F/S - 1, per day",
                 "spot_prices", "futures_prices")
def BASISVOL(spot_prices, futures_prices):
    return _from_history("basis_vol", spot_prices=series("spot_prices", spot_prices),
                         futures_prices=series("futures_prices", futures_prices))


@array_function("Realized funding, mean APR over the time the rates cover; positive = longs paid shorts",
                 "funding_rates", "intervals")
def FUNDINGAPRMEAN(funding_rates, intervals):
    return _from_history("funding_apr_mean", funding_rates=series("funding_rates", funding_rates),
                         interval_hours=series("intervals", intervals))


@array_function("Realized funding, standard deviation of each rate's APR", "funding_rates", "intervals")
def FUNDINGAPRVOL(funding_rates, intervals):
    return _from_history("funding_apr_vol", funding_rates=series("funding_rates", funding_rates),
                         interval_hours=series("intervals", intervals))


@array_function("Funding over a horizon if rates behave as they did, USD; deviations = standard deviations from "
                 "the expected cost (+1 = one worse); positive = you pay", "notional", "funding_rates", "intervals",
                 "days", "deviations")
def EXPECTEDFUNDING(notional, funding_rates, intervals, days, deviations=None):
    from ..core import history

    spread = None if blank_argument(deviations) else one_number("deviations", deviations)
    return to_cells(quietly(history.expected_funding_at, {
        "notional": one_number("notional", notional), "funding_rates": series("funding_rates", funding_rates),
        "interval_hours": series("intervals", intervals), "days": one_number("days", days),
        "deviations": 0.0 if spread is None else spread}))


WORKSHEET_FUNCTIONS = tuple(
    name for name, value in sorted(globals().items()) if hasattr(value, "__xlfunc__")
)
"""Every worksheet function of this module, by Excel name."""
