"""docs/ARCHITECTURE.md: dependencies point one way, core ← market ← app ← excel ← cli; checked on the source (AST).

Every import of every module, relative ones resolved and those inside
functions included, must stay within what its layer may use.
"""

import ast
import pkgutil
from pathlib import Path

import pytest

import hedgebook

LAYERS = ("core", "market", "app", "excel", "cli")
ALLOWED = {layer: set(LAYERS[: i + 1]) for i, layer in enumerate(LAYERS)}
"""A layer may import itself and the layers before it."""
SPREADSHEET = {"xlwings", "openpyxl", "xlsxwriter", "formulas"}
NETWORK = {"requests", "requests_cache", "urllib3", "socket", "http", "httpx", "aiohttp"}
FORBIDDEN = {
    "core": SPREADSHEET | NETWORK | {"pandas", "rich", "platformdirs"},
    "market": SPREADSHEET | {"rich"},
    "app": SPREADSHEET | NETWORK | {"rich"},
    "excel": NETWORK | {"rich"},
    "cli": set(),
}
"""Outside libraries a layer must not import: I/O belongs to its own layer."""

MODULES = sorted(
    (name, Path(module.module_finder.path) / (name.rsplit(".", 1)[-1] + ("/__init__.py" if module.ispkg else ".py")))
    for module in pkgutil.walk_packages(hedgebook.__path__, "hedgebook.")
    for name in [module.name]
)


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "hedgebook" and parts[1] in LAYERS else None


def imported_modules(name: str, path: Path):
    """Absolute names of everything ``name`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                if node.module:
                    yield f"{base}.{node.module}"
                else:
                    yield from (f"{base}.{alias.name}" for alias in node.names)
            else:
                yield node.module


def test_every_module_is_in_a_layer():
    assert {layer_of(name) for name, _ in MODULES if name != "hedgebook"} == set(LAYERS)


@pytest.mark.parametrize("name, path", MODULES, ids=[name for name, _ in MODULES])
def test_imports_point_one_way(name, path):
    layer = layer_of(name)
    for imported in imported_modules(name, path):
        target = layer_of(imported)
        if target is not None:
            assert layer is not None and target in ALLOWED[layer], f"{name} ({layer}) imports {imported} ({target})"
        elif layer is not None:
            assert imported.split(".")[0] not in FORBIDDEN[layer], f"{name} ({layer}) imports {imported}"


def test_the_rule_catches_a_wrong_import(tmp_path):
    """The check itself: an app module importing the excel layer, and core importing pandas, are caught."""
    (tmp_path / "bad.py").write_text("from ..excel import layout\nimport pandas\n", encoding="utf-8")
    assert list(imported_modules("hedgebook.app.bad", tmp_path / "bad.py")) == ["hedgebook.excel", "pandas"]
    assert layer_of("hedgebook.excel") not in ALLOWED["app"]
    assert "pandas" in FORBIDDEN["core"]
