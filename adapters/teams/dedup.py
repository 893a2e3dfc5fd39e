"""Remembering recently seen activity ids so a re-delivered activity is answered once.

The Bot Connector retries when a response is slow or lost; without this a retried
question gets two answers. Memory only: one server process is what ``rolebot serve
teams`` runs (several replicas would need a shared store).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from botbuilder.schema import Activity


class RecentActivities:
    """A bounded, time-limited set of (channel, conversation, activity id) keys."""

    def __init__(
        self,
        *,
        ttl_seconds: float = 3600.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        on_repeat: Callable[[], None] | None = None,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self._on_repeat = on_repeat
        self.max_entries = max_entries
        self._clock = clock
        self._seen: OrderedDict[tuple[str, str, str], float] = OrderedDict()

    def first_time(self, activity: Activity) -> bool:
        """True for an activity not seen before (and records it); activities without id pass."""
        if not activity.id:
            return True
        conversation = activity.conversation.id if activity.conversation else ""
        key = (activity.channel_id or "", conversation or "", activity.id)
        now = self._clock()
        self._expire(now)
        if key in self._seen:
            if self._on_repeat is not None:
                self._on_repeat()  # e.g. count it for /metrics
            return False
        self._seen[key] = now
        if len(self._seen) > self.max_entries:
            self._seen.popitem(last=False)
        return True

    def _expire(self, now: float) -> None:
        while self._seen:
            key, seen_at = next(iter(self._seen.items()))
            if now - seen_at < self.ttl_seconds:
                return
            del self._seen[key]
