"""Argument coercion and validation shared by the ``core`` functions.

Every public calculation accepts Python floats or NumPy arrays (broadcast
together) and returns a float for scalar input, an array otherwise.  Invalid
*parameters* raise ``ValueError`` naming the argument and the bad value;
NaN input is not a parameter error and propagates to NaN (degenerate input,
degenerate output).
"""

from __future__ import annotations

from typing import Callable

import numpy as np



def as_float_array(name: str, value) -> np.ndarray:
    """Return ``value`` as a float ndarray (0-d for scalars).

    Raises
    ------
    ValueError
        If ``value`` is ``None`` or cannot be read as numbers.
    """
    if value is None:
        raise ValueError(f"{name} is required")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None


def optional_float_array(name: str, value, default: float) -> np.ndarray:
    """Like :func:`as_float_array`, with ``None`` meaning ``default``."""
    return np.asarray(default, dtype=float) if value is None else as_float_array(name, value)


def scalar_or_array(result: np.ndarray):
    """Return a Python float for a 0-d result, the array otherwise."""
    result = np.asarray(result)
    return float(result) if result.ndim == 0 else result


def _describe_first(values: np.ndarray, bad: np.ndarray) -> str:
    if values.ndim == 0:
        return f"got {float(values)!r}"
    index = np.unravel_index(int(np.argmax(bad)), bad.shape)
    position = index[0] if len(index) == 1 else index
    return f"got {float(values[index])!r} at position {position}"


def require(name: str, values: np.ndarray, is_valid: Callable[[np.ndarray], np.ndarray], rule: str) -> None:
    """Raise ``ValueError`` if any non-NaN element of ``values`` breaks ``rule``.

    Parameters
    ----------
    name : str
        Argument name as the user knows it.
    values : ndarray
        The argument's values.
    is_valid : callable
        Elementwise test returning a boolean array.
    rule : str
        Human wording of the rule, e.g. ``"must be > 0"``.
    """
    with np.errstate(invalid="ignore"):
        bad = ~is_valid(values) & ~np.isnan(values)
    if np.any(bad):
        raise ValueError(f"{name} {rule}, {_describe_first(values, bad)}")


def require_positive(name: str, values: np.ndarray) -> None:
    """Raise unless every non-NaN value is finite and > 0."""
    require(name, values, lambda v: np.isfinite(v) & (v > 0), "must be > 0")


def require_non_negative(name: str, values: np.ndarray) -> None:
    """Raise unless every non-NaN value is finite and >= 0."""
    require(name, values, lambda v: np.isfinite(v) & (v >= 0), "must be >= 0")


def require_fraction(name: str, values: np.ndarray) -> None:
    """Raise unless every non-NaN value lies in [0, 1)."""
    require(name, values, lambda v: (v >= 0) & (v < 1), "must be >= 0 and < 1")
