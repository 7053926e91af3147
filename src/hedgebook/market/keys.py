"""Where a venue's read-only API key lives: the environment, or the OS keyring (through ``keyring``).

Keyring entries live under the service ``hedgebook``: the key as user name ``<venue>``, the secret as
``<venue>:secret`` and OKX's passphrase as ``okx:passphrase``.  The environment, when set, comes first:
``HEDGEBOOK_API_KEY_<VENUE>``, ``HEDGEBOOK_API_SECRET_<VENUE>`` and ``HEDGEBOOK_API_PASSPHRASE_OKX`` (the venue's
name in capitals, e.g. ``BINANCE_COINM``).  A secret is never shown: :class:`Credentials` prints without it, and
nothing here logs or stores it elsewhere.  ``keyring`` is imported only when a key is looked up or stored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from ..core.errors import InputError
from .venue_names import VENUE_NAMES, unknown_venue

SERVICE = "hedgebook"
ACCOUNT_VENUES = ("binance", "binance_coinm", "bybit", "okx")
"""The venues whose account (positions, balances) hedgebook can read with a key."""
PASSPHRASE_VENUES = ("okx",)
"""The venues whose key comes with a passphrase."""
FROM_ENVIRONMENT, FROM_KEYRING = "environment", "keyring"
KEYRING_UNREADABLE = "the OS keyring could not be read"


@dataclass(frozen=True)
class Credentials:
    """A venue's API key, its secret (and passphrase), and where they were found; the secret never prints."""

    venue: str
    api_key: str
    secret: str = field(repr=False)
    passphrase: str = field(default="", repr=False)
    source: str = FROM_KEYRING

    def __str__(self) -> str:
        return f"{self.venue} key from the {self.source}"


def environment_names(venue: str) -> dict[str, str]:
    """The environment variables of ``venue``'s key: ``key``, ``secret`` (and ``passphrase``) by part."""
    suffix = venue.upper()
    names = {"key": f"HEDGEBOOK_API_KEY_{suffix}", "secret": f"HEDGEBOOK_API_SECRET_{suffix}"}
    if venue in PASSPHRASE_VENUES:
        names["passphrase"] = f"HEDGEBOOK_API_PASSPHRASE_{suffix}"
    return names


def keyring_names(venue: str) -> dict[str, str]:
    """The keyring user names of ``venue``'s key, by part."""
    names = {"key": venue, "secret": f"{venue}:secret"}
    if venue in PASSPHRASE_VENUES:
        names["passphrase"] = f"{venue}:passphrase"
    return names


def check_venue(venue: str) -> str:
    """``venue`` when its account can be read, else an :class:`InputError` saying which can."""
    if venue not in ACCOUNT_VENUES:
        if venue in VENUE_NAMES:
            raise InputError(f"no account can be read from {venue!r}: hedgebook reads {', '.join(ACCOUNT_VENUES)}")
        raise InputError(unknown_venue(venue, ACCOUNT_VENUES))
    return venue


def credentials_for(venue: str, environ: Mapping[str, str] | None = None, backend: Any = None) -> Credentials | None:
    """``venue``'s key from the environment, else from the keyring; None when it has none.

    Raises
    ------
    InputError
        Half a key: the key without its secret (or OKX's passphrase), in the environment or in the keyring.
    """
    check_venue(venue)
    environ = os.environ if environ is None else environ
    names = environment_names(venue)
    found = {part: environ.get(name, "").strip() for part, name in names.items()}
    if any(found.values()):
        return _complete(venue, found, FROM_ENVIRONMENT, names)
    ring = _keyring(backend)
    names = keyring_names(venue)
    try:
        found = {part: (ring.get_password(SERVICE, name) or "").strip() for part, name in names.items()}
    except Exception as error:  # noqa: BLE001  (a keyring backend may raise anything: say it in one line)
        raise InputError(f"{KEYRING_UNREADABLE} ({type(error).__name__}): set "
                         f"{environment_names(venue)['key']} and its secret instead") from None
    return _complete(venue, found, FROM_KEYRING, names) if any(found.values()) else None


def keys_to_use(venues: Sequence[str] | None = None, environ: Mapping[str, str] | None = None,
                backend: Any = None) -> list[Credentials]:
    """The keys of ``venues`` (each must have one), or, without ``venues``, of every venue that has one.

    Raises
    ------
    InputError
        A venue whose account cannot be read, a venue named without a key, half a key, or no venue with a key (the
        message says how to add one, and why the keyring could not be read if it could not).
    """
    if venues:
        for venue in venues:
            check_venue(venue)
        found = [(venue, credentials_for(venue, environ, backend)) for venue in dict.fromkeys(venues)]
        missing = [venue for venue, credentials in found if credentials is None]
        if missing:
            raise InputError(f"no key for {', '.join(missing)}: add one with `hedgebook keys set {missing[0]}` "
                             f"(or set {environment_names(missing[0])['key']} and its secret)")
        return [credentials for _, credentials in found if credentials is not None]
    keys, unreadable = [], ""
    for venue in ACCOUNT_VENUES:
        try:
            credentials = credentials_for(venue, environ, backend)
        except InputError as error:
            if not str(error).startswith(KEYRING_UNREADABLE):
                raise
            unreadable, credentials = f" ({str(error).split(':')[0]})", None
        if credentials is not None:
            keys.append(credentials)
    if not keys:
        raise InputError(f"no venue has a key{unreadable}: add a read-only one with `hedgebook keys set VENUE` "
                         f"(VENUE: {', '.join(ACCOUNT_VENUES)})")
    return keys


def store_credentials(credentials: Credentials, backend: Any = None) -> None:
    """Keep ``credentials`` in the OS keyring (the service ``hedgebook``)."""
    check_venue(credentials.venue)
    ring = _keyring(backend)
    parts = {"key": credentials.api_key, "secret": credentials.secret, "passphrase": credentials.passphrase}
    try:
        for part, name in keyring_names(credentials.venue).items():
            ring.set_password(SERVICE, name, parts[part])
    except Exception as error:  # noqa: BLE001
        raise InputError(f"the OS keyring could not keep the key ({type(error).__name__}): set "
                         f"{environment_names(credentials.venue)['key']} and its secret instead") from None


def _complete(venue: str, found: dict[str, str], source: str, names: dict[str, str]) -> Credentials:
    missing = [names[part] for part, value in found.items() if not value]
    if missing:
        where = "in the environment" if source == FROM_ENVIRONMENT else "in the keyring"
        raise InputError(f"{venue}: the key is incomplete {where}: {', '.join(missing)} is missing")
    return Credentials(venue, found["key"], found["secret"], found.get("passphrase", ""), source)


def _keyring(backend: Any) -> Any:
    if backend is not None:
        return backend
    import keyring  # the OS keyring: imported only when a key is wanted

    return keyring.get_keyring()
