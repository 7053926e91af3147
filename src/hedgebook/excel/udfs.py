"""hedgebook's worksheet functions (DESIGN.md §4), for xlwings' "Import Functions".

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
    check_shapes,
    dates,
    flag,
    flat_cells,
    ladder,
    numbers,
    returns_error_text,
    series,
    to_cells,
)
from .xlmeta import worksheet_function

_HELP = {
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


def _help(*names: str) -> dict[str, str]:
    return {name: _HELP[name] for name in names}


def _array_function(description: str, *names: str):
    """Decorators of an *array* worksheet function: metadata (ranges as 2-D lists) and error text."""

    def decorate(function):
        return worksheet_function(description, _help(*names), ndim2=names)(returns_error_text(function))

    return decorate


def _interval(value):
    """A funding interval: blank is unknown (NaN, shown as #N/A), never a guessed 8 hours."""
    interval = numbers("interval_hours", value, required=False)
    return np.nan if interval is None else interval


def _compute(core_function, **arguments):
    check_shapes(**arguments)
    return to_cells(_quietly(core_function, arguments))


@np.errstate(all="ignore")  # overflow shows as #NUM! in the cell, not as a warning (decorator: cheapest form)
def _quietly(core_function, arguments):
    return core_function(**arguments)


@_array_function("Net exposure: spot value + futures notional, as a weight when portfolio_value is given",
                 "spot_value", "futures_notional", "portfolio_value")
def NETEXPOSURE(spot_value, futures_notional, portfolio_value=None):
    return _compute(
        core.net_exposure,
        spot_value=numbers("spot_value", spot_value),
        futures_notional=numbers("futures_notional", futures_notional),
        portfolio_value=numbers("portfolio_value", portfolio_value, required=False),
    )


@_array_function("Signed USD of futures to add to reach the target weight (negative = short), times the hedge ratio",
                 "current_exposure", "target_weight", "portfolio_value", "hedge_ratio")
def HEDGENOTIONAL(current_exposure, target_weight, portfolio_value, hedge_ratio=None):
    return _compute(
        core.hedge_notional,
        current_exposure=numbers("current_exposure", current_exposure),
        target_weight=numbers("target_weight", target_weight),
        portfolio_value=numbers("portfolio_value", portfolio_value),
        hedge_ratio=numbers("hedge_ratio", hedge_ratio, required=False),
    )


@_array_function("Signed contracts to trade to reach the target weight (negative = sell), cut toward zero to "
                 "whole lots",
                 "current_exposure", "target_weight", "portfolio_value", "price", "contract_size", "lot_size",
                 "inverse", "hedge_ratio")
def HEDGESIZE(current_exposure, target_weight, portfolio_value, price, contract_size=None, lot_size=None,
              inverse=None, hedge_ratio=None):
    return _compute(
        core.hedge_size,
        current_exposure=numbers("current_exposure", current_exposure),
        target_weight=numbers("target_weight", target_weight),
        portfolio_value=numbers("portfolio_value", portfolio_value),
        price=numbers("price", price),
        contract_size=numbers("contract_size", contract_size, required=False),
        lot_size=numbers("lot_size", lot_size, required=False),
        inverse=flag("inverse", inverse),
        hedge_ratio=numbers("hedge_ratio", hedge_ratio, required=False),
    )


@worksheet_function(
    "Rebalance table: asset, current weight, target weight, trade notional, side, contracts, post-trade weight",
    {**_help("assets", "spot_values", "futures_notionals", "target_weights", "prices", "contract_sizes", "lot_sizes"),
     "inverse": _HELP["inverse_flags"]},
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


@_array_function("Funding paid over a horizon: notional x rate x days x 24 / interval; positive = you pay",
                 "notional", "funding_rate", "days", "interval_hours")
def FUNDINGCOST(notional, funding_rate, days, interval_hours=None):
    return _compute(
        core.funding_cost,
        notional=numbers("notional", notional),
        funding_rate=numbers("funding_rate", funding_rate),
        days=numbers("days", days),
        interval_hours=_interval(interval_hours),
    )


@_array_function("Funding rate per year: rate x 24 / interval x 365", "funding_rate", "interval_hours")
def FUNDINGAPR(funding_rate, interval_hours=None):
    return _compute(
        core.funding_apr,
        funding_rate=numbers("funding_rate", funding_rate),
        interval_hours=_interval(interval_hours),
    )


@_array_function("Basis: futures - spot, or F/S - 1 (contango > 0)", "spot_price", "futures_price", "as_fraction")
def BASIS(spot_price, futures_price, as_fraction=None):
    fraction = flag("as_fraction", as_fraction)
    if not isinstance(fraction, bool):
        raise CellError("as_fraction must be one TRUE or FALSE")
    return _compute(
        core.basis,
        spot_price=numbers("spot_price", spot_price),
        futures_price=numbers("futures_price", futures_price),
        as_fraction=fraction,
    )


@_array_function("Annualized basis: (F/S - 1) x 365 / days to expiry", "spot_price", "futures_price", "expiry", "as_of")
def ANNUALIZEDBASIS(spot_price, futures_price, expiry, as_of=None):
    valuation = dates("as_of", as_of, required=False)
    days = _quietly(core.days_to_expiry, {
        "expiry": _unwrap(dates("expiry", expiry)),
        "as_of": _unwrap(valuation) if valuation is not None else dt.datetime.now(dt.timezone.utc),
    })
    return _compute(
        core.annualized_basis,
        spot_price=numbers("spot_price", spot_price),
        futures_price=numbers("futures_price", futures_price),
        days_to_expiry=days,
    )


def _unwrap(value):
    """A 1×1 range of dates as its single date."""
    while isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    return value


@_array_function("Cost of holding a dated future for days as its basis converges to 0 at expiry; positive = you pay",
                 "notional", "spot_price", "futures_price", "days", "days_to_expiry")
def DATEDCARRY(notional, spot_price, futures_price, days, days_to_expiry):
    return _compute(
        core.dated_carry,
        notional=numbers("notional", notional),
        spot_price=numbers("spot_price", spot_price),
        futures_price=numbers("futures_price", futures_price),
        days=numbers("days", days),
        days_to_expiry=numbers("days_to_expiry", days_to_expiry),
    )


@_array_function("Money saved by moving a perpetual hedge into the dated future until expiry; positive = switch",
                 "notional", "funding_rate", "spot_price", "futures_price", "days_to_expiry", "interval_hours",
                 "fee_rate", "slippage_bps")
def SWITCHGAIN(notional, funding_rate, spot_price, futures_price, days_to_expiry, interval_hours=None, fee_rate=None,
               slippage_bps=None):
    return _compute(
        core.switch_gain,
        notional=numbers("notional", notional),
        funding_rate=numbers("funding_rate", funding_rate),
        spot_price=numbers("spot_price", spot_price),
        futures_price=numbers("futures_price", futures_price),
        days_to_expiry=numbers("days_to_expiry", days_to_expiry),
        interval_hours=_interval(interval_hours),
        fee_rate=numbers("fee_rate", fee_rate, required=False),
        slippage_bps=numbers("slippage_bps", slippage_bps, required=False),
    )


@_array_function("Cost of rolling a dated position to the next expiry: spread + fees + slippage; positive = you pay",
                 "notional", "near_price", "far_price", "fee_rate", "slippage_bps")
def ROLLCOST(notional, near_price, far_price, fee_rate=None, slippage_bps=None):
    return _compute(
        core.roll_cost,
        notional=numbers("notional", notional),
        near_price=numbers("near_price", near_price),
        far_price=numbers("far_price", far_price),
        fee_rate=numbers("fee_rate", fee_rate, required=False),
        slippage_bps=numbers("slippage_bps", slippage_bps, required=False),
    )


@_array_function("Times a dated hedge held for days is rolled into the next contract: ceil(days / days to expiry) - 1",
                 "days", "days_to_expiry")
def ROLLCOUNT(days, days_to_expiry):
    return _compute(core.roll_count, days=numbers("days", days),
                    days_to_expiry=numbers("days_to_expiry", days_to_expiry))


@_array_function("Cost of hedging with dated futures for days, rolled at each expiry (basis decay + roll trades); "
                 "positive = you pay", "notional", "spot_price", "futures_price", "days", "days_to_expiry", "fee_rate",
                 "slippage_bps")
def DATEDHEDGECOST(notional, spot_price, futures_price, days, days_to_expiry, fee_rate=None, slippage_bps=None):
    return _compute(
        core.dated_hedge_cost,
        notional=numbers("notional", notional),
        spot_price=numbers("spot_price", spot_price),
        futures_price=numbers("futures_price", futures_price),
        days=numbers("days", days),
        days_to_expiry=numbers("days_to_expiry", days_to_expiry),
        fee_rate=numbers("fee_rate", fee_rate, required=False),
        slippage_bps=numbers("slippage_bps", slippage_bps, required=False),
    )


@_array_function("USD value of a futures position at the mark price: contracts x size x mark (linear), "
                 "contracts x USD per contract (inverse); negative = short",
                 "contracts", "mark_price", "contract_size", "inverse")
def POSITIONNOTIONAL(contracts, mark_price, contract_size=None, inverse=None):
    return _compute(
        core.position_notional,
        contracts=numbers("contracts", contracts),
        mark_price=numbers("mark_price", mark_price),
        contract_size=numbers("contract_size", contract_size, required=False),
        inverse=flag("inverse", inverse),
    )


@_array_function("Unrealized profit of a futures position since entry, USD at the mark price; > 0 = a gain",
                 "contracts", "entry_price", "mark_price", "contract_size", "inverse")
def POSITIONPNL(contracts, entry_price, mark_price, contract_size=None, inverse=None):
    return _compute(
        core.position_pnl,
        contracts=numbers("contracts", contracts),
        entry_price=numbers("entry_price", entry_price),
        mark_price=numbers("mark_price", mark_price),
        contract_size=numbers("contract_size", contract_size, required=False),
        inverse=flag("inverse", inverse),
    )


@_array_function("Initial margin: abs(notional) / leverage, the leverage at most the tier's of that size",
                 "notional", "leverage", "tier_caps", "tier_leverages")
def MARGIN(notional, leverage, tier_caps=None, tier_leverages=None):
    caps, leverages = _tiers("tier_leverages", tier_caps, tier_leverages)
    return _compute(core.margin, notional=numbers("notional", notional), leverage=numbers("leverage", leverage),
                    tier_caps=caps, tier_leverages=leverages)


def _tiers(name, caps, values):
    """``(caps, values)`` of a tier ladder, both None when no tiers are given."""
    caps, values = ladder("tier_caps", caps), ladder(name, values)
    if (caps is None) != (values is None):
        raise CellError(f"tier_caps and {name} go together")
    return caps, values


@_array_function("Isolated liquidation price (linear, or inverse when contract_size > 0); 0 = cannot be liquidated; "
                 "with tiers, the rate and amount of the position's tier",
                 "entry_price", "quantity", "collateral", "maint_margin_rate", "maint_amount", "contract_size",
                 "tier_caps", "tier_rates")
def LIQPRICE(entry_price, quantity, collateral, maint_margin_rate=None, maint_amount=None, contract_size=None,
             tier_caps=None, tier_rates=None):
    caps, rates = _tiers("tier_rates", tier_caps, tier_rates)
    return _compute(
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


@_array_function("Entry price of the position an order leaves where one is held: the average entry when it adds, "
                 "unchanged when it reduces, the price when it flips or opens; blank when none is left",
                 "held_contracts", "held_entry", "order_contracts", "price", "contract_size", "inverse")
def ENTRYAFTER(held_contracts, held_entry, order_contracts, price, contract_size=None, inverse=None):
    held, entry, mark = _held(held_contracts, held_entry, price)
    order = numbers("order_contracts", order_contracts)
    size = numbers("contract_size", contract_size, required=False)
    return _compute(lambda **kw: core.position_after(**kw)[1], held_contracts=held, held_entry=entry,
                    held_margin=0.0, order_contracts=order, mark_price=mark, leverage=1.0, contract_size=size,
                    inverse=flag("inverse", inverse))


@_array_function("Isolated margin of the position an order leaves where one is held: held + the order's initial "
                 "margin when it adds, the share kept when it reduces, a new initial margin when it flips; USD "
                 "(inverse: coin)", "held_contracts", "held_entry", "held_margin", "order_contracts", "price",
                 "leverage", "contract_size", "inverse", "tier_caps", "tier_leverages")
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
    return _compute(lambda **kw: core.position_after(**kw)[2], held_contracts=held, held_entry=entry,
                    held_margin=posted, order_contracts=order, mark_price=mark, leverage=lev, contract_size=size,
                    inverse=is_inverse)


@_array_function("Maintenance margin rate of a position: its tier's where tiers are given, else default_rate",
                 "notional", "tier_caps", "tier_rates", "default_rate")
def MAINTRATE(notional, tier_caps=None, tier_rates=None, default_rate=None):
    caps, rates = _tiers("tier_rates", tier_caps, tier_rates)
    default = numbers("default_rate", default_rate, required=False)
    return _compute(core.maintenance_rate, notional=numbers("notional", notional), tier_caps=caps, tier_rates=rates,
                    default_rate=core.DEFAULT_MAINTENANCE_MARGIN_RATE if default is None else default)


@_array_function("Profit and loss of the net position for a relative price move", "spot_value", "futures_notional",
                 "shock")
def STRESSPNL(spot_value, futures_notional, shock):
    return _compute(
        core.stress_pnl,
        spot_value=numbers("spot_value", spot_value),
        futures_notional=numbers("futures_notional", futures_notional),
        shock=numbers("shock", shock),
    )


@_array_function("Cost of rebalancing in spot: fees + slippage + tax on the realized gain; positive = you pay",
                 "trade_value", "price", "cost_basis", "fee_rate", "slippage_bps", "tax_rate")
def SPOTREBALCOST(trade_value, price, cost_basis, fee_rate=None, slippage_bps=None, tax_rate=None):
    return _compute(
        core.spot_rebalance_cost,
        trade_value=numbers("trade_value", trade_value),
        price=numbers("price", price),
        cost_basis=numbers("cost_basis", cost_basis),
        fee_rate=numbers("fee_rate", fee_rate, required=False),
        slippage_bps=numbers("slippage_bps", slippage_bps, required=False),
        tax_rate=numbers("tax_rate", tax_rate, required=False),
    )


@_array_function("Cost of rebalancing with a perpetual: open + close fees, slippage, funding; positive = you pay",
                 "notional", "funding_rate", "days", "interval_hours", "fee_rate", "slippage_bps")
def FUTREBALCOST(notional, funding_rate, days, interval_hours=None, fee_rate=None, slippage_bps=None):
    return _compute(
        core.futures_rebalance_cost,
        notional=numbers("notional", notional),
        funding_rate=numbers("funding_rate", funding_rate),
        days=numbers("days", days),
        interval_hours=_interval(interval_hours),
        fee_rate=numbers("fee_rate", fee_rate, required=False),
        slippage_bps=numbers("slippage_bps", slippage_bps, required=False),
    )


def _from_history(statistic_name: str, **series_by_argument):
    from ..core import history

    return to_cells(_quietly(getattr(history, statistic_name), series_by_argument))


@_array_function("Minimum-variance hedge ratio from daily log returns: USD of hedge per USD of coins (1 = as many)",
                 "spot_prices", "hedge_prices")
def HEDGERATIO(spot_prices, hedge_prices):
    return _from_history("hedge_ratio", spot_prices=series("spot_prices", spot_prices),
                         hedge_prices=series("hedge_prices", hedge_prices))


@_array_function("Hedge effectiveness: share of the coins' daily variance the hedge removes (R squared, 0 to 1)",
                 "spot_prices", "hedge_prices")
def HEDGEEFFECTIVENESS(spot_prices, hedge_prices):
    return _from_history("hedge_effectiveness", spot_prices=series("spot_prices", spot_prices),
                         hedge_prices=series("hedge_prices", hedge_prices))


@_array_function("Basis volatility: standard deviation of the daily changes of F/S - 1, per day",
                 "spot_prices", "futures_prices")
def BASISVOL(spot_prices, futures_prices):
    return _from_history("basis_vol", spot_prices=series("spot_prices", spot_prices),
                         futures_prices=series("futures_prices", futures_prices))


@_array_function("Realized funding, mean APR over the time the rates cover; positive = longs paid shorts",
                 "funding_rates", "intervals")
def FUNDINGAPRMEAN(funding_rates, intervals):
    return _from_history("funding_apr_mean", funding_rates=series("funding_rates", funding_rates),
                         interval_hours=series("intervals", intervals))


@_array_function("Realized funding, standard deviation of each rate's APR", "funding_rates", "intervals")
def FUNDINGAPRVOL(funding_rates, intervals):
    return _from_history("funding_apr_vol", funding_rates=series("funding_rates", funding_rates),
                         interval_hours=series("intervals", intervals))



@_array_function("Funding over a horizon if rates behave as they did, USD; deviations = standard deviations from "
                 "the expected cost (+1 = one worse); positive = you pay", "notional", "funding_rates", "intervals",
                 "days", "deviations")
def EXPECTEDFUNDING(notional, funding_rates, intervals, days, deviations=None):
    from ..core import history

    spread = numbers("deviations", deviations, required=False)
    if isinstance(spread, np.ndarray):
        raise CellError("deviations must be one number")
    return to_cells(_quietly(history.expected_funding_at, {
        "notional": _one_number("notional", notional), "funding_rates": series("funding_rates", funding_rates),
        "interval_hours": series("intervals", intervals), "days": _one_number("days", days),
        "deviations": 0.0 if spread is None else spread}))


def _one_number(name: str, value):
    number = numbers(name, value)
    if isinstance(number, np.ndarray):
        raise CellError(f"{name} must be one number")
    return number

WORKSHEET_FUNCTIONS = tuple(
    name for name, value in sorted(globals().items()) if hasattr(value, "__xlfunc__")
)
"""Every worksheet function of this module, by Excel name."""
