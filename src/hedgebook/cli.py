"""The ``hedgebook`` command."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from .market import DEFAULT_TIMEOUT_S, DEFAULT_VENUES
from .market.config import DEADLINE_TIMEOUTS
from .market.text import clean_text

CASH_SHOWN = 1e-9
"""A cash weight smaller than this is rounding, not cash."""
PIPED_OUTPUT_WIDTH = 200
"""Characters per line when output is not a terminal (tables are wider than 80)."""
DEMO_NAME = "hedgebook_demo"
DEMO_FOLDER = "hedgebook-demo"
"""Where ``hedgebook demo`` writes unless told: a folder of its own, never loose files in the current one."""


EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_WITHHELD = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
"""Ctrl-C, as shells report a command ended by SIGINT."""
"""Exit codes: 3 = the plan was computed, but at least one order is withheld (its data cannot be trusted, or it is
below the venue's minimum order)."""


def _money(value: float) -> str:
    return "" if value != value else f"{value:,.2f}"


def _percent(value: float) -> str:
    return "" if value != value else f"{value:.2%}"


def _price(value: float) -> str:
    return "—" if value == 0 or value != value else f"{value:,.2f}"


def _text(value) -> str:
    """Text from outside (venues, the workbook) as rich shows it: never read as markup."""
    return escape(clean_text(str(value)))


def _when(value) -> str:
    return "" if value is None or value != value else f"{value:%Y-%m-%d %H:%M}"


def render_plan(console: Console, book, title: str, messages: Console | None = None) -> None:
    """Print a plan: the orders, then funding, margin, liquidation and both costs over the horizon.

    Orders withheld, and orders computed from stale data, are also said on
    ``messages`` (standard error), one line each (:func:`say_order_problems`).
    """
    plan, costs, settings = book.plan, book.costs, book.settings
    sizings = [book.sizing(i) for i in range(len(plan.assets))]
    by_beta = [sizing.by_history for sizing in sizings]
    orders = Table(title=title, title_justify="left")
    for name in ("asset", "venue", "contract", "side", "contracts", "notional USD", "weight now", "target", "after",
                 *(["sized by β"] if any(by_beta) else []), "status"):
        orders.add_column(name, justify="left" if name in ("asset", "venue", "contract", "side", "status") else "right")
    for i, order in enumerate(plan.orders):
        withheld = book.withheld[i]
        beta = ([f"{sizings[i].ratio:.3f}" if by_beta[i] and not sizings[i].problem else "—"]
                if any(by_beta) else [])
        orders.add_row(
            _text(order.asset), _text(book.holdings[i].venue), _text(book.quotes[i].symbol), book.sides[i],
            "—" if withheld else f"{order.contracts:,.6g}", "—" if withheld else _money(order.notional),
            _percent(order.current_weight), _percent(order.target_weight), _percent(order.post_trade_weight),
            *beta, _text(book.quotes[i].status if book.stale[i] else book.order_status[i]),
        )
    console.print(orders)
    cash_now, cash_after = 1.0 - float(plan.current_weights.sum()), 1.0 - float(plan.post_trade_weights.sum())
    if plan.cash_weight or abs(cash_now) > CASH_SHOWN or abs(cash_after) > CASH_SHOWN:
        console.print(f"Cash (not exposed to any asset): now {_percent(cash_now)}, target "
                      f"{_percent(plan.cash_weight)}, after {_percent(cash_after)}")
    if book.positions:
        render_positions(console, book)
    horizon = Table(
        title=f"Over {settings.horizon_days:g} days at {settings.leverage:g}x leverage (cost > 0 = you pay, < 0 = you "
              "receive; margin and liquidation of the position each order leaves)",
        title_justify="left",
    )
    for name in ("asset", "funding", "margin after", "liquidation after", "futures cost", "spot cost instead"):
        horizon.add_column(name, justify="left" if name == "asset" else "right")
    for i, asset in enumerate(plan.assets):
        horizon.add_row(_text(asset), _money(costs.funding[i]), _money(costs.margin[i]),
                        _price(costs.liquidation_price[i]), _money(costs.futures_cost[i]), _money(costs.spot_cost[i]))
    horizon.add_row("total", _money(float(np.nansum(costs.funding))), _money(float(np.nansum(costs.margin))), "",
                    _money(float(np.nansum(costs.futures_cost))), _money(float(np.nansum(costs.spot_cost))),
                    style="bold")
    console.print(horizon)
    render_legs(console, book)
    say_order_problems(messages or console, book)


def render_legs(console: Console, book) -> None:
    """Print the legs that unwind every hedge, and those that move each perpetual hedge into its dated future."""
    from .app.legs import switch_legs, unwind_legs

    unwind = unwind_legs(book)
    if unwind:
        view = Table(title="Unwind (after the orders above)", title_justify="left")
        for name in ("venue", "contract", "side", "contracts"):
            view.add_column(name, justify="right" if name == "contracts" else "left")
        for leg in unwind:
            view.add_row(_text(leg.venue), _text(leg.contract), leg.side, f"{leg.contracts:,.6g}")
        console.print(view)
    switches = switch_legs(book)
    if switches:
        view = Table(title="To move each perpetual hedge into its dated future (gain > 0 = switching saves)",
                     title_justify="left")
        for name in ("asset", "close perpetual", "open dated", "days to expiry", "switch gain"):
            view.add_column(name, justify="right" if name in ("days to expiry", "switch gain") else "left")
        for switch in switches:
            view.add_row(_text(switch.asset),
                         f"{switch.close.side} {abs(switch.close.contracts):,.6g} {_text(switch.close.contract)}",
                         f"{switch.open.side} {abs(switch.open.contracts):,.6g} {_text(switch.open.contract)}",
                         f"{switch.days_to_expiry:,.1f}", _money(switch.switch_gain))
        console.print(view)


def _fit_json(book, i: int) -> dict:
    """A holding's hedge sizing in the plan's JSON: β it is sized by, and β and R² measured on its history."""
    fit = book.sizing(i)
    return {"sized_by": "beta" if fit.by_history else "notional", "hedge_ratio": _json_number(fit.ratio),
            "measured_hedge_ratio": _json_number(fit.measured), "hedge_effectiveness": _json_number(fit.effectiveness)}


def _json_number(x) -> float | None:
    """A plain JSON number; NaN (and an infinity, which JSON cannot hold) as null."""
    x = float(x)
    return x if math.isfinite(x) else None


def render_positions(console: Console, book) -> None:
    """Print the open positions, each valued at its contract's mark price."""
    view = Table(title="Open positions, at their mark prices", title_justify="left")
    numeric = ("contracts", "mark", "notional USD", "unrealized P&L", "liquidation", "to liquidation")
    for name in ("venue", "contract", "asset", "contracts", "mark", "notional USD", "unrealized P&L", "margin",
                 "liquidation", "to liquidation", "status"):
        view.add_column(name, justify="right" if name in numeric else "left")
    for p, risk in zip(book.positions, book.position_risks):
        margin = "cross" if risk.margin_mode == "cross" else (
            "" if risk.margin != risk.margin else f"{risk.margin:,.6g}" + (" (assumed)" if risk.margin_assumed else ""))
        liquidation = _price(risk.liquidation_price) + (" PAST" if risk.past_liquidation else "")
        distance = "" if risk.distance != risk.distance else f"{risk.distance:+.1%}"
        view.add_row(_text(p.venue), _text(p.symbol or p.position.contract), _text(p.exposure_asset),
                     f"{p.contracts:,.6g}",
                     _money(p.mark_price), _money(p.notional), _money(p.unrealized_pnl), margin, liquidation, distance,
                     _text(p.status if p.marked else p.problem))
    console.print(view)


def say_order_problems(messages: Console, book) -> None:
    """One line per note on the inputs, per order withheld (and why) or computed from stale data (and when it
    was current)."""
    for note in book.notes:
        messages.print(f"[yellow]note:[/yellow] {_text(note)}", highlight=False)
    for i, asset in enumerate(book.plan.assets):
        if book.withheld[i]:
            messages.print(f"[red]{_text(asset)}: order withheld[/red] ({_text(book.order_status[i])})",
                           highlight=False)
        elif book.stale[i]:
            messages.print(f"[yellow]{_text(asset)}: order computed from stale data[/yellow] "
                           f"({_text(book.quotes[i].status)}, as of {_when(book.quotes[i].data_as_of)} UTC)",
                           highlight=False)


def plan_as_json(book) -> dict:
    """The plan as plain JSON-ready data (DESIGN.md §8; numbers in the units of §3, NaN as null).

    ``orders`` holds the rebalance orders only: one per hedged asset that
    trades, or whose order is withheld (its ``status`` says why).
    """
    from .app.choices import hedge_choices
    from .app.counterparty import venue_exposures
    from .app.legs import switch_legs, unwind_legs

    plan, costs = book.plan, book.costs

    number = _json_number

    def moment(value):
        return None if value is None else value.isoformat()

    sides = book.sides
    return {
        "portfolio_value": number(plan.portfolio_value),
        "cash_weight": number(plan.cash_weight),
        "as_of": book.as_of.isoformat(),
        "checked_at": moment(book.checked_at),
        "notes": list(book.notes),
        "orders": [
            {
                "asset": o.asset, "venue": book.holdings[i].venue, "contract": book.quotes[i].symbol,
                "side": sides[i], "status": book.order_status[i], "stale": bool(book.stale[i]),
                "data_as_of": moment(book.quotes[i].data_as_of),
                "contracts": None if book.withheld[i] else number(o.contracts),
                "notional": None if book.withheld[i] else number(o.notional),
                "current_weight": number(o.current_weight), "target_weight": number(o.target_weight),
                "post_trade_weight": number(o.post_trade_weight), "funding_over_horizon": number(costs.funding[i]),
                "margin": number(costs.margin[i]), "liquidation_price": number(costs.liquidation_price[i]),
                "maint_margin_rate": number(costs.maint_margin_rate[i]),
                "margin_tiers": book.quotes[i].tiers.source if book.quotes[i].tiers else None,
                "resulting_contracts": number(costs.resulting_contracts[i]),
                "resulting_entry_price": number(costs.entry[i]),
                "futures_cost": number(costs.futures_cost[i]), "spot_cost": number(costs.spot_cost[i]),
            }
            for i, o in enumerate(plan.orders) if sides[i] in ("buy", "sell", "withheld")
        ],
        "holdings": [
            {
                "asset": asset, "spot_value": number(plan.spot_values[i]),
                "futures_notional": number(plan.futures_notionals[i]),
                "current_weight": number(plan.current_weights[i]), "target_weight": number(plan.target_weights[i]),
                "post_trade_weight": number(plan.post_trade_weights[i]),
                "hedge": "ok" if book.order_status[i] == "ok" else book.order_status[i],
                "cross_hedge": book.quotes[i].proxy or None,
                **_fit_json(book, i),
            }
            for i, asset in enumerate(plan.assets)
        ],
        "positions": [
            {
                "venue": p.venue, "contract": p.symbol or p.position.contract, "asset": p.asset or None,
                "counts_for": p.exposure_asset or None, "contracts": number(p.contracts),
                "mark_price": number(p.mark_price), "notional": number(p.notional),
                "entry_price": number(p.position.entry_price), "unrealized_pnl": number(p.unrealized_pnl),
                "status": p.status if p.marked else p.problem,
                "margin_mode": risk.margin_mode, "margin": number(risk.margin), "margin_assumed": risk.margin_assumed,
                "liquidation_price": number(risk.liquidation_price),
                "maint_margin_rate": number(risk.maint_margin_rate),
                "liquidation_distance": number(risk.distance), "past_liquidation": risk.past_liquidation,
                "unrealized_pnl_coins": number(risk.pnl_coins), "liquidation_note": risk.problem or None,
            }
            for p, risk in zip(book.positions, book.position_risks)
        ],
        "closes": [{"asset": asset, "venue": p.venue, "contract": p.symbol, "side": "buy" if p.contracts < 0 else "sell",
                    "contracts": number(-p.contracts), "notional": number(-p.notional),
                    "reason": f"the hedge is now {book.holdings[i].venue} {book.quotes[i].symbol}"}
                   for i, asset in enumerate(plan.assets) for p in book.closing[i]],
        "unwind": [{"venue": leg.venue, "contract": leg.contract, "side": leg.side, "contracts": number(leg.contracts)}
                   for leg in unwind_legs(book)],
        "switch": [
            {"asset": s.asset, "notional": number(s.notional), "days_to_expiry": number(s.days_to_expiry),
             "switch_gain": number(s.switch_gain),
             "legs": [{"venue": leg.venue, "contract": leg.contract, "side": leg.side,
                       "contracts": number(leg.contracts)} for leg in (s.close, s.open)]}
            for s in switch_legs(book)
        ],
        "hedge_choices": [
            {"asset": c.asset, "venue": c.venue, "notional": number(c.notional),
             "linear": c.linear or None, "linear_cost": number(c.linear_cost),
             "inverse": c.inverse or None, "inverse_cost": number(c.inverse_cost),
             "dated": c.dated or None, "dated_cost": number(c.dated_cost), "cheapest": c.cheapest or None}
            for c in hedge_choices(book)
        ],
        "venues": [
            {"venue": v.venue, "notional": number(v.notional), "gross_notional": number(v.gross_notional),
             "margin": number(v.margin), "collateral": number(v.collateral),
             "share_of_portfolio": number(v.share_of_portfolio), "above_limit": v.above_limit}
            for v in venue_exposures(book)
        ],
    }


@dataclass
class Output:
    """Where the command writes: data on standard output, errors and warnings on standard error."""

    data: Console
    messages: Console

    def error(self, text: str) -> None:
        """One line on standard error; ``text`` is markup-free (escape what came from outside)."""
        self.messages.print(f"[red]error:[/red] {text}", highlight=False)

    def warning(self, text: str) -> None:
        self.messages.print(f"[yellow]warning:[/yellow] {text}", highlight=False)


def _cmd_demo(args: argparse.Namespace, out: Output) -> int:
    from .excel.project import write_project

    project = write_project(Path(args.out), DEMO_NAME, overwrite=True)
    out.data.print(f"[bold]hedgebook demo[/bold]: the worked example on {_text(project.data_label)}.")
    render_plan(out.data, project.book, "Futures orders to place (65 % BTC / 35 % ETH -> 50/50, coins kept)",
                out.messages)
    out.data.print(f"Workbook: {_text(project.workbook)}")
    out.data.print(f"xlwings project file: {_text(project.module)}")
    return EXIT_OK


def _cmd_new(args: argparse.Namespace, out: Output) -> int:
    from .excel.project import write_project

    folder = Path(args.dir) / args.name
    try:
        project = write_project(folder, args.name)
    except FileExistsError as error:
        out.error(_text(error))
        return EXIT_ERROR
    out.data.print(f"Created {_text(project.workbook)} and {_text(project.module)}.")
    out.data.print("Open the workbook in Excel with the xlwings add-in, edit Holdings, then press Refresh.")
    return EXIT_OK


def _progress_display(total: int):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        console=Console(stderr=True), transient=True)
    task = progress.add_task("reading venues", total=total)

    def advance(venue: str, message: str) -> None:
        progress.update(task, advance=1, description=_text(f"{venue}: {message}"[:60]))

    return progress, advance


class Interrupted(Exception):
    """Ctrl-C during a command, with what it left (the workbook changed or not)."""


def _cmd_refresh(args: argparse.Namespace, out: Output) -> int:
    from .app.refresh import venues_to_read
    from .excel.safe_file import FileState, target_of
    from .excel.workbook_io import read_file, refresh_file

    path = Path(args.file)
    venues = _split_list(args.venues) or None
    contents = read_file(path)
    progress, advance = _progress_display(len(venues_to_read(contents.inputs, venues)))
    before = FileState.of(target_of(path))
    try:
        with progress, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outcome = refresh_file(path, venues, timeout=args.timeout, progress=advance, contents=contents,
                                   deadline=args.deadline)
    except KeyboardInterrupt:
        changed = FileState.of(target_of(path)) != before
        raise Interrupted(f"{path.name} was refreshed before the interrupt" if changed
                          else f"{path.name} was not changed") from None
    kept = " (its previous rows are kept, marked stale)" if outcome.write else ""
    for venue, message in outcome.errors.items():
        out.messages.print(f"[red]{_text(venue)} failed:[/red] {_text(message)}{kept}", highlight=False)
    if not outcome.write:
        out.error(f"{_text(outcome.problem)}; {_text(path.name)} was not changed")
        return EXIT_ERROR
    for note in outcome.warnings:
        out.warning(_text(note))
    if outcome.book.notes:
        out.messages.print(f"{_text(path.name)} now has the current layout: open futures are typed in contracts on "
                           "its Positions sheet.", highlight=False)
    out.data.print(f"Refreshed {_text(path.name)} at {outcome.snapshot.fetched_at:%Y-%m-%d %H:%M:%S} UTC "
                   f"({len(outcome.snapshot.table)} instruments).")
    render_plan(out.data, outcome.book, "Futures orders to place", out.messages)
    return EXIT_OK


def _cmd_plan(args: argparse.Namespace, out: Output) -> int:
    from .app.figures import plan_from_market
    from .app.refresh import utc_now
    from .excel.workbook_io import read_file

    contents = read_file(Path(args.file))
    now = utc_now()
    book = plan_from_market(contents.inputs, contents.market, contents.last_refresh or now, now=now,
                            tiers=contents.tiers, histories=contents.histories)
    if args.json:
        out.data.file.write(json.dumps(plan_as_json(book), indent=2) + "\n")
        say_order_problems(out.messages, book)
    else:
        out.data.print(f"[bold]{_text(Path(args.file).name)}[/bold]: "
                       f"{_text(contents.data_label or 'market data from the workbook')}")
        render_plan(out.data, book, "Futures orders to place", out.messages)
    if book.withheld.any():
        out.messages.print(f"{int(book.withheld.sum())} order(s) withheld: their data cannot be trusted, or they "
                           f"are below the venue's minimum (exit code {EXIT_WITHHELD})", highlight=False)
        return EXIT_WITHHELD
    return EXIT_OK


def _split_list(values: Sequence[str] | None) -> list[str]:
    """``["binance,bybit", "okx"]`` → ``["binance", "bybit", "okx"]``."""
    return [item.strip() for value in values or () for item in value.split(",") if item.strip()]


def _number(value: float, digits: int = 2) -> str:
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
            _text(row.venue),
            _text(row.symbol),
            _text(f"{row.kind} {row.settle}".strip()),
            _number(row.mark_price if row.mark_price == row.mark_price else row.last_price),
            _number(row.index_price),
            _number(row.funding_rate * 100, 4),
            "" if row.funding_interval_h != row.funding_interval_h else f"{row.funding_interval_h:g} h",
            _number(row.funding_apr * 100),
            _when(row.next_funding_time),
            _number(row.open_interest_usd / 1e6, 1),
            _when(row.expiry),
            _text(row.status),
        )
    console.print(view)


def _cmd_market(args: argparse.Namespace, out: Output) -> int:
    from .market import fetch_market
    from .market.checks import Limits, check_rows

    venues = _split_list(args.venues) or list(DEFAULT_VENUES)
    assets = None if [a.lower() for a in _split_list(args.assets)] == ["all"] else _split_list(args.assets)
    progress, advance = _progress_display(len(venues))
    with progress, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        snapshot = fetch_market(venues, assets, timeout=args.timeout, progress=advance,
                                config=_market_config(args))
    table = check_rows(snapshot.table, Limits(), snapshot.fetched_at)
    if len(table):
        render_market(out.data, table)
    ok = [v for v in venues if v not in snapshot.errors]
    out.data.print(f"{len(table)} instruments from {len(ok)} of {len(venues)} venues, "
                   f"{snapshot.fetched_at:%Y-%m-%d %H:%M:%S} UTC")
    for venue, message in snapshot.errors.items():
        out.messages.print(f"[red]{_text(venue)} failed:[/red] {_text(message)}", highlight=False)
    for note in snapshot.warnings:
        out.warning(_text(note))
    return EXIT_OK if ok else EXIT_ERROR


NO_HISTORY_VENUES = frozenset({"coingecko"})
"""Venues with no history hedgebook reads (CoinGecko's is not per contract)."""


def _cmd_history(args: argparse.Namespace, out: Output) -> int:
    import sqlite3
    import time

    from .app.daily_history import SPOT_HISTORY_VENUE
    from .app.history_figures import funding_history, hedge_fits
    from .market import fetch_market
    from .market.history_fetch import history_targets, update_history
    from .market.history_store import HistoryStore, default_path

    if args.days < 1:
        out.error(f"--days must be at least 1, got {args.days}")
        return EXIT_USAGE
    asked = _split_list(args.venues) or [key for key in DEFAULT_VENUES if key not in NO_HISTORY_VENUES]
    venues = list(dict.fromkeys([*asked, SPOT_HISTORY_VENUE]))  # the coins' own closes, for β and R²
    assets = [a.upper() for a in _split_list(args.assets)]
    config = _market_config(args)
    progress, advance = _progress_display(len(venues))
    with progress, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        snapshot = fetch_market(venues, assets, progress=advance, config=config)
    for venue, message in snapshot.errors.items():
        out.messages.print(f"[red]{_text(venue)} failed:[/red] {_text(message)}", highlight=False)
    targets = history_targets(snapshot.table.to_dict("records"), assets)
    try:
        with HistoryStore(Path(args.store) if args.store else default_path()) as store:
            for note in store.notes:
                out.warning(_text(note))
            shown = len(store.notes)
            progress, advance = _progress_display(len({row["venue"] for row in targets}))
            with progress:
                update = update_history(targets, store, days=args.days, config=config, progress=advance)
            now_ms = int(time.time() * 1000)
            funding = funding_history(store, targets, now_ms)
            fits = hedge_fits(store, targets, now_ms, days=args.days)
            path, notes = store.path, list(store.notes)
            for note in notes[shown:]:  # records refused or skipped
                out.warning(_text(note))
    except sqlite3.Error as error:  # a full disk, a file locked too long by another program
        out.error(_text(f"history store: {error}"))
        return EXIT_ERROR
    if args.json:
        out.data.print_json(data=history_as_json(update, funding, fits, path, notes), indent=2)
    else:
        render_history(out.data, funding, fits)
        requests = ", ".join(f"{venue} {count}" for venue, count in sorted(update.requests.items()))
        new = sum(item.new for item in update.series)
        out.data.print(f"{len(update.series)} series, {new} new records; requests: {requests or 'none'}; "
                       f"store: {_text(path)}")
    for item in update.failed:
        out.warning(_text(f"{item.venue} {item.symbol} {item.field}: not updated ({item.error}); "
                          "the stored history is kept"))
    return EXIT_OK if targets and len(update.failed) < len(update.series) else EXIT_ERROR


def render_history(console: Console, funding, fits) -> None:
    """Print realized funding per perpetual and the hedge fit of each contract."""
    view = Table(title="Realized funding (APR %, positive = longs paid shorts)", title_justify="left")
    for name in ("venue", "symbol", "7 d", "30 d", "90 d", "vol", "longs paid", "settlements", "now"):
        view.add_column(name, justify="left" if name in ("venue", "symbol") else "right")
    for item in funding:
        view.add_row(_text(item.venue), _text(item.symbol),
                     *(_number(item.apr_by_window.get(days, math.nan) * 100) for days in (7, 30, 90)),
                     _number(item.apr_vol * 100), _percent(item.share_positive) if item.settlements else "",
                     str(item.settlements), _number(item.current_apr * 100))
    console.print(view)
    view = Table(title="Hedge fit against spot (daily closes)", title_justify="left")
    for name in ("venue", "symbol", "beta", "R²", "basis vol %/day", "days"):
        view.add_column(name, justify="left" if name in ("venue", "symbol") else "right")
    for fit in fits:
        view.add_row(_text(fit.venue), _text(fit.symbol), _number(fit.hedge_ratio, 3), _number(fit.effectiveness, 3),
                     _number(fit.basis_vol * 100, 3), str(fit.days))
    console.print(view)


def history_as_json(update, funding, fits, store_path, notes=()) -> dict:
    """What ``hedgebook history --json`` prints: decimals (not percent), null for what is unknown."""
    def number(x):
        return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else float(x)

    return {
        "store": str(store_path),
        "requests": update.requests,
        "series": [{"venue": s.venue, "symbol": s.symbol, "field": s.field, "requests": s.requests, "new": s.new,
                    "changed": s.changed, "error": s.error} for s in update.series],
        "funding": [{"venue": f.venue, "symbol": f.symbol, "base": f.base,
                     "apr_mean": {f"{days}d": number(value) for days, value in f.apr_by_window.items()},
                     "apr_vol": number(f.apr_vol), "share_positive": number(f.share_positive),
                     "settlements": f.settlements, "current_apr": number(f.current_apr),
                     "updated_at": f.updated_at.isoformat() if f.updated_at else None, "error": f.error}
                    for f in funding],
        "hedge": [{"venue": h.venue, "symbol": h.symbol, "base": h.base, "hedge_ratio": number(h.hedge_ratio),
                   "effectiveness": number(h.effectiveness), "basis_vol": number(h.basis_vol), "days": h.days}
                  for h in fits],
        "notes": list(notes),
    }


def _market_config(args: argparse.Namespace):
    from .market import MarketConfig

    return MarketConfig.from_environment().with_timeout(args.timeout, args.deadline)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``hedgebook`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="hedgebook",
        description="Rebalance a crypto portfolio with futures instead of selling coins.",
    )
    parser.add_argument("--version", action="version", version=f"hedgebook {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="write a ready workbook for the worked example on sample data and print its plan (offline)",
        description=(
            "Offline, on the bundled sample market data (BTC 60 000, ETH 3 000): writes "
            f"DIR/{DEMO_NAME}.xlsm and DIR/{DEMO_NAME}.py (an xlwings project) for a portfolio of 65 000 of BTC "
            "and 35 000 of ETH with a 50/50 target, and prints the futures orders, funding over the horizon, "
            "margin, liquidation prices, and the cost of doing the same in spot. Overwrites the demo's own files."
        ),
    )
    demo.add_argument("--out", default=DEMO_FOLDER, metavar="DIR",
                      help=f"folder for the demo files, made if missing (default: ./{DEMO_FOLDER})")
    demo.set_defaults(handler=_cmd_demo)

    new = commands.add_parser(
        "new",
        help="create an xlwings project NAME/NAME.xlsm + NAME/NAME.py",
        description=(
            "Create the folder NAME with NAME.xlsm (the plan workbook, filled with the worked example on sample "
            "data, ready to edit) and NAME.py (re-exports the worksheet functions and main(), for xlwings' "
            "Import Functions and Run main). The workbook is .xlsm because it keeps the Refresh button's macro "
            "and the VBA that Import Functions writes. Refuses to overwrite existing files."
        ),
    )
    new.add_argument("name", metavar="NAME", help="plan name: letters, digits and _ (it is also a Python module name)")
    new.add_argument("--dir", default=".", help="where to create the NAME folder (default: current folder)")
    new.set_defaults(handler=_cmd_new)

    refresh = commands.add_parser(
        "refresh",
        help="refresh a plan workbook from the exchanges without Excel",
        description=(
            "Read Holdings and Settings from FILE, fetch only the venues and assets the plan needs, keep a failed "
            "venue's previous rows (marked stale), recompute, and rewrite FILE atomically (the original stays "
            "intact if anything fails). Exit code 0 when at least one venue answered, 1 otherwise."
        ),
    )
    refresh.add_argument("file", metavar="FILE", help="a plan workbook (.xlsm)")
    refresh.add_argument("--venues", nargs="+", metavar="VENUE",
                         help="venues to read instead of the plan's hedge venues and spot sources")
    refresh.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                         help=f"seconds to wait for each answer (default: {DEFAULT_TIMEOUT_S:g})")
    refresh.add_argument("--deadline", type=float, default=None,
                         help=f"seconds a venue may take in all, retries included (default: {DEADLINE_TIMEOUTS} x "
                              "the timeout); venues are read in parallel")
    refresh.set_defaults(handler=_cmd_refresh)

    plan = commands.add_parser(
        "plan",
        help="print the orders of a plan workbook",
        description=(
            "Read Holdings, Settings and the Market sheet of FILE (no network) and print the futures orders with "
            "funding over the horizon, margin, liquidation prices and the spot alternative's cost. The market data "
            "is checked first: an order whose data cannot be trusted (a suspect price or funding rate, data older "
            "than Settings allows, no hedge) is withheld and says why, as is one below the venue's minimum order; one "
            "from stale data says how old it is. An asset within Settings' no-trade band of its target gets no "
            "order. Exit code 0, or 3 when an order is withheld, 1 on an error."
        ),
    )
    plan.add_argument("file", metavar="FILE", help="a plan workbook (.xlsm)")
    plan.add_argument("--json", action="store_true", help="print JSON instead of tables")
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
        help=f"venues to read, separated by spaces or commas (default: all: {', '.join(DEFAULT_VENUES)})",
    )
    market.add_argument(
        "--assets", nargs="+", default=["BTC,ETH"], metavar="ASSET",
        help="base assets to keep, e.g. BTC,ETH,SOL (default: BTC,ETH); 'all' keeps every instrument "
        "(open interest is then left out where a venue serves it only per symbol)",
    )
    market.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                        help=f"seconds to wait for each answer (default: {DEFAULT_TIMEOUT_S:g})")
    market.add_argument("--deadline", type=float, default=None,
                        help=f"seconds a venue may take in all, retries included (default: {DEADLINE_TIMEOUTS} x "
                             "the timeout)")
    market.set_defaults(handler=_cmd_market)

    past = commands.add_parser(
        "history",
        help="update the local history store and print realized funding and hedge ratios",
        description=(
            "Ask the venues for the settled funding rates, daily closes and open interest of each asset's "
            "perpetuals (the deepest per venue and settlement) and of its spot, keep them in the local history "
            "store (SQLite in the user data folder; HEDGEBOOK_HISTORY_DB or --store moves it), and print the "
            "realized funding APR over 7, 30 and 90 days (positive = longs paid shorts), its volatility and the "
            "share of settlements where longs paid, and each contract's hedge ratio (beta), hedge effectiveness "
            "(R²) and basis volatility against spot. The first run backfills --days; later runs ask only for "
            "what is new. A series that fails keeps its stored history and is reported."
        ),
    )
    past.add_argument("--assets", nargs="+", default=["BTC,ETH"], metavar="ASSET",
                      help="base assets, e.g. BTC,ETH,SOL (default: BTC,ETH)")
    past.add_argument("--days", type=int, default=90, help="days to backfill on first use (default: 90)")
    past.add_argument("--venues", nargs="+", metavar="VENUE",
                      help="venues to read (default: every venue with history; binance_spot is always read for "
                           "the spot closes)")
    past.add_argument("--store", metavar="FILE", help="the history store file (default: the user data folder)")
    past.add_argument("--json", action="store_true", help="print JSON instead of tables")
    past.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                      help=f"seconds to wait for each answer (default: {DEFAULT_TIMEOUT_S:g})")
    past.add_argument("--deadline", type=float, default=None,
                      help="seconds a venue may take in all, retries included")
    past.set_defaults(handler=_cmd_history)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``hedgebook`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    out = Output(Console(), Console(stderr=True))
    if not out.data.is_terminal:  # a file or a pipe: wide lines rather than wrapped cells
        out.data = Console(width=PIPED_OUTPUT_WIDTH)
    if not out.messages.is_terminal:
        out.messages = Console(stderr=True, width=PIPED_OUTPUT_WIDTH)
    try:
        return args.handler(args, out)
    except (ValueError, OSError) as error:
        out.error(_text(error) or type(error).__name__)
        return EXIT_ERROR
    except MemoryError:
        out.error("out of memory")
        return EXIT_ERROR
    except Interrupted as left:
        out.error(f"interrupted: {left}")
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        out.error("interrupted: nothing was written")
        return EXIT_INTERRUPTED


def run() -> None:
    """The ``hedgebook`` command: :func:`main`, and after Ctrl-C an exit at once, without waiting for the requests
    still on the wire (their threads would hold the process until their timeouts)."""
    code = main()
    if code == EXIT_INTERRUPTED:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
