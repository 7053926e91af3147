"""Worksheet-function metadata in the form xlwings reads, without importing xlwings.

``@xw.func`` only attaches a dict, ``__xlfunc__``, to the function; xlwings'
"Import Functions" (``xlwings.udfs.import_udfs`` / ``generate_vba_wrapper``)
and its call path (``call_udf``) read that dict.  Importing xlwings here would
import pandas too (xlwings does when pandas is installed), and Excel waits for
this module on its first recalculation; so the dict is built here, in exactly
xlwings' shape, and a test compares it with what ``xlwings.udfs.xlfunc`` builds.
"""

from __future__ import annotations

import inspect
from typing import Callable, Mapping, TypeVar

F = TypeVar("F", bound=Callable)

CATEGORY = "hedgebook"
VBA_ARGUMENT_HELP_LIMIT = 255
"""Excel's MacroOptions truncates argument help beyond 255 characters."""


def worksheet_function(description: str, arguments: Mapping[str, str], *, ndim2: tuple[str, ...] = ()):
    """Mark a function as an Excel worksheet function (what ``@xw.func`` + ``@xw.arg`` do).

    Parameters
    ----------
    description : str
        One line shown by Excel's function wizard.
    arguments : mapping
        Argument name → help text, for every argument of the function.
    ndim2 : tuple of str
        Arguments that arrive as 2-D lists even for a single cell or a single
        row/column range (xlwings' ``ndim=2`` option).
    """

    def decorate(function: F) -> F:
        signature = inspect.signature(function)
        names = list(signature.parameters)
        if set(names) != set(arguments):
            raise ValueError(f"{function.__name__}: help for {sorted(set(names) ^ set(arguments))} is missing or extra")
        args, argmap = [], {}
        for position, (name, parameter) in enumerate(signature.parameters.items()):
            info = {
                "name": name,
                "pos": position,
                "vba": None,
                "doc": arguments[name][:VBA_ARGUMENT_HELP_LIMIT],
                "vararg": False,
                "options": {"ndim": 2} if name in ndim2 else {},
            }
            if parameter.default is not inspect.Parameter.empty:
                info["optional"] = parameter.default
            args.append(info)
            argmap[name] = info
        function.__xlfunc__ = {
            "name": function.__name__,
            "sub": False,
            "args": args,
            "argmap": argmap,
            "ret": {"doc": description, "options": {}},
            "category": CATEGORY,
            "call_in_wizard": True,
            "volatile": False,
            "async_mode": None,
        }
        function.__doc__ = description + ("\n\n" + function.__doc__ if function.__doc__ else "")
        return function

    return decorate
