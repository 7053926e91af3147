"""hedgebook: rebalance a crypto portfolio with futures instead of selling coins.

The package is layered (see docs/ARCHITECTURE.md):

``hedgebook.core``
    pure calculations, no I/O;
``hedgebook.cli``
    the ``hedgebook`` command.
"""

__version__ = "0.1.0"
