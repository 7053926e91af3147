"""``hedgebook keys``: keep a venue's read-only API key in the OS keyring, and say which venues have one."""

from __future__ import annotations

import argparse
import getpass

from ..market.keys import (
    ACCOUNT_VENUES,
    PASSPHRASE_VENUES,
    Credentials,
    check_venue,
    credentials_for,
    environment_names,
    store_credentials,
)

READ_ONLY_ADVICE = "give it read access only: hedgebook refuses a key that can withdraw or transfer"


def add_keys_command(commands) -> None:
    """``keys set VENUE`` and ``keys list``, under ``commands`` (the subparsers of ``hedgebook``)."""
    keys = commands.add_parser(
        "keys", help="keep a venue's read-only API key in the OS keyring, or list the venues that have one",
        description=(
            "hedgebook reads an account (positions, balances) with a read-only API key, kept in the OS keyring "
            f"(service hedgebook) or given in the environment ({environment_names('binance')['key']}, "
            f"{environment_names('binance')['secret']}, {environment_names('okx')['passphrase']}; the venue in "
            f"capitals). Venues that can be read: {', '.join(ACCOUNT_VENUES)}. A secret is never shown."
        ),
    )
    actions = keys.add_subparsers(dest="keys_action", metavar="ACTION", required=True)
    keep = actions.add_parser("set", help="ask for a venue's key and secret (hidden) and keep them in the keyring",
                              description=f"Prompts for the key, the secret (and OKX's passphrase), the input "
                                          f"hidden, and keeps them in the OS keyring; {READ_ONLY_ADVICE}.")
    keep.add_argument("venue", metavar="VENUE", help=f"one of {', '.join(ACCOUNT_VENUES)}")
    keep.set_defaults(handler=_cmd_keys_set)
    listing = actions.add_parser("list", help="say which venues have a key, and where it is (never the secret)")
    listing.set_defaults(handler=_cmd_keys_list)


def _cmd_keys_set(args: argparse.Namespace, out) -> int:
    venue = check_venue(args.venue.strip().lower())
    parts = {"key": getpass.getpass(f"{venue} API key: ").strip(),
             "secret": getpass.getpass(f"{venue} API secret (hidden): ").strip()}
    if venue in PASSPHRASE_VENUES:
        parts["passphrase"] = getpass.getpass(f"{venue} API passphrase (hidden): ").strip()
    empty = [part for part, value in parts.items() if not value]
    if empty:
        out.error(f"{venue}: nothing kept, the {' and the '.join(empty)} was empty")
        return 1
    store_credentials(Credentials(venue, parts["key"], parts["secret"], parts.get("passphrase", "")))
    out.data.print(f"{venue}: key kept in the OS keyring (service hedgebook); {READ_ONLY_ADVICE}.")
    return 0


def _cmd_keys_list(args: argparse.Namespace, out) -> int:
    from rich.table import Table

    from .views import text

    table = Table(title="API keys (read-only; the secrets are never shown)")
    for column in ("venue", "key", "from"):
        table.add_column(column)
    for venue in ACCOUNT_VENUES:
        try:
            found = credentials_for(venue)
        except Exception as error:  # noqa: BLE001  (an incomplete key, an unreadable keyring: say it on its row)
            table.add_row(venue, "not usable", text(str(error)))
            continue
        table.add_row(venue, "yes" if found else "no", found.source if found else "")
    out.data.print(table)
    return 0
