"""Argument coercion and validation shared by the ``core`` functions.

Every public calculation accepts Python floats or NumPy arrays (broadcast
together) and returns a float for scalar input, an array otherwise.  Invalid
*parameters* raise ``ValueError`` naming the argument and the bad value;
NaN input is not a parameter error and propagates to NaN (degenerate input,
degenerate output).
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np


def as_float_array(name: str, value) -> np.ndarray:
    """Return ``value`` as a float ndarray, or a NumPy float64 scalar for a scalar.

    float64 scalars behave like 0-d arrays (``ndim == 0``, NaN and overflow
    alike) but their arithmetic is about ten times faster, which matters for
    one worksheet cell.

    Raises
    ------
    ValueError
        If ``value`` is ``None`` or cannot be read as numbers.
    """
    if value is None:
        raise ValueError(f"{name} is required")
    if isinstance(value, (float, int)) and not isinstance(value, bool):
        return np.float64(value)
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None


def optional_float_array(name: str, value, default: float) -> np.ndarray:
    """Like :func:`as_float_array`, with ``None`` meaning ``default``."""
    return np.float64(default) if value is None else as_float_array(name, value)


def scalar_or_array(result):
    """Return a Python float for a 0-d result or a scalar, the array otherwise."""
    if isinstance(result, np.ndarray) and result.ndim > 0:
        return result
    return float(result)


def _describe_first(values: np.ndarray, bad: np.ndarray) -> str:
    if values.ndim == 0:
        return f"got {float(values)!r}"
    index = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), bad.shape))
    return f"got {float(values[index])!r} ({_place(index, bad.shape)})"


def _place(index: tuple[int, ...], shape: tuple[int, ...]) -> str:
    """Where a cell is in a range as a user counts, from 1: ``row 3``, ``column 2``, ``row 3, column 2``."""
    if len(index) == 1 or (len(index) == 2 and shape[1] == 1):
        return f"row {index[0] + 1}"
    if len(index) == 2 and shape[0] == 1:
        return f"column {index[1] + 1}"
    if len(index) == 2:
        return f"row {index[0] + 1}, column {index[1] + 1}"
    return "position " + ", ".join(str(i + 1) for i in index)


def require(name: str, values: np.ndarray, is_valid: Callable[[np.ndarray], np.ndarray], rule: str) -> None:
    """Raise ``ValueError`` if any non-NaN element of ``values`` breaks ``rule``.

    Parameters
    ----------
    name : str
        Argument name as the user knows it.
    values : ndarray
        The argument's values.
    is_valid : callable
        Elementwise test returning a boolean array (also called with a float).
    rule : str
        Human wording of the rule, e.g. ``"must be > 0"``.
    """
    if values.ndim == 0:  # the common worksheet case: plain float arithmetic, no array machinery
        value = float(values)
        if value == value and not is_valid(value):
            raise ValueError(f"{name} {rule}, got {value!r}")
        return
    with np.errstate(invalid="ignore"):
        bad = ~is_valid(values) & ~np.isnan(values)
    if bad.any():
        raise ValueError(f"{name} {rule}, {_describe_first(values, bad)}")


def _finite_positive(v):
    return np.isfinite(v) & (v > 0) if isinstance(v, np.ndarray) else math.isfinite(v) and v > 0


def _finite_non_negative(v):
    return np.isfinite(v) & (v >= 0) if isinstance(v, np.ndarray) else math.isfinite(v) and v >= 0


def _fraction(v):
    return (v >= 0) & (v < 1) if isinstance(v, np.ndarray) else 0 <= v < 1


def require_positive(name: str, values: np.ndarray) -> None:
    """Raise unless every non-NaN value is finite and > 0."""
    require(name, values, _finite_positive, "must be > 0")


def require_non_negative(name: str, values: np.ndarray) -> None:
    """Raise unless every non-NaN value is finite and >= 0."""
    require(name, values, _finite_non_negative, "must be >= 0")


def require_fraction(name: str, values: np.ndarray) -> None:
    """Raise unless every non-NaN value lies in [0, 1)."""
    require(name, values, _fraction, "must be >= 0 and < 1")
