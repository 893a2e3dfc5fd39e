"""Remembering recently seen activity ids so a re-delivered activity is answered once.

The Bot Connector retries when a response is slow or lost; without this a retried
question gets two answers. With Redis (``ROLEBOT_REDIS_URL``) the set is shared by every
replica (:mod:`bot.state.claims`): a retry that reaches another replica is dropped there,
waits while the first replica is still answering it, and is answered there if the first
replica died before finishing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from botbuilder.schema import Activity

from bot.state import Claim, DeliveryClaims
from bot.state.presence import Presence

# Teams gives a bot about 15 s to answer an HTTP request; a retry waits at most this long
# for the replica that has its activity, then leaves it to that replica.
HOLD_SECONDS = 10.0
HOLD_POLL_SECONDS = 0.25

Key = tuple[str, str, str]


class RecentActivities:
    """A bounded, time-limited set of (channel, conversation, activity id) keys."""

    def __init__(
        self,
        *,
        ttl_seconds: float = 3600.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        on_repeat: Callable[[], None] | None = None,
        presence: Presence | None = None,
        hold_seconds: float = HOLD_SECONDS,
    ) -> None:
        self.claims = DeliveryClaims(
            namespace="teams",
            ttl=ttl_seconds,
            max_keys=max_entries,
            presence=presence,
            clock=clock,
        )
        self._on_repeat = on_repeat
        self._hold_seconds = hold_seconds

    def first_time(self, activity: Activity) -> bool:
        """True for an activity not seen before (and records it); activities without id pass."""
        key = _key(activity)
        if key is None or self.claims.try_claim(key) is Claim.OWNED:
            return True
        self._repeated()
        return False

    async def claim(self, activity: Activity) -> bool:
        """Like :meth:`first_time`, off the event loop, holding a retry whose activity another
        live replica is answering until that one finishes (False) or dies (True)."""
        key = _key(activity)
        if key is None:
            return True
        outcome = await asyncio.to_thread(self.claims.try_claim, key)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._hold_seconds
        while outcome is Claim.BUSY and loop.time() < deadline:
            await asyncio.sleep(HOLD_POLL_SECONDS)
            outcome = await asyncio.to_thread(self.claims.recheck, key)
        if outcome is Claim.OWNED:
            return True
        self._repeated()
        return False

    async def finish(self, activity: Activity) -> None:
        """The turn for ``activity`` is over: no other replica takes it over now."""
        key = _key(activity)
        if key is not None:
            await asyncio.to_thread(self.claims.finish, key)

    def _repeated(self) -> None:
        if self._on_repeat is not None:
            self._on_repeat()  # e.g. count it for /metrics


def _key(activity: Activity) -> Key | None:
    if not activity.id:
        return None
    conversation = activity.conversation.id if activity.conversation else ""
    return (activity.channel_id or "", conversation or "", activity.id)
