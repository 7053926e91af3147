"""The VBA that xlwings' "Import Functions" writes for :mod:`hedgebook.excel.udfs`, produced without Windows.

``xlwings.udfs`` imports pywin32 at module level; on other systems those
modules are stubbed (they are not called while generating the listing), and
``xlwings.udfs.generate_vba_wrapper`` writes the VBA exactly as it does in
Excel.  The listing is kept in ``addin/`` for review; a test fails when it is
stale.  Regenerate it with ``python -m hedgebook.excel.vba_listing``.
"""

from __future__ import annotations

import io
import sys
import types
from pathlib import Path

from . import TEMPLATE_NAME, UDF_MODULE

LISTING_FILE = "hedgebook_udfs.bas"


def _stub_pywin32() -> None:
    """Make ``import xlwings.udfs`` possible where pywin32 does not exist."""
    if sys.platform.startswith("win"):
        return
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pythoncom.IID_IDispatch = None
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = type("com_error", (Exception,), {})
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *args, **kwargs: None
    win32com.client = client
    for name, module in {"pythoncom": pythoncom, "pywintypes": pywintypes, "win32com": win32com,
                         "win32com.client": client}.items():
        sys.modules.setdefault(name, module)


def xlwings_udfs():
    """``xlwings.udfs``, importable on any system."""
    _stub_pywin32()
    import xlwings.udfs

    return xlwings.udfs


def generate_listing() -> str:
    """The VBA module text xlwings generates for every worksheet function of hedgebook."""
    import importlib

    module = importlib.import_module(UDF_MODULE)
    out = io.StringIO()
    workbook = types.SimpleNamespace(Name=TEMPLATE_NAME)
    xlwings_udfs().generate_vba_wrapper(UDF_MODULE, module, out, workbook)
    return out.getvalue()


def main() -> int:
    target = Path(__file__).resolve().parents[3] / "addin" / LISTING_FILE
    target.write_text(generate_listing(), encoding="utf-8", newline="\n")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
