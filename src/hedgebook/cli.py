"""The ``hedgebook`` command."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

import numpy as np
from rich.console import Console
from rich.table import Table

from . import __version__
from .core import RebalancePlan, order_costs, plan_rebalance
from .core.report import OrderCosts, PlanSettings
from .sample import (
    SAMPLE_AS_OF,
    WORKED_EXAMPLE_COST_BASIS,
    WORKED_EXAMPLE_FUNDING,
    WORKED_EXAMPLE_HOLDINGS,
    WORKED_EXAMPLE_SETTINGS,
)


def _money(value: float) -> str:
    return f"{value:,.2f}"


def _percent(value: float) -> str:
    return f"{value:.2%}"


def _price(value: float) -> str:
    return "—" if value == 0 else f"{value:,.2f}"


def render_plan(console: Console, plan: RebalancePlan, costs: OrderCosts, settings: PlanSettings, title: str) -> None:
    """Print the orders and their horizon costs as tables."""
    orders = Table(title=title, title_justify="left")
    for name in ("asset", "side", "contracts", "notional USD", "weight now", "target", "after"):
        orders.add_column(name, justify="left" if name in ("asset", "side") else "right")
    for order in plan.orders:
        orders.add_row(
            order.asset,
            order.side,
            f"{order.contracts:,.6g}",
            _money(order.notional),
            _percent(order.current_weight),
            _percent(order.target_weight),
            _percent(order.post_trade_weight),
        )
    console.print(orders)
    if plan.cash_weight:
        console.print(f"Cash (targets below 100 %): {_percent(plan.cash_weight)}")

    horizon = Table(
        title=(
            f"Over {settings.horizon_days:g} days at {settings.leverage:g}× leverage "
            "(cost > 0 = you pay, < 0 = you receive)"
        ),
        title_justify="left",
    )
    for name in ("asset", "funding", f"margin", "liquidation price", "futures cost", "spot cost instead"):
        horizon.add_column(name, justify="left" if name == "asset" else "right")
    for i, asset in enumerate(plan.assets):
        horizon.add_row(
            asset,
            _money(costs.funding[i]),
            _money(costs.margin[i]),
            _price(costs.liquidation_price[i]),
            _money(costs.futures_cost[i]),
            _money(costs.spot_cost[i]),
        )
    horizon.add_row(
        "total",
        _money(float(np.sum(costs.funding))),
        _money(float(np.sum(costs.margin))),
        "",
        _money(float(np.sum(costs.futures_cost))),
        _money(float(np.sum(costs.spot_cost))),
        style="bold",
    )
    console.print(horizon)


def _cmd_plan(args: argparse.Namespace, console: Console) -> int:
    holdings = WORKED_EXAMPLE_HOLDINGS
    plan = plan_rebalance(holdings)
    assets = plan.assets
    costs = order_costs(
        plan,
        funding_rates=[WORKED_EXAMPLE_FUNDING[a][0] for a in assets],
        funding_interval_hours=[WORKED_EXAMPLE_FUNDING[a][1] for a in assets],
        cost_basis=[WORKED_EXAMPLE_COST_BASIS[a] for a in assets],
        settings=WORKED_EXAMPLE_SETTINGS,
    )
    console.print(
        f"[bold]Worked example[/bold] (sample numbers as of {SAMPLE_AS_OF}, not market data): "
        f"portfolio {_money(plan.portfolio_value)} USD, funding +0.01 % per 8 h."
    )
    render_plan(console, plan, costs, WORKED_EXAMPLE_SETTINGS, "Futures orders to place")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``hedgebook`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="hedgebook",
        description="Rebalance a crypto portfolio with futures instead of selling coins.",
    )
    parser.add_argument("--version", action="version", version=f"hedgebook {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    plan = commands.add_parser(
        "plan",
        help="print the futures orders of the worked example (65/35 -> 50/50)",
        description=(
            "Print the futures orders that move a 65 000 BTC / 35 000 ETH portfolio to 50/50 "
            "without selling coins, with funding, margin, liquidation prices and the cost of "
            "doing the same in spot. Uses built-in sample numbers; no network."
        ),
    )
    plan.set_defaults(handler=_cmd_plan)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``hedgebook`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    console = Console()
    try:
        return args.handler(args, console)
    except ValueError as error:
        console.print(f"[red]error:[/red] {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
