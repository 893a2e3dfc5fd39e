"""Remember which Slack deliveries we already took on, so Slack's retries cause no repeats.

Slack re-sends an event when it thinks we missed it (``X-Slack-Retry-Num``). A key is
claimed the moment processing starts: a retry of a claimed delivery is dropped, while a
retry of one that never reached us finds no claim and is processed normally.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

# Slack retries for up to about five minutes; keep keys comfortably longer.
DEFAULT_TTL_SECONDS = 60 * 60
DEFAULT_MAX_KEYS = 50_000


class Deduplicator:
    """A thread-safe, bounded set of keys that expire after ``ttl`` seconds."""

    def __init__(
        self,
        *,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_keys: int = DEFAULT_MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_keys = max_keys
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: str) -> bool:
        """True for the first caller with ``key`` (it should do the work), False for repeats."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            if key in self._seen:
                return False
            self._seen[key] = now
            if len(self._seen) > self.max_keys:
                self._seen.popitem(last=False)
            return True

    def release(self, key: str) -> None:
        """Forget ``key`` so a retry is processed (used when we could not start the work)."""
        with self._lock:
            self._seen.pop(key, None)

    def _expire(self, now: float) -> None:
        while self._seen:
            key, claimed_at = next(iter(self._seen.items()))
            if now - claimed_at < self.ttl:
                break
            del self._seen[key]
