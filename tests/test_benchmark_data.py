"""The benchmarks read the venues' bodies from the tests' data modules, never from a test module."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import sys
from benchmarks import history, peer, run_all, synthetic
synthetic.replay_for(3)
print(sorted(m for m in sys.modules if m.rpartition(".")[2].startswith("test_") or m.split(".")[0] in ("pytest", "_pytest")))
"""


def test_the_benchmarks_replay_imports_no_test_module_and_no_pytest():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
