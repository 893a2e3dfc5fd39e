"""A thread-safe, bounded set of keys that expire: how a platform's re-deliveries are
recognised (Slack's event ids, Teams' activity ids) without the set growing forever."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable


class ExpiringKeys:
    """Remembers each key for ``ttl`` seconds, and at most ``max_keys`` keys (oldest go first)."""

    def __init__(
        self,
        *,
        ttl: float,
        max_keys: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_keys = max_keys
        self._clock = clock
        self._seen: OrderedDict[Hashable, float] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: Hashable) -> bool:
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

    def _expire(self, now: float) -> None:
        while self._seen:
            key, claimed_at = next(iter(self._seen.items()))
            if now - claimed_at < self.ttl:
                return
            del self._seen[key]
