"""Text from the network, made safe to keep: no control characters, nothing a file format or a terminal acts on.

Venue symbols, names and error messages end up in workbook cells (XML, where
most control characters are illegal and make the file unreadable), in
terminal output (where ESC and C1 characters are commands), and in messages.
Each such character becomes U+FFFD, so the user still sees that something
was there.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""C0 controls but tab, line feed and carriage return; DEL and C1 controls; lone surrogates; non-characters."""


def clean_text(text: str) -> str:
    """``text`` with every unsafe character replaced by U+FFFD.

    Examples
    --------
    >>> clean_text("BTC\\x1b[31mUSDT")
    'BTC\\ufffd[31mUSDT'
    """
    if text.isascii() and text.isprintable():  # no control character at all: nothing to replace
        return text
    return _UNSAFE.sub(REPLACEMENT, text)
