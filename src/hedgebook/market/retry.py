"""How a venue request is retried: urllib3's ``Retry``, bounded by the venue's deadline and by how long a venue may
ask us to wait, and never for a failure a second try cannot mend."""

from __future__ import annotations

import time
from dataclasses import dataclass

from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError
from urllib3.util.retry import Retry

from .config import RETRY_BACKOFF_S
from .errors import VenueTimeout

RETRY_ATTEMPTS = 3
MAX_RETRY_AFTER_S = 10.0
"""A venue asking us to wait longer than this gets no retry: the refresh gives up on it."""
RETRY_STATUSES = (418, 429, 500, 502, 503, 504)

@dataclass(frozen=True)
class Deadline:
    """When a venue's reading must be over: ``at`` on the monotonic clock, ``seconds`` after it began."""

    at: float
    seconds: float

    @classmethod
    def after(cls, seconds: float) -> "Deadline":
        return cls(time.monotonic() + seconds, seconds)

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def error(self) -> VenueTimeout:
        return VenueTimeout(f"no complete answer within {self.seconds:g} s (deadline)")


class RetryAfterTooLong(Exception):
    """The venue asked for a wait beyond :data:`MAX_RETRY_AFTER_S`."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


class DeadlineReached(Exception):
    """A retry would wait past the venue's deadline."""


class BoundedRetry(Retry):
    """urllib3 ``Retry`` that never waits past ``MAX_RETRY_AFTER_S`` or the deadline, and never retries a
    refused connection or a name that does not resolve (those fail the same way a second later)."""

    def __init__(self, *args, deadline: Deadline | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    def new(self, **kw) -> "BoundedRetry":
        retry = super().new(**kw)
        retry.deadline = self.deadline
        return retry

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if error is not None and _is_final(error):
            raise MaxRetryError(_pool, url, error) from error
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def sleep_for_retry(self, response) -> bool:
        retry_after = self.get_retry_after(response)
        if retry_after is not None and retry_after > MAX_RETRY_AFTER_S:
            raise RetryAfterTooLong(retry_after)
        if retry_after is not None and self.deadline is not None and retry_after >= self.deadline.remaining():
            raise DeadlineReached()
        return super().sleep_for_retry(response)

    def _sleep_backoff(self) -> None:
        if self.deadline is not None and self.get_backoff_time() >= self.deadline.remaining():
            raise DeadlineReached()
        super()._sleep_backoff()


def _is_final(error: Exception) -> bool:
    """A connection failure that retrying cannot mend: the name does not resolve, or the port refuses."""
    return isinstance(error, NameResolutionError) or (
        isinstance(error, NewConnectionError) and isinstance(error.__cause__, ConnectionRefusedError))


def make_retry(backoff_s: float = RETRY_BACKOFF_S, deadline: Deadline | None = None) -> Retry:
    """The retry policy of every venue request (GET only, bounded, Retry-After honoured)."""
    return BoundedRetry(
        total=RETRY_ATTEMPTS,
        connect=RETRY_ATTEMPTS,
        read=1,
        status=RETRY_ATTEMPTS,
        backoff_factor=backoff_s,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        deadline=deadline,
    )
