"""A small string cache shared by every replica through Redis, with a local copy.

Each value is written to Redis (with a time to live) and to a bounded in-process LRU; reads
go to Redis while it answers and to the local copy while it does not, so an outage costs
cache hits from other replicas, never an error. Used for the Slack thread cache and, as a
botbuilder ``Storage``, for Teams conversation state.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from bot.state.redis_link import RedisLink, SharedStateDown


class SharedCache:
    """``get``/``put``/``delete`` of strings under ``rolebot:<namespace>:``, for ``ttl`` seconds."""

    def __init__(
        self,
        *,
        namespace: str,
        ttl: float,
        max_local: int,
        link: RedisLink | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.namespace = namespace
        self.ttl = ttl
        self.link = link
        self._max_local = max_local
        self._clock = clock
        self._local: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        if self.link is not None:
            try:
                value = self.link.run(lambda client: client.get(self._name(key)))
                return value.decode() if isinstance(value, bytes) else value
            except SharedStateDown:
                pass
        with self._lock:
            entry = self._local.get(key)
            if entry is None:
                return None
            if self._clock() - entry[0] >= self.ttl:
                del self._local[key]
                return None
            self._local.move_to_end(key)
            return entry[1]

    def put(self, key: str, value: str) -> None:
        with self._lock:
            self._local[key] = (self._clock(), value)
            self._local.move_to_end(key)
            while len(self._local) > self._max_local:
                self._local.popitem(last=False)
        if self.link is not None:
            ttl_ms = int(self.ttl * 1000)
            with contextlib.suppress(SharedStateDown):
                self.link.run(lambda client: client.set(self._name(key), value, px=ttl_ms))

    def delete(self, key: str) -> None:
        with self._lock:
            self._local.pop(key, None)
        if self.link is not None:
            with contextlib.suppress(SharedStateDown):
                self.link.run(lambda client: client.delete(self._name(key)))

    def _name(self, key: str) -> str:
        return f"rolebot:{self.namespace}:{key}"
