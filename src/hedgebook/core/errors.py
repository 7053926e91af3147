"""The root of every error hedgebook raises on purpose: a message for a person, one line, naming what is wrong.

The kinds: :class:`InputError` (a value typed or given), :class:`PlanError` (a plan that cannot be computed from
its inputs), :class:`hedgebook.market.history_store.StoreError` (the history store),
:class:`hedgebook.market.errors.VenueError` (a venue), :class:`hedgebook.excel.safe_file.WorkbookError` (a workbook
file that cannot be read or replaced).  The command line and Refresh in Excel each catch
:class:`HedgebookError` once, and show its message.
"""


class HedgebookError(Exception):
    """An error whose message is meant for the user: one line, naming the cell, value, file or venue."""


class InputError(HedgebookError, ValueError):
    """A value the user typed or gave cannot be used: a cell (``str(error)`` names the sheet, row, column and value),
    an option of the command, an environment variable."""


class PlanError(HedgebookError, ValueError):
    """The plan cannot be computed from its inputs (no holdings, a holding that cannot be valued, a bad value)."""
