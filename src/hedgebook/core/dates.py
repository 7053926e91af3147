"""Dates as Excel and the venues give them, and days between them.

All times are UTC.  Naive datetimes are taken as UTC.  Excel serial numbers
use the 1900 date system (serial 45658 = 2025-01-01 00:00).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ._arrays import require, scalar_or_array
from .time_units import SECONDS_PER_DAY

EXCEL_EPOCH = dt.datetime(1899, 12, 30, tzinfo=dt.timezone.utc)
"""Day 0 of Excel's 1900 date system for serials >= 61 (after Excel's fictitious 1900-02-29)."""


def to_utc(value) -> dt.datetime | None:
    """A timezone-aware UTC datetime, or None for a missing value.

    The one converter of instants in hedgebook.  Accepts a datetime (naive =
    UTC; pandas' ``Timestamp`` is one), a date (midnight UTC), ISO 8601 text
    (``"2025-01-14T08:00:00Z"``), and None, NaN or NaT (missing: None).

    Raises
    ------
    ValueError
        For anything else, naming the value.

    Examples
    --------
    >>> to_utc(dt.date(2025, 1, 14))
    datetime.datetime(2025, 1, 14, 0, 0, tzinfo=datetime.timezone.utc)
    >>> to_utc(None) is None
    True
    """
    if value is None or (not isinstance(value, str) and value != value):  # NaN, NaT
        return None
    if hasattr(value, "to_pydatetime"):  # pandas' Timestamp, without importing pandas
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    if isinstance(value, str) and value.strip():
        try:
            return to_utc(dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
        except ValueError:
            pass
    raise ValueError(f"expected a date, got {value!r}")


def to_naive_utc(value) -> dt.datetime | None:
    """:func:`to_utc` without the time zone: how a spreadsheet cell holds a UTC instant."""
    moment = to_utc(value)
    return None if moment is None else moment.replace(tzinfo=None)


def to_excel_serial(value) -> float:
    """Excel serial day number (fractional) of a date, datetime, numpy datetime64 or serial.

    Examples
    --------
    >>> to_excel_serial(dt.date(2025, 1, 1))
    45658.0
    """
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[ms]").astype(dt.datetime)
    if isinstance(value, (dt.date, dt.datetime)):
        return (to_utc(value) - EXCEL_EPOCH).total_seconds() / SECONDS_PER_DAY
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected a date, got {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected a date, got {value!r}") from None


def from_excel_serial(serial: float) -> dt.datetime:
    """UTC datetime of an Excel serial day number (>= 61, i.e. from 1900-03-01)."""
    return EXCEL_EPOCH + dt.timedelta(days=float(serial))


def from_epoch_ms(milliseconds: float) -> dt.datetime:
    """UTC datetime of a venue timestamp in milliseconds since 1970-01-01."""
    return dt.datetime.fromtimestamp(float(milliseconds) / 1000.0, tz=dt.timezone.utc)


def _serials(name: str, values) -> np.ndarray:
    if isinstance(values, (list, tuple, np.ndarray)) and np.asarray(values, dtype=object).ndim > 0:
        objects = np.asarray(values, dtype=object)
        return np.vectorize(to_excel_serial, otypes=[float])(objects) if objects.size else objects.astype(float)
    try:
        return np.asarray(to_excel_serial(values))
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None


def days_to_expiry(expiry, as_of):
    """Days (fractional) from ``as_of`` to ``expiry``.

    Parameters
    ----------
    expiry, as_of : date, datetime, Excel serial number, or arrays of them
        UTC instants; a date means 00:00 UTC of that day.

    Returns
    -------
    float or array
        ``expiry − as_of`` in days; negative once expired.

    Examples
    --------
    >>> days_to_expiry(dt.date(2025, 3, 28), dt.date(2025, 1, 14))
    73.0
    """
    expiry_serial = _serials("expiry", expiry)
    as_of_serial = _serials("as_of", as_of)
    require("expiry", expiry_serial, np.isfinite, "must be a date")
    require("as_of", as_of_serial, np.isfinite, "must be a date")
    return scalar_or_array(expiry_serial - as_of_serial)
