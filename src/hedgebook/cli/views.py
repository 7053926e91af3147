"""What the ``hedgebook`` command prints: plans, positions, the market and history as terminal tables.

Text that came from outside (a venue, a cell) is escaped before it reaches rich, so that it is never read as markup.
"""

from __future__ import annotations

import math

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..market.text import clean_text

CASH_SHOWN = 1e-9
"""A cash weight smaller than this is rounding, not cash."""


def money(value: float) -> str:
    return "" if value != value else f"{value:,.2f}"


def percent(value: float) -> str:
    return "" if value != value else f"{value:.2%}"


def price(value: float) -> str:
    return "—" if value == 0 or value != value else f"{value:,.2f}"


def text(value) -> str:
    """Text from outside (venues, the workbook) as rich shows it: never read as markup."""
    return escape(clean_text(str(value)))


def when(value) -> str:
    return "" if value is None or value != value else f"{value:%Y-%m-%d %H:%M}"


def render_plan(console: Console, plan, title: str, messages: Console | None = None) -> None:
    """Print a plan: the orders, then funding, margin, liquidation and both costs over the horizon.

    Orders withheld, and orders computed from stale data, are also said on
    ``messages`` (standard error), one line each (:func:`say_order_problems`).
    """
    rebalance, costs, settings, lines = plan.rebalance, plan.costs, plan.settings, plan.lines
    any_beta = any(line.sizing.by_history for line in lines)
    orders = Table(title=title, title_justify="left")
    for name in ("asset", "venue", "contract", "side", "contracts", "notional USD", "weight now", "target", "after",
                 *(["sized by β"] if any_beta else []), "status"):
        orders.add_column(name, justify="left" if name in ("asset", "venue", "contract", "side", "status") else "right")
    for line in lines:
        order, withheld = line.order, line.status.withheld
        beta = ([f"{line.sizing.ratio:.3f}" if line.sizing.by_history and not line.sizing.problem else "—"]
                if any_beta else [])
        orders.add_row(
            text(order.asset), text(line.holding.venue), text(line.hedge.symbol), line.side,
            "—" if withheld else f"{order.contracts:,.6g}", "—" if withheld else money(order.notional),
            percent(order.current_weight), percent(order.target_weight), percent(order.post_trade_weight),
            *beta, text(line.hedge.data_status if line.stale else line.status),
        )
    console.print(orders)
    cash_now, cash_after = 1.0 - float(rebalance.current_weights.sum()), 1.0 - float(rebalance.post_trade_weights.sum())
    if rebalance.cash_weight or abs(cash_now) > CASH_SHOWN or abs(cash_after) > CASH_SHOWN:
        console.print(f"Cash (not exposed to any asset): now {percent(cash_now)}, target "
                      f"{percent(rebalance.cash_weight)}, after {percent(cash_after)}")
    if plan.positions:
        render_positions(console, plan)
    horizon = Table(
        title=f"Over {settings.horizon_days:g} days at {settings.leverage:g}x leverage (cost > 0 = you pay, < 0 = you "
              "receive; margin and liquidation of the position each order leaves)",
        title_justify="left",
    )
    for name in ("asset", "funding", "margin after", "liquidation after", "futures cost", "spot cost instead"):
        horizon.add_column(name, justify="left" if name == "asset" else "right")
    for line in lines:
        horizon.add_row(text(line.holding.asset), money(line.costs.funding), money(line.costs.margin),
                        price(line.costs.liquidation_price), money(line.costs.futures_cost),
                        money(line.costs.spot_cost))
    horizon.add_row("total", money(float(np.nansum(costs.funding))), money(float(np.nansum(costs.margin))), "",
                    money(float(np.nansum(costs.futures_cost))), money(float(np.nansum(costs.spot_cost))),
                    style="bold")
    console.print(horizon)
    render_legs(console, plan)
    say_order_problems(messages or console, plan)


def render_legs(console: Console, plan) -> None:
    """Print the legs that unwind every hedge, and those that move each perpetual hedge into its dated future."""
    from ..app.legs import switch_legs, unwind_legs

    unwind = unwind_legs(plan)
    if unwind:
        view = Table(title="Unwind (after the orders above)", title_justify="left")
        for name in ("venue", "contract", "side", "contracts"):
            view.add_column(name, justify="right" if name == "contracts" else "left")
        for leg in unwind:
            view.add_row(text(leg.venue), text(leg.contract), leg.side, f"{leg.contracts:,.6g}")
        console.print(view)
    switches = switch_legs(plan)
    if switches:
        view = Table(title="To move each perpetual hedge into its dated future (gain > 0 = switching saves)",
                     title_justify="left")
        for name in ("asset", "close perpetual", "open dated", "days to expiry", "switch gain"):
            view.add_column(name, justify="right" if name in ("days to expiry", "switch gain") else "left")
        for switch in switches:
            view.add_row(text(switch.asset),
                         f"{switch.close.side} {abs(switch.close.contracts):,.6g} {text(switch.close.contract)}",
                         f"{switch.open.side} {abs(switch.open.contracts):,.6g} {text(switch.open.contract)}",
                         f"{switch.days_to_expiry:,.1f}", money(switch.switch_gain))
        console.print(view)


def render_positions(console: Console, plan) -> None:
    """Print the open positions, each valued at its contract's mark price."""
    view = Table(title="Open positions, at their mark prices", title_justify="left")
    numeric = ("contracts", "mark", "notional USD", "unrealized P&L", "liquidation", "to liquidation")
    for name in ("venue", "contract", "asset", "contracts", "mark", "notional USD", "unrealized P&L", "margin",
                 "liquidation", "to liquidation", "status"):
        view.add_column(name, justify="right" if name in numeric else "left")
    for p, risk in zip(plan.positions, plan.position_risks):
        margin = "cross" if risk.margin_mode == "cross" else (
            "" if risk.margin != risk.margin else f"{risk.margin:,.6g}" + (" (assumed)" if risk.margin_assumed else ""))
        liquidation = price(risk.liquidation_price) + (" PAST" if risk.past_liquidation else "")
        distance = "" if risk.distance != risk.distance else f"{risk.distance:+.1%}"
        view.add_row(text(p.venue), text(p.symbol or p.position.contract), text(p.exposure_asset),
                     f"{p.contracts:,.6g}",
                     money(p.mark_price), money(p.notional), money(p.unrealized_pnl), margin, liquidation, distance,
                     text(p.status if p.marked else p.problem))
    console.print(view)


def say_order_problems(messages: Console, plan) -> None:
    """One line per note on the inputs, per order withheld (and why) or computed from stale data (and when it
    was current)."""
    for note in plan.notes:
        messages.print(f"[yellow]note:[/yellow] {text(note)}", highlight=False)
    for line in plan.lines:
        asset = line.holding.asset
        if line.status.withheld:
            messages.print(f"[red]{text(asset)}: order withheld[/red] ({text(line.status)})", highlight=False)
        elif line.stale:
            messages.print(f"[yellow]{text(asset)}: order computed from stale data[/yellow] "
                           f"({text(line.hedge.data_status)}, as of {when(line.hedge.data_as_of)} UTC)",
                           highlight=False)


def number(value: float, digits: int = 2) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.{digits}f}"


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
            text(row.venue),
            text(row.symbol),
            text(f"{row.kind} {row.settle}".strip()),
            number(row.mark_price if row.mark_price == row.mark_price else row.last_price),
            number(row.index_price),
            number(row.funding_rate * 100, 4),
            "" if row.funding_interval_h != row.funding_interval_h else f"{row.funding_interval_h:g} h",
            number(row.funding_apr * 100),
            when(row.next_funding_time),
            number(row.open_interest_usd / 1e6, 1),
            when(row.expiry),
            text(row.status),
        )
    console.print(view)


def render_history(console: Console, funding, fits) -> None:
    """Print realized funding per perpetual and the hedge fit of each contract."""
    view = Table(title="Realized funding (APR %, positive = longs paid shorts)", title_justify="left")
    for name in ("venue", "symbol", "7 d", "30 d", "90 d", "vol", "longs paid", "settlements", "now"):
        view.add_column(name, justify="left" if name in ("venue", "symbol") else "right")
    for item in funding:
        view.add_row(text(item.venue), text(item.symbol),
                     *(number(item.apr_by_window.get(days, math.nan) * 100) for days in (7, 30, 90)),
                     number(item.apr_vol * 100), percent(item.share_positive) if item.settlements else "",
                     str(item.settlements), number(item.current_apr * 100))
    console.print(view)
    view = Table(title="Hedge fit against spot (daily closes)", title_justify="left")
    for name in ("venue", "symbol", "beta", "R²", "basis vol %/day", "days"):
        view.add_column(name, justify="left" if name in ("venue", "symbol") else "right")
    for fit in fits:
        view.add_row(text(fit.venue), text(fit.symbol), number(fit.hedge_ratio, 3), number(fit.effectiveness, 3),
                     number(fit.basis_vol * 100, 3), str(fit.days))
    console.print(view)
