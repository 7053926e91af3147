"""The package is ready to publish (issue 25 §5): a wheel and an sdist that ``twine check`` passes, the version read
from one place, the data files inside. Built from a copy of the project in a temporary folder (a build writes
``build/`` and ``*.egg-info`` beside its sources), without network (``--no-isolation``: the installed setuptools)."""

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import hedgebook

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = tmp_path_factory.mktemp("project")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = project / "dist"
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(project)],
                   check=True, capture_output=True, text=True)
    return sorted(out.iterdir(), key=lambda path: path.suffix)  # the sdist (.gz), then the wheel (.whl)


def test_a_wheel_and_an_sdist_pass_twine_check(built):
    assert [path.suffix for path in built] == [".gz", ".whl"]
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, built)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_version_is_read_from_one_place_and_the_data_ships(built):
    sdist, wheel = built
    assert wheel.name.startswith(f"hedgebook-{hedgebook.__version__}-py3-none-any")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(f"hedgebook-{hedgebook.__version__}.dist-info/METADATA").decode()
    assert f"Version: {hedgebook.__version__}" in metadata and "Requires-Dist: pandas" in metadata
    assert {"hedgebook/market/data/sample_market.json", "hedgebook/market/data/margin_tiers.json"} <= set(names)
    assert not any("tests/" in name or name.endswith(".pyc") for name in names)
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
    assert any(name.endswith("/README.md") for name in members) and any(name.endswith("/LICENSE") for name in members)
    assert '__version__ = "' in (ROOT / "src" / "hedgebook" / "__init__.py").read_text()
    assert "version =" not in (ROOT / "pyproject.toml").read_text().split("[project]")[1].split("[")[0]
