"""The xlwings Lite bundle in ``addin/lite/``: ``main.py`` and ``requirements.txt``, from the function registry.

xlwings Lite (Pyodide inside Excel on Windows, Mac and the web) runs the
``main.py`` stored in a workbook and installs its ``requirements.txt``.  The
``main.py`` written here declares every worksheet function of
:mod:`hedgebook.excel.udfs` under the same Excel name, arguments and help as
the VBA listing ("Import Functions" on Windows), each a one-line call of the
same function, and a ``Refresh`` script bound to the Refresh shape on Start.
hedgebook itself travels inside ``main.py``: a zip of its pure-Python code (docstrings left out, comments too),
which ``main.py`` writes to the browser's file system and puts on ``sys.path`` before anything imports it; so a
Lite user installs nothing from the package index but hedgebook's dependencies, each pure Python or provided by
Pyodide (``requirements.txt``).  A test fails when the files are stale; regenerate them with
``python -m hedgebook.excel.lite``, or write them for the installed version with ``hedgebook lite``.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import importlib
import inspect
import io
import sys
import zipfile
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
    archive = package_archive()
    digest = hashlib.sha256(archive).hexdigest()[:12]
    encoded = base64.b64encode(archive).decode()
    payload = "\n".join(encoded[i:i + PAYLOAD_LINE] for i in range(0, len(encoded), PAYLOAD_LINE))
    return f'''"""hedgebook in xlwings Lite: its worksheet functions and Refresh, on Windows, Mac and Excel on the web.

Generated from hedgebook {__version__} by `python -m hedgebook.excel.lite` (or `hedgebook lite`): do not edit.
Each function is hedgebook's own (hedgebook.excel.udfs), under the same Excel name as on Windows.
Signs: negative = short; a positive funding rate means longs pay shorts; a cost > 0 means you pay.
hedgebook itself is the zip at the end of this file (its pure-Python code); requirements.txt brings what it needs.
"""

import base64
import os
import sys
import tempfile

import xlwings as xw
from xlwings import arg, func, script


def _hedgebook_on_path():
    """Write hedgebook's code (the zip below) to the file system once, and import it from there."""
    path = os.path.join(tempfile.gettempdir(), "hedgebook-{__version__}-{digest}.zip")
    if not os.path.exists(path):
        with open(path + ".part", "wb") as file:
            file.write(base64.b64decode(BUNDLED_CODE))
        os.replace(path + ".part", path)
    if path not in sys.path:
        sys.path.insert(0, path)


BUNDLED_CODE = """
{payload}
"""
_hedgebook_on_path()

from hedgebook.excel import udfs  # noqa: E402  (from the zip above)


@script(name={REFRESH_SCRIPT!r}, button={lite_button_reference()!r}, show_taskpane=True)
async def {REFRESH_SCRIPT}(book: xw.Book):
    """Fetch prices, funding rates, dated futures and open interest, every venue at once, each request with a
    timeout, and write the plan (Start says how it went)."""
    from hedgebook.excel import lite_refresh  # the market stack loads on the first Refresh, not with the functions

    print(await lite_refresh.refresh_async(book))


{declarations}
'''


def generate_requirements() -> str:
    """The text of ``addin/lite/requirements.txt``: hedgebook's dependencies as micropip installs them in Pyodide
    (each pure Python or provided by Pyodide; hedgebook itself is inside ``main.py``)."""
    return ("# What hedgebook needs in xlwings Lite (each pure Python, or provided by Pyodide). hedgebook itself is\n"
            "# inside main.py: nothing needs to be on the package index.\n"
            + "".join(f"{requirement}\n" for requirement in lite_requirements()))


def lite_requirements() -> list[str]:
    """hedgebook's dependencies whose markers hold in Pyodide (xlwings Lite brings its own xlwings, and no keyring
    is used in a browser), as ``name>=version`` from ``pyproject.toml``'s declaration."""
    from importlib import metadata

    from packaging.requirements import Requirement

    found = []
    for text in metadata.requires("hedgebook") or []:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate(dict(PYODIDE, extra="")):
            continue
        found.append(f"{requirement.name}{requirement.specifier}")
    return sorted(found, key=str.lower)


PYODIDE = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
           "platform_machine": "wasm32"}
"""What a dependency's markers see in xlwings Lite."""
PAYLOAD_LINE = 100
"""Characters per line of the zip's text in ``main.py``."""
LEFT_OUT = ("cli",)
"""hedgebook's packages a browser never runs."""


def package_archive() -> bytes:
    """hedgebook's code as a zip, the same bytes for the same code: its modules without docstrings or comments (the
    code as it runs; about half the size), its data files, none of :data:`LEFT_OUT`."""
    package = Path(__file__).resolve().parents[1]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(package.rglob("*")):
            inside = path.relative_to(package.parent)
            if not path.is_file() or "__pycache__" in inside.parts or inside.parts[1] in LEFT_OUT:
                continue
            if path.suffix == ".py":
                data = _without_docstrings(path.read_text(encoding="utf-8")).encode()
            elif path.suffix == ".json":
                data = path.read_bytes()
            else:
                continue
            info = zipfile.ZipInfo(inside.as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def _without_docstrings(source: str) -> str:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return ast.unparse(tree) + "\n"


def bundle_files() -> dict[str, str]:
    """File name → text of every generated file of the bundle."""
    return {"main.py": generate_main(), "requirements.txt": generate_requirements()}


def write_bundle(folder: Path) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` into ``folder`` (made if missing); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in bundle_files().items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        written.append(folder / name)
    return written


def main() -> int:
    folder = Path(__file__).resolve().parents[3].joinpath(*BUNDLE_FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in bundle_files().items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {folder / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
