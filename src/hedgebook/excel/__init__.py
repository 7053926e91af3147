"""The Excel side: worksheet functions, the template workbook, Refresh.

Import submodules directly (``hedgebook.excel.udfs`` stays light: it is what
Excel loads on the first recalculation).
"""
