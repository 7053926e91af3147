"""The root of every error hedgebook raises on purpose: a message for a person, one line, naming what is wrong.

Each layer raises its own kind: :class:`hedgebook.app.cell_reader.InputError` (a typed value), :class:`PlanError`
(a plan that cannot be computed from its inputs), :class:`hedgebook.market.history_store.StoreError` (the history
store), :class:`hedgebook.market.errors.VenueError` (a venue).  The command line and Refresh in Excel each catch
:class:`HedgebookError` once, and show its message.
"""


class HedgebookError(Exception):
    """An error whose message is meant for the user: one line, naming the cell, value, file or venue."""


class PlanError(HedgebookError, ValueError):
    """The plan cannot be computed from its inputs (no holdings, a holding that cannot be valued, a bad value)."""
