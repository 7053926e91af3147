"""``hedgebook lite``: write the xlwings Lite bundle for the installed hedgebook."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_lite_command(commands) -> None:
    """``lite [--out DIR]`` under ``commands`` (the subparsers of ``hedgebook``)."""
    lite = commands.add_parser(
        "lite", help="write the xlwings Lite bundle (main.py with hedgebook inside, requirements.txt) into a folder",
        description=("Write main.py (every worksheet function, the Refresh script, and hedgebook's own code as a zip "
                     "it imports from) and requirements.txt (hedgebook's dependencies, each pure Python or provided "
                     "by Pyodide) for the installed hedgebook: paste both into xlwings Lite's editor "
                     "(addin/lite/README.md)."))
    lite.add_argument("--out", default="hedgebook-lite", metavar="DIR",
                      help="folder to write into, made if missing (default: ./hedgebook-lite)")
    lite.set_defaults(handler=_cmd_lite)


def _cmd_lite(args: argparse.Namespace, out) -> int:
    from ..excel.lite import write_bundle
    from .views import text

    for path in write_bundle(Path(args.out)):
        out.data.print(f"Wrote {text(path)}")
    out.data.print("Paste requirements.txt, then main.py, into xlwings Lite's editor (addin/lite/README.md).")
    return 0
