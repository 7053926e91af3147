"""The application: what the user typed, the plan's figures, and the one refresh pipeline.

``hedgebook.app`` sits between the market data and the spreadsheet
(docs/ARCHITECTURE.md: core ← market ← app ← excel ← cli).  It imports no
spreadsheet library: the workbook adapters read and write cells, and
everything they read or write is decided here.

Modules: :mod:`.cell_reader` (typed cells → numbers or clear errors),
:mod:`.inputs` (holdings and settings) and :mod:`.typed_rows` (reading them),
:mod:`.hedges` (each holding's hedge contract from the market table),
:mod:`.planning` (check the market, choose the hedges, plan), :mod:`.plan`
(every figure of a plan), :mod:`.status` (each order's status),
:mod:`.export` (the plan's JSON), :mod:`.refresh` (the refresh pipeline and
its rules).  Import them
directly: this package imports nothing, so that the worksheet functions,
which read cells through :mod:`.cell_reader`, stay quick to load.
"""
