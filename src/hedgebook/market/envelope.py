"""Error codes inside successful answers: one reader for every venue's envelope.

Several venues answer HTTP 200 and say in the body whether the request
worked: Bybit ``retCode``, OKX ``code`` (text), BingX ``code``, MEXC
``success`` and ``code``, Deribit a JSON-RPC ``error`` object, CoinGecko a
``status`` object, the CFTC's Socrata an object where a list was expected.
Each venue declares its :class:`Envelope`; :meth:`Envelope.unwrap` returns the
payload or raises :class:`~hedgebook.market.errors.VenueErrorCode`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import VenueBadAnswer, VenueErrorCode

MESSAGE_LIMIT = 160
"""Characters of a venue's error message kept in the one-line message."""


@dataclass(frozen=True)
class Envelope:
    """How a venue wraps its answers.

    Attributes
    ----------
    code : str, optional
        Key of a status code; the answer is an error unless its text is ``"0"``.
    success : str, optional
        Key of a boolean flag; ``False`` means an error (MEXC).
    error : str, optional
        Key of an error object or code present only on failure (JSON-RPC
        ``error``, CoinGecko ``status``); its ``code``/``error_code`` and
        ``message``/``error_message`` make the message.
    messages : tuple of str
        Keys of the error text, the first present wins.
    data : str, optional
        Key of the payload; None = the whole body.
    body : type
        What the body must be (``dict``, or ``list`` for Socrata, whose errors
        come as an object).
    """

    code: str | None = None
    success: str | None = None
    error: str | None = None
    messages: tuple[str, ...] = ("msg", "message")
    data: str | None = None
    body: type = dict

    def unwrap(self, payload: Any, source: str) -> Any:
        """The payload of a successful answer.

        Raises
        ------
        VenueErrorCode
            ``"error <code> from <source>: <message>"`` when the body says the request failed.
        VenueBadAnswer
            When the body is not of the expected type.
        """
        if self.body is list and isinstance(payload, dict):
            raise VenueErrorCode(f"error from {source}: {self._message(payload)}".rstrip(": "))
        if not isinstance(payload, self.body):
            raise VenueBadAnswer(f"unexpected answer from {source}")
        if self.body is dict:
            self._raise_if_error(payload, source)
        return payload.get(self.data) if self.data is not None else payload

    def _raise_if_error(self, payload: dict, source: str) -> None:
        code = None
        if self.success is not None and payload.get(self.success) is False:
            code = payload.get(self.code or "code", "")
        elif self.code is not None and str(payload.get(self.code, "0")) != "0":
            code = payload.get(self.code)
        elif self.error is not None and payload.get(self.error):
            detail = payload[self.error]
            if not isinstance(detail, dict):
                raise VenueErrorCode(_line("", source, detail))
            code = str(detail.get("code", detail.get("error_code", "")))
            raise VenueErrorCode(_line(code, source, detail.get("message", detail.get("error_message"))), code)
        if code is not None:
            raise VenueErrorCode(_line(str(code), source, self._message(payload)), str(code))

    def _message(self, payload: dict) -> str:
        for key in self.messages:
            if payload.get(key):
                return str(payload[key])
        return ""


def _line(code: str, source: str, message: Any) -> str:
    head = f"error {code} from {source}" if code else f"error from {source}"
    text = str(message or "").strip()[:MESSAGE_LIMIT]
    return f"{head}: {text}" if text else head


NONE = Envelope(body=object)
"""No envelope: errors come as HTTP statuses (Binance); any JSON body is the payload."""
