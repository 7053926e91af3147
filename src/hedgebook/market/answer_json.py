"""Reading a venue's answer as JSON: refused, with a one-line reason, when it is not JSON, cut off, an HTML page, or
nested too deeply to be a venue's."""

from __future__ import annotations

import json
import re
from typing import Any

from .errors import VenueBadAnswer

MAX_JSON_DEPTH = 64
"""Nesting deeper than this is refused; no venue answer we read is deeper than 6."""


_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in b'[]{}"')
_INNERMOST_PAIR = re.compile(rb"\[\]|\{\}")
"""An innermost pair of brackets; one substitution removes those of one level only (a pair it uncovers stays)."""


def _skeleton_depth_exceeds(body: bytes, limit: int) -> bool | None:
    """Whether a JSON text nests deeper than ``limit``, read from its brackets alone (C-speed byte operations);
    None when a string holds a bracket or an escaped quote, where the brackets do not tell.

    The text is cut down to its brackets and quotes; empty strings (``""``) go; if a quote is left, a string
    held a bracket.  Otherwise each pass removes the innermost ``[]`` and ``{}`` pairs: a text that is not
    empty after ``limit`` passes nests deeper.
    """
    if b'\\"' in body:
        return None
    skeleton = body.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    if b'"' in skeleton:
        return None
    for _ in range(limit):
        if not skeleton:
            return False
        skeleton = _INNERMOST_PAIR.sub(b"", skeleton)
    return bool(skeleton)


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values() if isinstance(child, (dict, list)))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node if isinstance(child, (dict, list)))
    return False


def looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith(b"<!doctype html") or head.startswith(b"<html") or b"<html" in head


def _snippet(body: bytes) -> str:
    text = body[:60].decode("utf-8", "replace").strip().replace("\n", " ")
    return text + ("…" if len(body) > 60 else "")


def parse_json(body: bytes, status: int, declared_length: int | None = None) -> Any:
    """The JSON of a body (live or cached), refused when it is not JSON, cut off, or nested too deeply."""
    try:
        data = json.loads(body)
    except RecursionError:
        raise VenueBadAnswer("answer nested too deeply, refused") from None
    except ValueError:
        if status >= 400:
            raise VenueBadAnswer(f"HTTP {status}: {_snippet(body)!r}") from None
        if declared_length is not None and len(body) < declared_length:
            raise VenueBadAnswer("answer cut off before its end") from None
        raise VenueBadAnswer(f"answer is not JSON: {_snippet(body)!r}") from None
    too_deep = _skeleton_depth_exceeds(body, MAX_JSON_DEPTH)
    if too_deep or (too_deep is None and _depth_exceeds(data, MAX_JSON_DEPTH)):
        raise VenueBadAnswer(f"answer nested deeper than {MAX_JSON_DEPTH} levels, refused")
    if status >= 400:
        raise VenueBadAnswer(f"HTTP {status}: {_error_text(data)}")
    return data


def _error_text(data: Any) -> str:
    if isinstance(data, dict):
        for key in ("msg", "message", "retMsg", "error"):
            if key in data and data[key]:
                value = data[key]
                return str(value.get("message", value) if isinstance(value, dict) else value)[:160]
    return json.dumps(data)[:160]
