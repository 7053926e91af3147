"""xlwings project folders (``NAME/NAME.xlsm`` beside ``NAME/NAME.py``) and the demo.

The workbook is ``.xlsm``, not ``.xlsx``: it carries the Refresh button's
macro, and xlwings' "Import Functions" writes the worksheet functions' VBA
wrappers into the workbook, which only a macro-enabled file can keep.  The
``.py`` is a shim: it re-exports the worksheet functions and ``main()`` so
that "Import Functions" and "Run main" (and the button) find them by name.
"""

from __future__ import annotations

import datetime as dt
import importlib.machinery
import importlib.util
import keyword
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from ..app.daily_history import HistoryRefresh, sample_history
from ..app.inputs import HoldingInput, PlanInputs, Settings
from ..app.plan import Plan
from ..app.refresh import plan_with_history
from ..core.errors import InputError
from ..market import MarketSnapshot, load_sample
from .template import build_workbook

WORKED_EXAMPLE = (
    HoldingInput("BTC", quantity=65_000 / 60_000, cost_basis=20_000.0, venue="binance", target_weight=0.5),
    HoldingInput("ETH", quantity=35_000 / 3_000, cost_basis=1_500.0, venue="binance", target_weight=0.5),
)
"""The README's worked example: 65 000 of BTC and 35 000 of ETH, target 50/50."""

SHIM = '''"""xlwings project file of {name}.xlsm (made by `hedgebook new`).

"Import Functions" (xlwings ribbon) reads the worksheet functions from this
module; "Run main" and the Refresh button call main(), which refreshes the
workbook.  Keep this file beside {name}.xlsm and keep its name.
"""

from hedgebook.excel.macros import main  # noqa: F401  (Refresh / Run main)
from hedgebook.excel.udfs import *  # noqa: F401,F403  (the worksheet functions)
'''
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class Project:
    """The files of an xlwings project."""

    workbook: Path
    module: Path
    plan: Plan
    data_label: str


def check_name(name: str) -> str:
    """``name`` if it can be both a file name and a Python module name, else ValueError.

    A name that is already an importable module (``hedgebook``, ``xlwings``,
    ``pandas``, ...) is refused: the project's ``.py`` would shadow it.
    """
    if not NAME_PATTERN.fullmatch(name) or keyword.iskeyword(name):
        raise InputError(
            f"{name!r} cannot be a plan name: use letters, digits and _ (it is also a Python module name), "
            "not starting with a digit"
        )
    if _installed(name):
        raise InputError(f"{name!r} cannot be a plan name: it is the name of an installed Python module")
    return name


def _installed(name: str) -> bool:
    """Whether ``name`` is a module Python finds outside the current folder (a file there, such as the ``.py``
    an earlier ``hedgebook demo`` wrote, is the user's own, not an installed module)."""
    spec = importlib.util.find_spec(name)
    if spec is None:
        return False
    here = Path.cwd().resolve()
    found = Path(spec.origin).resolve() if spec.origin and spec.has_location else None
    if found is None or here not in (found.parent, found.parent.parent):
        return True
    elsewhere = [entry for entry in sys.path if Path(entry or ".").resolve() != here]
    return importlib.machinery.PathFinder.find_spec(name, elsewhere) is not None


def sample_plan(holdings=WORKED_EXAMPLE, snapshot: MarketSnapshot | None = None, *, hedge_sizing: str | None = None,
                positions=()) -> tuple[Plan, MarketSnapshot]:
    """The plan of ``holdings`` (and open ``positions``) on the bundled sample market (as of its own time), with the
    made-up sample history (:func:`hedgebook.app.daily_history.sample_history`) ending the day before."""
    snapshot = snapshot or load_sample()
    settings = Settings(as_of=snapshot.fetched_at)
    inputs = PlanInputs(tuple(holdings), replace(settings, hedge_sizing=hedge_sizing or settings.hedge_sizing),
                        tuple(positions))
    end = snapshot.fetched_at.date() - dt.timedelta(days=1)

    def history(chosen, previous, now):
        return HistoryRefresh(sample_history(chosen.holdings, chosen.hedges, end))

    plan, notes = plan_with_history(inputs, snapshot.table, snapshot.fetched_at, history=history,
                                    sample=snapshot.sample)
    if notes:  # the sample history is made up here: failing to make it is a bug, never a warning
        raise RuntimeError(f"the sample history could not be made: {notes[0]}")
    return plan, snapshot


def write_project(folder: Path, name: str, *, overwrite: bool = False) -> Project:
    """Write ``folder/NAME.xlsm`` and ``folder/NAME.py`` for the worked example on sample data.

    Raises
    ------
    FileExistsError
        When either file exists and ``overwrite`` is False (nothing is written).
    """
    check_name(name)
    folder = Path(folder)
    workbook, module = folder / f"{name}.xlsm", folder / f"{name}.py"
    existing = [p for p in (workbook, module) if p.exists()]
    if existing and not overwrite:
        raise FileExistsError(f"{existing[0]} exists; not overwriting it")
    folder.mkdir(parents=True, exist_ok=True)
    plan, snapshot = sample_plan()
    build_workbook(workbook, plan, snapshot, udf_module=name)
    module.write_text(SHIM.format(name=name), encoding="utf-8")
    return Project(workbook, module, plan, snapshot.label)
