"""Reading venue JSON: numbers sent as strings, empty strings, millisecond times, missing fields.

A field that is missing or renamed never crashes a refresh: the value is
missing (NaN / None) and the venue gets one warning per field naming how many
rows lacked it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..core.dates import from_epoch_ms
from .errors import VenueBadAnswer
from .text import clean_text

FAR_FUTURE_MS = 4_000_000_000_000
"""Anything after ~2096 is a venue's placeholder for 'no expiry'."""


def to_float(value: Any) -> float:
    """A float from a venue value: numbers, numeric strings; ``""``, None, text → NaN."""
    kind = type(value)
    if kind is str:  # the common case first: venues send most numbers as text
        try:
            return float(value)  # surrounding spaces are allowed, as by strip()
        except ValueError:
            return math.nan
    if kind is float:
        return value
    if value is None or isinstance(value, bool):
        return math.nan
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return math.nan
        try:
            return float(text)
        except ValueError:
            return math.nan
    return math.nan


def ms_to_utc(value: Any) -> dt.datetime | None:
    """UTC datetime of a millisecond timestamp; 0, empty, or a 'never' placeholder → None."""
    number = to_float(value)
    if math.isnan(number) or number <= 0 or number >= FAR_FUTURE_MS:
        return None
    return from_epoch_ms(number)


class FieldReader:
    """Reads fields of one venue's records and remembers which were missing.

    Parameters
    ----------
    venue : str
        Venue key, for the warnings.
    """

    def __init__(self, venue: str):
        self.venue = venue
        self._missing: Counter[tuple[str, str]] = Counter()
        self._problems: list[str] = []

    def raw(self, record: Mapping[str, Any] | None, key: str, source: str) -> Any:
        """The raw value of ``record[key]``, or None.

        A missing key in a record is noted (a renamed field); a missing record
        (``None``: e.g. no ticker yet for a newly listed instrument) is not.
        """
        if record is None:
            return None
        if type(record) is dict and key in record:  # decoded JSON: the common case, without the ABC check
            return record[key]
        if not isinstance(record, Mapping) or key not in record:
            self._missing[(source, key)] += 1
            return None
        return record[key]

    def number(self, record: Mapping[str, Any], key: str, source: str) -> float:
        """``record[key]`` as a float; NaN when missing, empty or not a number."""
        return to_float(self.raw(record, key, source))

    def time(self, record: Mapping[str, Any], key: str, source: str) -> dt.datetime | None:
        """``record[key]`` (ms) as a UTC datetime; None when missing or 0."""
        return ms_to_utc(self.raw(record, key, source))

    def text(self, record: Mapping[str, Any], key: str, source: str) -> str:
        """``record[key]`` as text, without control characters; ``""`` when missing."""
        value = self.raw(record, key, source)
        return "" if value is None else clean_text(str(value))

    def index(self, items: list[Mapping[str, Any]], key: str, source: str) -> dict[str, Mapping[str, Any]]:
        """``items`` by their ``key`` field (e.g. the symbol).

        Raises
        ------
        VenueBadAnswer
            When two records share a key: which one holds the venue's value cannot be known.
        """
        indexed: dict[str, Mapping[str, Any]] = {}
        for item in items:
            name = self.text(item, key, source)
            if name in indexed:
                raise VenueBadAnswer(f"{source} lists {name} twice")
            indexed[name] = item
        return indexed

    def problem(self, text: str) -> None:
        """Note a soft problem other than a missing field (it becomes a warning line naming the venue)."""
        self._problems.append(f"{self.venue}: {clean_text(text)}")

    def warnings(self) -> list[str]:
        """One line per field that was missing, e.g. ``"binance: 'markPrice' missing in 3 rows of premiumIndex"``,
        then the other problems noted."""
        return [
            f"{self.venue}: field {key!r} missing in {count} row{'s' if count != 1 else ''} of {source}"
            for (source, key), count in sorted(self._missing.items())
        ] + self._problems


def records(payload: Any, source: str, *path: str) -> list[Mapping[str, Any]]:
    """The list of records at ``payload[path...]``; a missing or wrong-typed path is a VenueBadAnswer."""
    node = payload
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            raise VenueBadAnswer(f"unexpected answer from {source}: no {'.'.join(path)!r}")
        node = node[key]
    if not isinstance(node, list):
        raise VenueBadAnswer(f"unexpected answer from {source}: {'.'.join(path) or 'body'} is not a list")
    return [item for item in node if isinstance(item, Mapping)]
