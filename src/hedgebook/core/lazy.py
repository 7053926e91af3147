"""A package whose names load their modules on first use (PEP 562's module ``__getattr__``)."""

from __future__ import annotations

import importlib
from typing import Any, Callable, Mapping


def names_on_first_use(package: str, modules: Mapping[str, str], namespace: dict) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: a name of ``modules`` (name → its module, relative) is imported from its
    module when first asked for, and kept in ``namespace`` (the package's globals) for the next time."""

    def attribute(name: str) -> Any:
        if name not in modules:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{modules[name]}", package), name)
        namespace[name] = value
        return value

    return attribute
