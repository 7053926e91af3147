"""Pure calculations of hedgebook: no I/O, no xlwings, no network, no pandas.

One module per concept, each function accepting floats or NumPy
arrays.  Units and signs (docs/CONVENTIONS.md): USD values and notionals are signed
(negative = short); weights are fractions of portfolio value; funding rates
are decimals per funding interval, positive = longs pay shorts; costs are
positive when the user pays.
"""

import sys
import types

from .lazy import names_on_first_use

_LAZY = {
    **dict.fromkeys(("annualized_basis", "basis", "dated_carry", "dated_hedge_cost", "roll_cost", "roll_count",
                     "switch_gain"), "basis"),
    **dict.fromkeys(("futures_rebalance_cost", "spot_rebalance_cost", "trading_cost"), "costs"),
    **dict.fromkeys(("days_to_expiry", "from_epoch_ms", "from_excel_serial", "to_excel_serial", "to_naive_utc",
                     "to_utc"), "dates"),
    **dict.fromkeys(("hedge_notional", "hedge_size", "net_exposure", "round_to_lot", "stress_pnl"), "exposure"),
    **dict.fromkeys(("funding_apr", "funding_cost", "funding_periods"), "funding"),
    **dict.fromkeys(("assumed_margin", "position_after"), "held_position"),
    **dict.fromkeys(("DEFAULT_MAINTENANCE_MARGIN_RATE", "cross_liquidation_price", "liquidation_price", "margin"),
                    "margin"),
    **dict.fromkeys(("position_notional", "position_pnl"), "positions"),
    **dict.fromkeys(("maintenance_amounts", "maintenance_rate", "maintenance_tier", "tier_max_leverage"), "tiers"),
    **dict.fromkeys(("TABLE_HEADER", "Holding", "Order", "RebalancePlan", "plan_rebalance", "rebalance"), "plan"),
    **dict.fromkeys(("OrderLimits", "apply_order_limits", "without_orders"), "order_limits"),
    **dict.fromkeys(("OrderCosts", "PlanSettings", "costs_of_orders"), "order_costs"),
}
"""Every name loads its module on first use: importing ``hedgebook.core.errors`` (the command line does, to start)
must not import NumPy, and a worksheet cell that never plans does not pay for the plan."""


class _Package(types.ModuleType):
    """This package: a function named like its module (``margin``, ``basis``) stays the function when another module
    imports that submodule (the import system would otherwise set the package's attribute to the module)."""

    def __setattr__(self, name, value):
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == name:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__getattr__ = names_on_first_use(__name__, _LAZY, globals())


__all__ = [
    "DEFAULT_MAINTENANCE_MARGIN_RATE",
    "TABLE_HEADER",
    "Holding",
    "Order",
    "OrderLimits",
    "OrderCosts",
    "PlanSettings",
    "RebalancePlan",
    "annualized_basis",
    "assumed_margin",
    "cross_liquidation_price",
    "position_after",
    "apply_order_limits",
    "basis",
    "costs_of_orders",
    "dated_carry",
    "dated_hedge_cost",
    "days_to_expiry",
    "from_epoch_ms",
    "from_excel_serial",
    "funding_apr",
    "funding_cost",
    "funding_periods",
    "futures_rebalance_cost",
    "hedge_notional",
    "hedge_size",
    "liquidation_price",
    "maintenance_amounts",
    "maintenance_rate",
    "maintenance_tier",
    "margin",
    "net_exposure",
    "plan_rebalance",
    "position_notional",
    "position_pnl",
    "rebalance",
    "roll_cost",
    "roll_count",
    "round_to_lot",
    "spot_rebalance_cost",
    "stress_pnl",
    "switch_gain",
    "tier_max_leverage",
    "to_excel_serial",
    "to_naive_utc",
    "to_utc",
    "trading_cost",
    "without_orders",
]
