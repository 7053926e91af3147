"""The application: what the user typed, the plan's figures, and the one refresh pipeline.

``hedgebook.app`` sits between the market data and the spreadsheet
(docs/ARCHITECTURE.md: core ← market ← app ← excel ← cli).  It imports no
spreadsheet library: the workbook adapters read and write cells, and
everything they read or write is decided here.

Modules: :mod:`.cell_reader` (typed cells → numbers or clear errors),
:mod:`.inputs` (holdings and settings), :mod:`.hedges` (each holding's hedge
contract from the market table), :mod:`.figures` (every figure of a plan),
:mod:`.rows` (the rows of Orders, venue status, open interest, the CFTC
report), :mod:`.refresh` (the refresh pipeline and its rules).  Import them
directly: this package imports nothing, so that the worksheet functions,
which read cells through :mod:`.cell_reader`, stay quick to load.
"""
