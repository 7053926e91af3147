"""``hedgebook accounts FILE``: import the positions and wallets the venues hold, read with read-only keys."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..market.config import DEFAULT_TIMEOUT_S
from ..market.keys import ACCOUNT_VENUES
from ..market.venue_names import VENUE_NAMES

EXIT_OK, EXIT_ERROR = 0, 1


def add_accounts_command(commands, venues_of) -> None:
    """``accounts FILE [--venues V ...] [--allow-trading-key]`` under ``commands``; ``venues_of(values, known)``
    reads the venues the way every command does (a misspelt one stops it with a suggestion)."""
    accounts = commands.add_parser(
        "accounts",
        help="import your open positions and wallet balances from the venues (read-only API keys) into a workbook",
        description=(
            "Read each venue's account with its read-only API key (see `hedgebook keys`): every open position, in "
            "the venue's own contract units, with its entry price, margin mode, the margin posted and the venue's "
            "own liquidation price, and the cross wallet balance. A venue read replaces its rows on Positions (a "
            "position closed there disappears) and its collateral in Accounts; rows of other venues stay as typed. "
            "FILE is rewritten atomically, as by `hedgebook refresh` (refused when it is open in Excel or read-only); "
            "nothing else is fetched: refresh it to value a contract not on Market yet. A key that can withdraw or "
            "transfer is refused, and one that can trade unless --allow-trading-key is given; then nothing is "
            f"written. Venues that can be read: {', '.join(ACCOUNT_VENUES)}. Exit code 0 when every venue asked was "
            "read, 1 otherwise."
        ),
    )
    accounts.add_argument("file", metavar="FILE", help="a plan workbook (.xlsm)")
    accounts.add_argument("--venues", nargs="+", metavar="VENUE",
                          help=f"venues to read (default: every one with a key; can be read: "
                               f"{', '.join(ACCOUNT_VENUES)})")
    accounts.add_argument("--allow-trading-key", action="store_true",
                          help="use a key that can also trade (never one that can withdraw or transfer); a warning "
                               "says so")
    accounts.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                          help=f"seconds to wait for each answer (default: {DEFAULT_TIMEOUT_S:g})")
    accounts.set_defaults(handler=lambda args, out: _cmd_accounts(args, out, venues_of))


def _cmd_accounts(args: argparse.Namespace, out, venues_of) -> int:
    venues = venues_of(args.venues, ACCOUNT_VENUES + tuple(v for v in VENUE_NAMES if v not in ACCOUNT_VENUES)) or None
    from ..excel.accounts_io import import_file
    from .views import render_plan, text

    path = Path(args.file)
    outcome = import_file(path, venues, allow_trading=args.allow_trading_key, timeout=args.timeout)
    for venue, message in outcome.errors.items():
        kept = " (its rows are kept as they were)" if outcome.write else ""
        out.messages.print(f"[red]{text(venue)} failed:[/red] {text(message)}{kept}", highlight=False)
    for note in outcome.warnings:
        out.warning(text(note))
    if not outcome.write:
        out.error(f"{text(outcome.problem)}; {text(path.name)} was not changed")
        return EXIT_ERROR
    read = ", ".join(f"{venue} {count} position{'s' if count != 1 else ''}" for venue, count in outcome.read.items())
    out.data.print(f"Imported into {text(path.name)}: {text(read)}.")
    render_plan(out.data, outcome.plan, "Futures orders to place", out.messages)
    return EXIT_ERROR if outcome.errors else EXIT_OK
