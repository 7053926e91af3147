"""Why a venue could not be read: a small family of errors, each with a one-line message.

``str(error)`` is what the user reads (the Start sheet, the terminal, a
stale row's status); the type is what code and tests decide on.
"""

from __future__ import annotations

from ..core.errors import HedgebookError
from .text import clean_text


class VenueError(HedgebookError):
    """A venue could not be read; ``str(error)`` is a one-line message for the user.

    The message often quotes the venue's own words: it is kept on one line,
    without control characters.
    """

    def __init__(self, message: str = "", *args):
        super().__init__(clean_text(" ".join(str(message).split())), *args)


class VenueTimeout(VenueError):
    """No answer within the time allowed."""


class VenueUnreachable(VenueError):
    """No connection: the name does not resolve, the connection is refused, or TLS fails."""


class VenueBlocked(VenueError):
    """The venue refuses this location (HTTP 451, or a 403 HTML page from its CDN)."""


class VenueRateLimited(VenueError):
    """The venue asks us to slow down (HTTP 429/418), beyond what the retries absorb."""


class VenueServerError(VenueError):
    """The venue failed (HTTP 5xx), also after the retries."""


class VenueBadAnswer(VenueError):
    """An answer that cannot be used: not JSON, cut off, too large, too deep, or not in the documented shape."""


class VenueErrorCode(VenueBadAnswer):
    """An error code inside an otherwise successful (HTTP 200) answer, e.g. Bybit's ``retCode``.

    Attributes
    ----------
    code : str
        The venue's error code, as text.
    """

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.code = clean_text(code)


class VenueKeyRejected(VenueError):
    """The venue refused the account's API key: unknown, revoked, a wrong secret or passphrase, an IP not allowed."""


class VenueClockSkew(VenueError):
    """The venue refused a signed request as too old or too new: this computer's clock is off."""


class VenueKeyTooPowerful(VenueError):
    """The key may do more than read (withdraw, transfer; trade unless allowed): hedgebook refuses to use it."""
