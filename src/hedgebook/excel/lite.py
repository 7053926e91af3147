"""The xlwings Lite bundle in ``addin/lite/``: ``main.py`` and ``requirements.txt``, from the function registry.

xlwings Lite (Pyodide inside Excel on Windows, Mac and the web) runs the
``main.py`` stored in a workbook and installs its ``requirements.txt``.  The
``main.py`` written here declares every worksheet function of
:mod:`hedgebook.excel.udfs` under the same Excel name, arguments and help as
the VBA listing ("Import Functions" on Windows), each a one-line call of the
same function, and a ``Refresh`` script bound to the Refresh shape on Start.
The package itself comes from ``requirements.txt``: hedgebook is pure Python
and every dependency is pure Python or provided by Pyodide, so it installs
like any package (see ``addin/lite/README.md``).  A test fails when the files
are stale; regenerate them with ``python -m hedgebook.excel.lite``.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

from .. import __version__
from . import UDF_MODULE
from . import layout as L

BUNDLE_FOLDER = ("addin", "lite")
LITE_BUTTON_NAME = "TextBox 1"
"""The name Excel gives the Refresh shape on Start (the sheet's first drawing shape)."""
REFRESH_SCRIPT = "Refresh"


def lite_button_reference() -> str:
    """``[shape]Sheet!Cell``: the shape whose hyperlink runs Refresh in xlwings Lite (xlwings' ``button=``)."""
    return f"[{LITE_BUTTON_NAME}]{L.START}!{L.LITE_BUTTON_TARGET.a1()}"


def _declaration(name: str, function) -> str:
    meta = function.__xlfunc__
    lines = ["@func"]
    for info in meta["args"]:
        options = "ndim=2, " if info["options"].get("ndim") == 2 else ""
        lines.append(f"@arg({info['name']!r}, {options}doc={info['doc']!r})")
    signature = inspect.signature(function)
    call = ", ".join(signature.parameters)
    lines += [f"def {name}{signature}:",
              f"    {meta['ret']['doc']!r}",
              f"    return udfs.{name}({call})"]
    return "\n".join(lines)


def generate_main() -> str:
    """The text of ``addin/lite/main.py``."""
    udfs = importlib.import_module(UDF_MODULE)
    declarations = "\n\n\n".join(_declaration(name, getattr(udfs, name)) for name in udfs.WORKSHEET_FUNCTIONS)
    return f'''"""hedgebook in xlwings Lite: its worksheet functions and Refresh, on Windows, Mac and Excel on the web.

Generated from hedgebook {__version__} by `python -m hedgebook.excel.lite`: do not edit, regenerate.
Each function is hedgebook's own (hedgebook.excel.udfs), under the same Excel name as on Windows.
Signs: negative = short; a positive funding rate means longs pay shorts; a cost > 0 means you pay.
"""

import xlwings as xw
from xlwings import arg, func, script

from hedgebook.excel import udfs


@script(name={REFRESH_SCRIPT!r}, button={lite_button_reference()!r}, show_taskpane=True)
def {REFRESH_SCRIPT}(book: xw.Book):
    """Fetch prices, funding rates, dated futures and open interest, and write the plan (Start says how it went)."""
    from hedgebook.excel import lite_refresh  # the market stack loads on the first Refresh, not with the functions

    print(lite_refresh.refresh(book))


{declarations}
'''


def generate_requirements() -> str:
    """The text of ``addin/lite/requirements.txt``: hedgebook at this version (its dependencies follow)."""
    return (f"# hedgebook and its dependencies (pure Python, or provided by Pyodide). Before hedgebook {__version__}\n"
            "# is on the package index, put the address of its wheel here instead (addin/lite/README.md).\n"
            f"hedgebook=={__version__}\n")


def bundle_files() -> dict[str, str]:
    """File name → text of every generated file of the bundle."""
    return {"main.py": generate_main(), "requirements.txt": generate_requirements()}


def main() -> int:
    folder = Path(__file__).resolve().parents[3].joinpath(*BUNDLE_FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in bundle_files().items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {folder / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
