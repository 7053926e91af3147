"""Build ``workbook_templates/hedgebook.xlsm``: the worked example on sample data, reproducibly.

Run ``python -m hedgebook.excel.build_template``.  A test rebuilds it and fails
when the committed file differs from a fresh build.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import TEMPLATE_NAME, UDF_MODULE
from .project import sample_plan
from .template import build_workbook


def build(target: Path) -> Path:
    """Write the template workbook to ``target``."""
    plan, snapshot = sample_plan()
    return build_workbook(target, plan, snapshot, udf_module=UDF_MODULE)


def main() -> int:
    target = Path(__file__).resolve().parents[3] / "workbook_templates" / TEMPLATE_NAME
    build(target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
