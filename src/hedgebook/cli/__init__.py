"""The ``hedgebook`` command."""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .. import __version__
from ..core.errors import HedgebookError
from ..market.config import DEADLINE_TIMEOUTS, DEFAULT_TIMEOUT_S
from ..market.venue_names import SPOT_HISTORY_VENUE_NAME as SPOT_HISTORY_VENUE
from ..market.venue_names import VENUE_NAMES as DEFAULT_VENUES
from .accounts import add_accounts_command
from .keys import add_keys_command
from .lite import add_lite_command

if TYPE_CHECKING:
    from rich.console import Console


def text(value) -> str:
    """``value`` as plain text for the terminal (:func:`hedgebook.cli.views.text`, loaded when first needed)."""
    from .views import text as plain

    return plain(value)


def render_plan(*args, **kwargs) -> None:
    from .views import render_plan as render

    render(*args, **kwargs)


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
    from ..excel.project import write_project

    project = write_project(Path(args.out), DEMO_NAME, overwrite=True)
    out.data.print(f"[bold]hedgebook demo[/bold]: the worked example on {text(project.data_label)}.")
    render_plan(out.data, project.plan, "Futures orders to place (65 % BTC / 35 % ETH -> 50/50, coins kept)",
                out.messages)
    out.data.print(f"Workbook: {text(project.workbook)}")
    out.data.print(f"xlwings project file: {text(project.module)}")
    out.data.print("Next: `hedgebook new NAME` makes your own plan to edit (Holdings, then Refresh in Excel, or "
                   "`hedgebook refresh NAME/NAME.xlsm` without it); `hedgebook plan FILE` prints its orders.")
    return EXIT_OK


def _cmd_new(args: argparse.Namespace, out: Output) -> int:
    from ..excel.project import write_project

    folder = Path(args.dir) / args.name
    try:
        project = write_project(folder, args.name)
    except FileExistsError as error:
        out.error(text(error))
        return EXIT_ERROR
    out.data.print(f"Created {text(project.workbook)} and {text(project.module)}.")
    out.data.print("Open the workbook in Excel with the xlwings add-in, edit Holdings, then press Refresh.")
    return EXIT_OK


def _progress_display(total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        console=Console(stderr=True), transient=True)
    task = progress.add_task("reading venues", total=total)

    def advance(venue: str, message: str) -> None:
        progress.update(task, advance=1, description=text(f"{venue}: {message}"[:60]))

    return progress, advance


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a command, with what it left (the workbook changed or not)."""


def _cmd_refresh(args: argparse.Namespace, out: Output) -> int:
    from ..app.refresh import venues_to_read
    from ..excel.safe_file import FileState, target_of
    from ..excel.workbook_io import read_file, refresh_file

    path = Path(args.file)
    venues = _venues(args.venues) or None
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
        out.messages.print(f"[red]{text(venue)} failed:[/red] {text(message)}{kept}", highlight=False)
    if not outcome.write:
        out.error(f"{text(outcome.problem)}; {text(path.name)} was not changed")
        return EXIT_ERROR
    for note in outcome.warnings:
        out.warning(text(note))
    if outcome.plan.notes:
        out.messages.print(f"{text(path.name)} now has the current layout: open futures are typed in contracts on "
                           "its Positions sheet.", highlight=False)
    out.data.print(f"Refreshed {text(path.name)} at {outcome.snapshot.fetched_at:%Y-%m-%d %H:%M:%S} UTC "
                   f"({len(outcome.snapshot.table)} instruments).")
    render_plan(out.data, outcome.plan, "Futures orders to place", out.messages)
    return EXIT_OK


def _cmd_plan(args: argparse.Namespace, out: Output) -> int:
    from ..app.funding_received import received_from_store
    from ..app.planning import plan_from_market
    from ..app.refresh import utc_now
    from ..excel.workbook_io import read_file

    contents = read_file(Path(args.file))
    now = utc_now()
    plan = plan_from_market(contents.inputs, contents.market, contents.last_refresh or now, now=now,
                            tiers=contents.tiers, histories=contents.histories, sample=contents.sample)
    plan = received_from_store(plan, now)
    if args.json:
        from ..app.export import plan_as_json

        out.data.file.write(json.dumps(plan_as_json(plan, now), indent=2) + "\n")
        from .views import say_order_problems

        say_order_problems(out.messages, plan)
    else:
        out.data.print(f"[bold]{text(Path(args.file).name)}[/bold]: "
                       f"{text(contents.data_label or 'market data from the workbook')}")
        render_plan(out.data, plan, "Futures orders to place", out.messages)
    if plan.withheld.any():
        out.messages.print(f"{int(plan.withheld.sum())} order(s) withheld: their data cannot be trusted, or they "
                           f"are below the venue's minimum (exit code {EXIT_WITHHELD})", highlight=False)
        return EXIT_WITHHELD
    return EXIT_OK


def _split_list(values: Sequence[str] | None) -> list[str]:
    """``["binance,bybit", "okx"]`` → ``["binance", "bybit", "okx"]``."""
    return [item.strip() for value in values or () for item in value.split(",") if item.strip()]


class UsageError(HedgebookError):
    """A command line that cannot be meant (a misspelt venue): exit code 2, before anything is read."""


def _venues(values: Sequence[str] | None, known: tuple[str, ...] = DEFAULT_VENUES) -> list[str]:
    """The venues named on the command line, lower case; an unknown one stops the command with a suggestion."""
    from ..market.venue_names import unknown_venue

    venues = [venue.lower() for venue in _split_list(values)]
    for venue in venues:
        if venue not in known:
            raise UsageError(unknown_venue(venue, known))
    return venues


def _os_error(error: OSError) -> str:
    """One plain line for what the machine refused: the file and what is wrong with it, never an errno."""
    name = error.filename if error.filename is not None else ""
    if isinstance(error, FileNotFoundError) and name:
        return f"no such file: {name}"
    if isinstance(error, PermissionError) and name:
        return f"{name}: permission denied"
    if isinstance(error, IsADirectoryError) and name:
        return f"{name} is a folder, not a file"
    return f"{name}: {error.strerror}" if name and error.strerror else str(error) or type(error).__name__


def _cmd_market(args: argparse.Namespace, out: Output) -> int:
    from ..market import fetch_market
    from ..market.checks import DEFAULT_LIMITS, check_rows

    venues = _venues(args.venues) or list(DEFAULT_VENUES)
    assets = None if [a.lower() for a in _split_list(args.assets)] == ["all"] else _split_list(args.assets)
    progress, advance = _progress_display(len(venues))
    with progress, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        snapshot = fetch_market(venues, assets, timeout=args.timeout, progress=advance,
                                config=_market_config(args))
    table = check_rows(snapshot.table, DEFAULT_LIMITS, snapshot.fetched_at)
    if len(table):
        from .views import render_market

        render_market(out.data, table)
    ok = [v for v in venues if v not in snapshot.errors]
    out.data.print(f"{len(table)} instruments from {len(ok)} of {len(venues)} venues, "
                   f"{snapshot.fetched_at:%Y-%m-%d %H:%M:%S} UTC")
    for venue, message in snapshot.errors.items():
        out.messages.print(f"[red]{text(venue)} failed:[/red] {text(message)}", highlight=False)
    for note in snapshot.warnings:
        out.warning(text(note))
    return EXIT_OK if ok else EXIT_ERROR


def _cmd_history(args: argparse.Namespace, out: Output) -> int:
    from ..app.export import history_as_json
    from ..app.history_report import history_venues, update_history_store

    if args.days < 1:
        out.error(f"--days must be at least 1, got {args.days}")
        return EXIT_USAGE
    assets = [a.upper() for a in _split_list(args.assets)]
    report = update_history_store(history_venues(_venues(args.venues)), assets, days=args.days, store=args.store,
                                  config=_market_config(args), progress=_progress_display)
    for venue, message in ({} if report.offline else report.errors).items():  # offline: one warning says it
        out.messages.print(f"[red]{text(venue)} failed:[/red] {text(message)}", highlight=False)
    for note in report.notes:
        out.warning(text(note))
    update = report.update
    if args.json:
        out.data.print_json(data=history_as_json(update, report.funding, report.fits, report.store_path,
                                                 report.notes, report.received), indent=2)
    else:
        from .views import render_history

        render_history(out.data, report.funding, report.fits)
        requests = ", ".join(f"{venue} {count}" for venue, count in sorted(update.requests.items()))
        new = sum(item.new for item in update.series)
        out.data.print(f"{len(report.targets)} contracts from the store, not updated (offline); store: "
                       f"{text(report.store_path)}" if report.offline else
                       f"{len(update.series)} series, {new} new records; requests: {requests or 'none'}; "
                       f"store: {text(report.store_path)}")
    for item in update.failed:
        out.warning(text(f"{item.venue} {item.symbol} {item.field}: not updated ({item.error}); "
                          "the stored history is kept"))
    return EXIT_OK if report.ok else EXIT_ERROR


def _market_config(args: argparse.Namespace):
    from ..market import MarketConfig

    return MarketConfig.from_environment().with_timeout(args.timeout, args.deadline)


def _reading_options() -> argparse.ArgumentParser:
    """The options of every command that reads the venues: which, and how long to wait."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--venues", nargs="+", metavar="VENUE",
                         help="venues to read, separated by spaces or commas (default: those the command needs, "
                              f"as said above; known: {', '.join(DEFAULT_VENUES)})")
    options.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                         help=f"seconds to wait for each answer (default: {DEFAULT_TIMEOUT_S:g})")
    options.add_argument("--deadline", type=float, default=None,
                         help=f"seconds a venue may take in all, retries included (default: {DEADLINE_TIMEOUTS} x "
                              "the timeout); venues are read in parallel")
    return options


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``hedgebook`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="hedgebook",
        description="Rebalance a crypto portfolio with futures instead of selling coins.",
    )
    parser.add_argument("--version", action="version", version=f"hedgebook {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    reading = _reading_options()

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
        "refresh", parents=[reading],
        help="refresh a plan workbook from the exchanges without Excel",
        description=(
            "Read Holdings and Settings from FILE, fetch only the venues and assets the plan needs, keep a failed "
            "venue's previous rows (marked stale), recompute, and rewrite FILE atomically (the original stays "
            "intact if anything fails). Without --venues: the plan's hedge venues, its positions' venues and the "
            "spot sources. Exit code 0 when at least one venue answered, 1 otherwise."
        ),
    )
    refresh.add_argument("file", metavar="FILE", help="a plan workbook (.xlsm)")
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
        "market", parents=[reading],
        help="print live prices, funding, dated futures and open interest from the exchanges",
        description=(
            "Read the venues' public APIs (no API key) and print one table: mark and index price, "
            "funding rate per interval and per year (positive = longs pay shorts), next funding time, "
            "open interest in USD millions, expiry of dated futures, and each row's status. "
            "Venues are read in parallel; a venue that fails is reported and the others still print. Without "
            "--venues: every venue."
        ),
    )
    market.add_argument(
        "--assets", nargs="+", default=["BTC,ETH"], metavar="ASSET",
        help="base assets to keep, e.g. BTC,ETH,SOL (default: BTC,ETH); 'all' keeps every instrument "
        "(open interest is then left out where a venue serves it only per symbol)",
    )
    market.set_defaults(handler=_cmd_market)

    past = commands.add_parser(
        "history", parents=[reading],
        help="update the local history store and print realized funding and hedge ratios",
        description=(
            "Ask the venues for the settled funding rates, daily closes and open interest of each asset's "
            "perpetuals (the deepest per venue and settlement) and of its spot, keep them in the local history "
            "store (SQLite in the user data folder; HEDGEBOOK_HISTORY_DB or --store moves it), and print the "
            "realized funding APR over 7, 30 and 90 days (positive = longs paid shorts), its volatility and the "
            "share of settlements where longs paid, and each contract's hedge ratio (beta), hedge effectiveness "
            "(R²) and basis volatility against spot. The first run backfills --days; later runs ask only for "
            "what is new. A series that fails keeps its stored history and is reported. Without --venues: every "
            f"venue that serves history; {SPOT_HISTORY_VENUE} is always read, for the coins' own closes."
        ),
    )
    past.add_argument("--assets", nargs="+", default=["BTC,ETH"], metavar="ASSET",
                      help="base assets, e.g. BTC,ETH,SOL (default: BTC,ETH)")
    past.add_argument("--days", type=int, default=90, help="days to backfill on first use (default: 90)")
    past.add_argument("--store", metavar="FILE", help="the history store file (default: the user data folder)")
    past.add_argument("--json", action="store_true", help="print JSON instead of tables")
    past.set_defaults(handler=_cmd_history)
    add_lite_command(commands)
    add_accounts_command(commands, _venues)
    add_keys_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``hedgebook`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    from rich.console import Console

    out = Output(Console(), Console(stderr=True))
    if not out.data.is_terminal:  # a file or a pipe: wide lines rather than wrapped cells
        out.data = Console(width=PIPED_OUTPUT_WIDTH)
    if not out.messages.is_terminal:
        out.messages = Console(stderr=True, width=PIPED_OUTPUT_WIDTH)
    try:
        return args.handler(args, out)
    except (HedgebookError, OSError, MemoryError) as error:  # what hedgebook refuses, and what the machine does
        line = _os_error(error) if isinstance(error, OSError) else str(error)
        out.error(text(line) or ("out of memory" if isinstance(error, MemoryError) else type(error).__name__))
        return EXIT_USAGE if isinstance(error, UsageError) else EXIT_ERROR
    except KeyboardInterrupt as interrupt:
        out.error(f"interrupted: {interrupt if isinstance(interrupt, Interrupted) else 'nothing was written'}")
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
