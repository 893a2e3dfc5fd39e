"""Remembering recently seen activity ids so a re-delivered activity is answered once.

The Bot Connector retries when a response is slow or lost; without this a retried
question gets two answers. Memory only: one server process is what ``rolebot serve
teams`` runs (several replicas would need a shared store).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from botbuilder.schema import Activity

from bot.expiring_keys import ExpiringKeys


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
        self._keys = ExpiringKeys(ttl=ttl_seconds, max_keys=max_entries, clock=clock)
        self._on_repeat = on_repeat

    def first_time(self, activity: Activity) -> bool:
        """True for an activity not seen before (and records it); activities without id pass."""
        if not activity.id:
            return True
        conversation = activity.conversation.id if activity.conversation else ""
        key = (activity.channel_id or "", conversation or "", activity.id)
        if self._keys.claim(key):
            return True
        if self._on_repeat is not None:
            self._on_repeat()  # e.g. count it for /metrics
        return False
