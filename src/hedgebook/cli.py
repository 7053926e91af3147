"""The ``hedgebook`` command."""

from __future__ import annotations

import argparse
import math
import sys
import warnings
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


PIPED_OUTPUT_WIDTH = 200
"""Characters per line when output is not a terminal (tables are wider than 80)."""


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


def _split_list(values: Sequence[str] | None) -> list[str]:
    """``["binance,bybit", "okx"]`` → ``["binance", "bybit", "okx"]``."""
    return [item.strip() for value in values or () for item in value.split(",") if item.strip()]


def _number(value: float, digits: int = 2) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.{digits}f}"


def _when(value) -> str:
    return "" if value is None or value != value else f"{value:%Y-%m-%d %H:%M}"


def render_market(console: Console, table) -> None:
    """Print the market table: prices, funding (per interval and a year), open interest, expiry, status."""
    view = Table(title_justify="left", show_lines=False)
    columns = (
        ("venue", "left"), ("symbol", "left"), ("kind", "left"), ("mark", "right"), ("index", "right"),
        ("funding %", "right"), ("every", "right"), ("APR %", "right"), ("next funding UTC", "left"),
        ("OI USD m", "right"), ("expiry UTC", "left"), ("status", "left"),
    )
    for name, justify in columns:
        view.add_column(name, justify=justify, overflow="fold")
    for row in table.sort_values(["base", "kind", "venue", "symbol"]).itertuples():
        view.add_row(
            row.venue,
            row.symbol,
            f"{row.kind} {row.settle}".strip(),
            _number(row.mark_price if row.mark_price == row.mark_price else row.last_price),
            _number(row.index_price),
            _number(row.funding_rate * 100, 4),
            "" if row.funding_interval_h != row.funding_interval_h else f"{row.funding_interval_h:g} h",
            _number(row.funding_apr * 100),
            _when(row.next_funding_time),
            _number(row.open_interest_usd / 1e6, 1),
            _when(row.expiry),
            row.status,
        )
    console.print(view)


def _cmd_market(args: argparse.Namespace, console: Console) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from .market import DEFAULT_VENUES, fetch_market

    venues = _split_list(args.venues) or list(DEFAULT_VENUES)
    assets = None if [a.lower() for a in _split_list(args.assets)] == ["all"] else _split_list(args.assets)
    errors_console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        console=errors_console, transient=True,
    ) as progress:
        task = progress.add_task("reading venues", total=len(venues))

        def advance(venue: str, message: str) -> None:
            progress.update(task, advance=1, description=f"{venue}: {message}"[:60])

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            snapshot = fetch_market(venues, assets, timeout=args.timeout, progress=advance)
    if len(snapshot.table):
        render_market(console, snapshot.table)
    ok = [v for v in venues if v not in snapshot.errors]
    console.print(f"{len(snapshot.table)} instruments from {len(ok)} of {len(venues)} venues, {snapshot.fetched_at:%Y-%m-%d %H:%M:%S} UTC")
    for venue, message in snapshot.errors.items():
        console.print(f"[red]{venue} failed:[/red] {message}", highlight=False)
    for note in snapshot.warnings:
        console.print(f"[yellow]warning:[/yellow] {note}", highlight=False)
    return 0 if ok else 1


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

    market = commands.add_parser(
        "market",
        help="print live prices, funding, dated futures and open interest from the exchanges",
        description=(
            "Read the venues' public APIs (no API key) and print one table: mark and index price, "
            "funding rate per interval and per year (positive = longs pay shorts), next funding time, "
            "open interest in USD millions, expiry of dated futures, and each row's status. "
            "Venues are read in parallel; a venue that fails is reported and the others still print."
        ),
    )
    market.add_argument(
        "--venues", nargs="+", metavar="VENUE",
        help="venues to read, separated by spaces or commas (default: all: "
        "binance, binance_coinm, binance_spot, bybit, okx, deribit, bingx, mexc, coingecko)",
    )
    market.add_argument(
        "--assets", nargs="+", default=["BTC,ETH"], metavar="ASSET",
        help="base assets to keep, e.g. BTC,ETH,SOL (default: BTC,ETH); 'all' keeps every instrument "
        "(open interest is then left out where a venue serves it only per symbol)",
    )
    market.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each answer (default: 10)")
    market.set_defaults(handler=_cmd_market)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``hedgebook`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    console = Console()
    if not console.is_terminal:  # a file or a pipe: wide lines rather than wrapped cells
        console = Console(width=PIPED_OUTPUT_WIDTH)
    try:
        return args.handler(args, console)
    except ValueError as error:
        console.print(f"[red]error:[/red] {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
