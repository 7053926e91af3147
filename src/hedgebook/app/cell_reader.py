"""The one reader of a typed spreadsheet cell: a number, a time, text, or a clear error.

A cell arrives as a number, text, TRUE/FALSE, a date or a time, or nothing
(None, or text of spaces).  :func:`number_from_cell` says what number it
holds or what it is instead; :func:`cell_number` adds where it is, e.g.
``Holdings row 6 (ETH), Cost basis (USD/coin): '1,500' is not a number``.
The worksheet functions, the headless reader and Refresh in Excel all read
typed cells through here.  Light on purpose: Excel waits for the worksheet
functions' module, which imports this one.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..core.dates import from_excel_serial, to_utc
from ..core.errors import InputError

TEXT_SHOWN = 30
"""Characters of a bad text value repeated in a message."""


class NotANumber(ValueError):
    """A cell's value is not a number; ``str(error)`` says what it is, e.g. ``'1,500' is not a number``."""


def is_blank(value: Any) -> bool:
    """Whether a cell counts as empty: nothing, or text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def number_from_cell(value: Any) -> float:
    """The number a non-blank cell holds.

    Numbers and text that reads as a plain number (``"1500"``, ``"-0.25"``)
    are numbers; everything else is not.

    Raises
    ------
    NotANumber
        Saying what the value is instead, e.g. ``TRUE is not a number``,
        ``2025-01-14 is a date, not a number``, ``'1,500' is not a number``.
    """
    if isinstance(value, bool):
        raise NotANumber(f"{'TRUE' if value else 'FALSE'} is not a number")
    if isinstance(value, (dt.datetime, dt.date)):
        shown = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
        raise NotANumber(f"{shown.removesuffix(' 00:00:00')} is a date, not a number")
    if isinstance(value, dt.time):
        raise NotANumber(f"{value.isoformat()} is a time, not a number")
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise NotANumber(f"{value[:TEXT_SHOWN]!r} is not a number") from None
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise NotANumber(f"{str(value)[:TEXT_SHOWN]!r} is not a number") from None
    if math.isnan(number):
        raise NotANumber("NaN is not a number")
    if not math.isfinite(number):
        raise NotANumber(f"{value!r} is not a finite number")
    return number


def cell_number(value: Any, where: str, default: float | None = None) -> float:
    """The number in a typed cell; a blank is ``default``.

    Parameters
    ----------
    value : any
        The cell's value.
    where : str
        The cell for messages, e.g. ``"Holdings row 6 (ETH), Cost basis (USD/coin)"``.
    default : float, optional
        The value of a blank cell; without one, a blank is an error.

    Raises
    ------
    InputError
        ``"<where>: <what the value is>"``.
    """
    if is_blank(value):
        if default is None:
            raise InputError(f"{where}: a number is required")
        return default
    try:
        return number_from_cell(value)
    except NotANumber as error:
        raise InputError(f"{where}: {error}") from None


def cell_time(value: Any, where: str) -> dt.datetime | None:
    """A UTC instant from a typed cell: a date, a date and time, or an Excel serial number; blank is None.

    Raises
    ------
    InputError
        For anything else, naming the cell and the value.
    """
    if is_blank(value):
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return to_utc(value)
    try:
        return from_excel_serial(number_from_cell(value))
    except NotANumber:
        shown = "TRUE" if value is True else "FALSE" if value is False else repr(value)[:TEXT_SHOWN]
        raise InputError(f"{where}: {shown} is not a date") from None


def cell_text(value: Any) -> str:
    """The text of a typed cell, trimmed; a blank is ``""``."""
    return "" if is_blank(value) else str(value).strip()
