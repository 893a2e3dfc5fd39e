"""How many questions one person may ask per minute, counted across every replica.

A fixed one-minute window per person: one ``INCR`` (and an ``EXPIRE`` on the first) in
Redis, so every replica and both platforms count into the same number. It protects a paid
model from one noisy user or a runaway script, never from a person typing. While Redis is
down each replica counts on its own, so the limit is per replica until it returns.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.state.redis_link import RedisLink, SharedStateDown

if TYPE_CHECKING:
    import redis

WINDOW_SECONDS = 60


class RateLimiter:
    """``wait_for(who)`` is None while ``who`` is within ``per_minute``, else seconds to wait."""

    def __init__(
        self,
        *,
        per_minute: int,
        link: RedisLink | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.per_minute = per_minute
        self.link = link
        self._clock = clock
        self._local: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def wait_for(self, who: str) -> int | None:
        """Counts one request by ``who`` and says whether it may go ahead (None) or how many
        seconds remain of the window it exceeded."""
        now = self._clock()
        window = int(now // WINDOW_SECONDS)
        count = self._count(who, window)
        if count <= self.per_minute:
            return None
        return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))

    def _count(self, who: str, window: int) -> int:
        if self.link is not None:
            key = f"rolebot:rate:{who}:{window}"

            def incr(client: redis.Redis) -> int:
                pipe = client.pipeline(transaction=True)
                pipe.incr(key)
                pipe.expire(key, WINDOW_SECONDS * 2)
                return int(pipe.execute()[0])

            try:
                return self.link.run(incr)
            except SharedStateDown:
                pass
        with self._lock:
            for old in [k for k in self._local if k[1] < window]:
                del self._local[old]
            count = self._local.get((who, window), 0) + 1
            self._local[(who, window)] = count
            return count
