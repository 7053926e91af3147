"""The Excel side: worksheet functions, the workbook's layout and sheets, reading it, Refresh.

Import submodules directly (``hedgebook.excel.udfs`` stays light: it is what
Excel loads on the first recalculation).
"""

UDF_MODULE = "hedgebook.excel.udfs"
"""The module of the worksheet functions, as xlwings' "UDF Modules" names it."""
TEMPLATE_NAME = "hedgebook.xlsm"
"""The template workbook in ``workbook_templates/``."""
