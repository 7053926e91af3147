"""What becomes of each holding's order: placed (``ok``), withheld and why, or not hedged and why.

A :class:`Status` is its kind and its reason.  It is also the text a person reads (``"withheld: suspect: mark 600
is 99% from the reference 60,000 (limit 5%)"``), so the sheets, the JSON and the terminal show it as it is; code
decides on :attr:`Status.kind`, never on the text.
"""

from __future__ import annotations

OK = "ok"
"""The order is computed, and placed unless the no-trade band or the venue's minimum leaves none."""
WITHHELD = "withheld"
"""No order may be computed from the data (the hedge's, or a position's of the asset), or from the input."""
UNHEDGED = "no hedge"
"""The holding is not hedged (no venue, a stablecoin, no perpetual listed): it keeps its exposure."""
KINDS = (OK, WITHHELD, UNHEDGED)


class Status(str):
    """A holding's order status: ``kind`` (:data:`OK`, :data:`WITHHELD` or :data:`UNHEDGED`) and ``reason`` (why,
    "" for ok); as text, ``"<kind>: <reason>"`` (``"ok"``)."""

    kind: str
    reason: str

    def __new__(cls, kind: str = OK, reason: str = "") -> "Status":
        if kind not in KINDS:
            raise ValueError(f"unknown order status {kind!r}; known: {', '.join(KINDS)}")
        status = super().__new__(cls, f"{kind}: {reason}" if reason else kind)
        status.kind, status.reason = kind, reason
        return status

    def __reduce__(self):
        return Status, (self.kind, self.reason)

    @property
    def withheld(self) -> bool:
        return self.kind == WITHHELD

    @property
    def unhedged(self) -> bool:
        return self.kind == UNHEDGED

    @property
    def ok(self) -> bool:
        return self.kind == OK


ORDER_OK = Status(OK)
