"""``python -m hedgebook.cli``: the ``hedgebook`` command."""

from . import run

run()
