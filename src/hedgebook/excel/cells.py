"""What Excel sends to a worksheet function, turned into what ``core`` takes, and back.

Excel (through xlwings) sends numbers as floats, blank cells as ``None``,
text as ``str``, TRUE/FALSE as ``bool``, dates as ``datetime``, and ranges as
(2-D) lists.  Bad input becomes a :class:`CellError`, which a worksheet
function returns as a short text such as ``#VALUE! price must be > 0``:
classic xlwings cannot return real error values, and never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from typing import Any, Callable

import numpy as np

from ..app.cell_reader import NotANumber, is_blank, number_from_cell
from ..core.errors import HedgebookError

ERROR_PREFIX = "#VALUE! "
MISSING_RESULT = "#N/A"
"""Shown for a result element that cannot be computed (NaN)."""
OVERFLOW_RESULT = "#NUM!"
"""Shown for a result too large for a cell (infinite)."""


class CellError(HedgebookError, ValueError):
    """Bad worksheet input; ``str(error)`` is the message after ``#VALUE!``."""


def _scalar_number(name: str, value: Any, where: str = "") -> float:
    try:
        return number_from_cell(value)
    except NotANumber as error:
        raise CellError(f"{name}{where}: {error}") from None


def _position(shape: tuple[int, ...], index: tuple[int, ...]) -> str:
    if len(shape) == 2 and shape[1] == 1:
        return f" (row {index[0] + 1})"
    if len(shape) == 2 and shape[0] == 1:
        return f" (column {index[1] + 1})"
    return " (" + ", ".join(f"{axis} {i + 1}" for axis, i in zip(("row", "column"), index)) + ")"


def blank_argument(value: Any) -> bool:
    """A blank cell, or a range of one blank cell: what a reference to an empty cell sends as a 2-D range
    (xlwings' ``ndim=2``, and Office.js in xlwings Lite)."""
    if is_blank(value):
        return True
    return (isinstance(value, (list, tuple)) and len(value) == 1 and isinstance(value[0], (list, tuple))
            and len(value[0]) == 1 and is_blank(value[0][0]))


def numbers(name: str, value: Any, *, required: bool = True) -> Any:
    """A float or a float ndarray from a cell or a range.

    A blank cell (alone, or as a range of one cell) gives ``None`` (the
    function's documented default) when the argument is optional, and
    ``#VALUE! <name> is required`` otherwise; inside a larger range a blank is
    always an error, naming its row or column.
    """
    if type(value) is float and math.isfinite(value):  # what Excel sends for a number: the common case, first
        return value
    if blank_argument(value):
        if required:
            raise CellError(f"{name} is required")
        return None
    if not isinstance(value, (list, tuple)):
        return _scalar_number(name, value)
    fast = _numbers_only_grid(value)
    if fast is not None and np.isfinite(fast).all():
        return fast
    return _numbers_cell_by_cell(name, value)


def numbers_by_row(name: str, value: Any) -> tuple[Any, Any]:
    """A float or a float ndarray, as :func:`numbers`, and where its cells are blank (a bool array, or False).

    For a function over a table's column, whose blank rows give blank cells: a blank inside a range is NaN and
    marked, never an error; text or TRUE/FALSE still is.
    """
    out, blank = _read_by_row(numbers, name, value, 0.0)
    return (out, False) if blank is False else (np.where(blank, np.nan, out), blank)


def _read_by_row(read: Callable, name: str, value: Any, fill: Any) -> tuple[Any, Any]:
    """``read(name, value)`` with each blank cell of a 2-D range as ``fill``, and where those cells are."""
    if not isinstance(value, (list, tuple)) or blank_argument(value):
        return read(name, value), False
    grid = np.array(value, dtype=object)
    if grid.ndim != 2 or grid.size == 0:
        return read(name, value), False
    blank = np.vectorize(is_blank, otypes=[bool])(grid)
    return read(name, np.where(blank, fill, grid).tolist()), blank


def rows_of(**columns: Any) -> tuple[dict[str, Any], Any]:
    """The required column arguments of a function over a table, each read by :func:`numbers_by_row`: their values
    by name, and where any of them is blank (the rows whose result is blank, for :func:`blank_where`)."""
    values, blanks = {}, []
    for name, value in columns.items():
        values[name], blank = numbers_by_row(name, value)
        blanks.append(blank)
    check_shapes(**values)  # ranges that cannot be combined are said by name, before their blanks are combined
    return values, any_blank(*blanks)


def dates_by_row(name: str, value: Any) -> tuple[Any, Any]:
    """Dates, as :func:`dates`, and where their cells are blank (a blank inside a range is NaN, never an error)."""
    return _read_by_row(dates, name, value, math.nan)


def numbers_or_default(name: str, value: Any, default: float) -> Any:
    """An optional argument over a table's column: None where it is left out or one blank cell (the function's own
    default), else :func:`numbers_by_row` with ``default`` in its blank cells (a blank row of a column is the
    default, not a blank row of the result)."""
    if blank_argument(value):
        return None
    values, blank = numbers_by_row(name, value)
    return values if blank is False else np.where(blank, default, values)


def any_blank(*blanks: Any) -> Any:
    """Where any of the ``blanks`` (from :func:`numbers_by_row`, each a bool array or False) is True: a row that
    lacks one of its inputs is blank."""
    return functools.reduce(np.logical_or, blanks, False)


def blank_where(cells: Any, blank: Any) -> Any:
    """The cells of a function's result (:func:`to_cells`) blank (``""``) where ``blank`` (broadcast) is True."""
    if blank is False or not np.any(blank):
        return cells
    grid = np.atleast_2d(np.array(cells, dtype=object))
    mask = np.broadcast_to(np.atleast_2d(blank), grid.shape)
    return np.where(mask, "", grid).tolist()


NUMBER_TYPES = frozenset({float, int})


def _numbers_only_grid(value) -> np.ndarray | None:
    """A rectangular, non-empty 2-D range holding only numbers, as floats; None for anything else.

    One pass over the cells' types decides (TRUE/FALSE, text, blanks all send
    the range down the careful path); ``np.fromiter`` then reads the numbers in C.
    """
    if not value or not isinstance(value[0], (list, tuple)) or not value[0]:
        return None
    columns = len(value[0])
    try:
        if set(map(len, value)) != {columns}:
            return None
        if not set(map(type, itertools.chain.from_iterable(value))) <= NUMBER_TYPES:
            return None
    except TypeError:  # a row that is not a list
        return None
    cells = itertools.chain.from_iterable(value)
    return np.fromiter(cells, dtype=float, count=len(value) * columns).reshape(len(value), columns)


def _numbers_cell_by_cell(name: str, value) -> np.ndarray:
    """Anything but a plain rectangle of numbers: read cell by cell, naming the first bad or blank cell."""
    grid = np.array(value, dtype=object)
    if grid.size == 0:
        raise CellError(f"{name} is an empty range")
    if grid.ndim > 2 or any(isinstance(cell, (list, tuple)) for cell in grid.flat):
        raise CellError(f"{name} must be a cell or a rectangular range")
    out = np.empty(grid.shape, dtype=float)
    for index, cell in np.ndenumerate(grid):
        if is_blank(cell):
            raise CellError(f"{name} is required{_position(grid.shape, index)}")
        out[index] = _scalar_number(name, cell, _position(grid.shape, index))
    return out


def flat_cells(value: Any) -> list[Any] | None:
    """A range's cells as one flat list, row by row (a single cell as a list of one), blanks as None;
    None stays None."""
    if value is None:
        return None
    cells = value if isinstance(value, (list, tuple)) else [value]
    flat = [cell for row in cells for cell in (row if isinstance(row, (list, tuple)) else [row])]
    return [None if is_blank(cell) else cell for cell in flat]


def ladder(name: str, value: Any) -> list[float] | None:
    """A row or column of tiers (one number per tier, lowest first); blank cells after the last tier are ignored.

    ``None`` when the argument or every cell is blank (no tiers given); a
    blank between two numbers, text or TRUE/FALSE is an error naming its place.
    """
    if is_blank(value):
        return None
    cells = flat_cells(value)
    while cells and cells[-1] is None:
        cells.pop()
    if not cells:
        return None
    tiers = []
    for position, cell in enumerate(cells, start=1):
        if cell is None:
            raise CellError(f"{name} has a blank tier {position} before the last one")
        tiers.append(_scalar_number(name, cell, f" (tier {position})"))
    return tiers


def series(name: str, value: Any) -> np.ndarray:
    """A range of daily values (a row or a column) as floats, oldest first; a blank cell is a day without a
    value (NaN), so the blank cells below a series are ignored.  Text or TRUE/FALSE is an error naming its
    place."""
    if is_blank(value):
        raise CellError(f"{name} is required")
    values = []
    for position, cell in enumerate(flat_cells(value), start=1):
        values.append(np.nan if cell is None else _scalar_number(name, cell, f" (cell {position})"))
    return np.asarray(values, dtype=float)


def flag(name: str, value: Any) -> Any:
    """TRUE/FALSE (or 1/0) from a cell or range; blank = FALSE."""
    if is_blank(value):
        return False
    if isinstance(value, (list, tuple)):
        cells = np.array(value, dtype=object)
        if cells.size == 0:
            raise CellError(f"{name} is an empty range")
        return np.vectorize(lambda v: flag(name, v), otypes=[bool])(cells)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    raise CellError(f"{name} must be TRUE or FALSE, got {str(value)[:30]!r}")


def _iso_date(text: str) -> dt.datetime | None:
    """An ISO 8601 date or time as text (``2025-03-28``, ``2025-03-28T08:00:00Z``), else None."""
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def dates(name: str, value: Any, *, required: bool = True) -> Any:
    """Dates: ``datetime`` (classic Excel), Excel serial numbers (Office.js, xlwings Lite) or ISO 8601 text;
    blanks handled like :func:`numbers`.  Text dates come back as ``datetime``, everything else as given."""
    if blank_argument(value):
        if required:
            raise CellError(f"{name} is required")
        return None
    cells = np.array(value, dtype=object)
    if isinstance(value, (list, tuple)) and cells.size == 0:
        raise CellError(f"{name} is an empty range")
    converted = False
    for index, cell in np.ndenumerate(cells):
        if is_blank(cell):
            raise CellError(f"{name} is required{_position(cells.shape, index) if cells.ndim else ''}")
        if isinstance(cell, str) and _iso_date(cell) is not None:
            cells[index], converted = _iso_date(cell), True
        elif isinstance(cell, bool) or not isinstance(cell, (dt.date, dt.datetime, int, float)):
            raise CellError(f"{name} must be a date, got {str(cell)[:30]!r}")
    if not converted:
        return value
    return cells.tolist() if cells.ndim else cells.item()


def check_shapes(**arrays: Any) -> None:
    """Raise CellError when ranges cannot be combined element by element (tier ladders, lists, are not)."""
    if not any(isinstance(a, np.ndarray) for a in arrays.values()):
        return
    shaped = {name: np.shape(a) for name, a in arrays.items() if isinstance(a, np.ndarray) and a.ndim > 0}
    try:
        np.broadcast_shapes(*shaped.values())
    except ValueError:
        described = ", ".join(f"{name} {'×'.join(map(str, shape))}" for name, shape in shaped.items())
        raise CellError(f"ranges have different shapes: {described}") from None


def _cell_number(x: float) -> Any:
    if math.isnan(x):
        return MISSING_RESULT
    if math.isinf(x):
        return OVERFLOW_RESULT
    return x


def to_cells(result: Any) -> Any:
    """A float for one value, a 2-D list for an array; NaN becomes ``#N/A``, ±inf ``#NUM!``."""
    if type(result) is float:
        return _cell_number(result)
    array = np.asarray(result, dtype=float)
    if array.size == 0:  # every argument is checked for empty ranges; this is the net beneath
        raise CellError("a range is empty")
    if array.size == 1:
        return _cell_number(float(array.reshape(-1)[0]))
    grid = np.atleast_2d(array)
    if np.isfinite(grid).all():
        return grid.tolist()
    return [[_cell_number(x) for x in row] for row in grid.tolist()]


def returns_error_text(function: Callable) -> Callable:
    """Turn any exception into a ``#VALUE! ...`` text, never a traceback in a cell."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ValueError as error:
            return ERROR_PREFIX + str(error)
        except Exception as error:  # a cell must never show a traceback
            return f"{ERROR_PREFIX}unexpected {type(error).__name__}: {str(error)[:80]}"

    return wrapper
