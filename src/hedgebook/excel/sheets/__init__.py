"""One module per sheet of the plan workbook, each writing its sheet with XlsxWriter.

:mod:`.formats` holds the cell formats and the typed cell writer,
:mod:`.formulas` the pieces of formulas the calculation sheets share.  Where
things are comes from :mod:`hedgebook.excel.layout`; what the numbers are
comes from :class:`hedgebook.app.plan.Plan`.
"""
