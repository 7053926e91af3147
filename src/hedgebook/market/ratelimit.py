"""Request-rate limits of the venues: a token bucket per venue, shared by every refresh of the process.

A venue that documents a limit for its public endpoints (MEXC futures: 20
requests per 2 seconds per IP) gets a :class:`RateLimit`; a request takes a
token, and waits only when none is left.  Under the limit, taking a token costs
a lock and two subtractions: nothing is slept.  The buckets live as long as the
process, so two refreshes pressed in quick succession (Excel's Refresh button
runs in one long-lived Python) share them.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` requests in any ``per_seconds`` window (a bucket of that many tokens)."""

    requests: int
    per_seconds: float

    def __post_init__(self):
        if self.requests < 1 or not self.per_seconds > 0:
            raise ValueError(f"a rate limit needs at least 1 request per a positive time, got {self}")


class TokenBucket:
    """Tokens for :class:`RateLimit`; :meth:`reserve` says how long a request must wait for its token.

    Parameters
    ----------
    limit : RateLimit
        The bucket holds ``limit.requests`` tokens and refills at ``requests / per_seconds`` a second.
    clock : callable
        Seconds on a monotonic clock (injected in tests).
    """

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic):
        self.limit, self._clock = limit, clock
        self._rate = limit.requests / limit.per_seconds
        self._tokens, self._stamp = float(limit.requests), clock()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take a token; the seconds to wait before using it (0 while the bucket has one).

        A token taken ahead of time is owed: the next caller waits for its own as well, so requests
        from many threads stay under the limit together.
        """
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self.limit.requests), self._tokens + (now - self._stamp) * self._rate)
            self._stamp = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / self._rate


_BUCKETS: dict[tuple[str, str], TokenBucket] = {}
_BUCKETS_LOCK = threading.Lock()


def bucket_for(venue: str, base_url: str, limit: RateLimit) -> TokenBucket:
    """The process's bucket for ``venue`` at ``base_url`` (one per address: a test server is not the venue)."""
    with _BUCKETS_LOCK:
        bucket = _BUCKETS.get((venue, base_url))
        if bucket is None or bucket.limit != limit:
            bucket = _BUCKETS[(venue, base_url)] = TokenBucket(limit)
        return bucket
