"""Who answers a delivery: exactly one replica, even across retries and crashes.

Slack and the Bot Connector re-deliver what they think was missed, and a retry may reach
another replica than the first delivery. Each delivery key (an event id, an activity id) is
claimed before the work starts: in Redis with one atomic ``SET key replica NX EX ttl``, so
across every replica only the first claim wins, for the same windows as one process used.
When the work is done the key says ``done``.

A claim that is neither done nor held by a live replica (its :mod:`presence` key expired)
was left by a crash: the next delivery of it takes it over, atomically, in a Lua script.
A delivery whose claim a live replica still holds is ``BUSY``: the caller waits for it or
parks it (:mod:`bot.state.handoff`), so nothing is answered twice and nothing is lost
because the replica that had it died.

Every claim is also kept in this process (:class:`~bot.expiring_keys.ExpiringKeys`), which is
all there is while Redis is down: then each replica de-duplicates what reaches it, and
answers everything else rather than drop it.
"""

from __future__ import annotations

import asyncio
import enum
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager, suppress

from bot.expiring_keys import ExpiringKeys
from bot.state.presence import KEY_PREFIX as PRESENCE_PREFIX
from bot.state.presence import Presence
from bot.state.redis_link import SharedStateDown

DONE = "done"

# Chat platforms retry for up to about five minutes; keep keys comfortably longer.
DEFAULT_TTL_SECONDS = 60 * 60
DEFAULT_MAX_KEYS = 50_000
# An asynchronous platform gives a bot about 15 s to answer an HTTP request (Teams); a retry
# waits at most this long for the replica that has its delivery, then leaves it to that one.
HOLD_SECONDS = 10.0
HOLD_POLL_SECONDS = 0.25

# The claim exists (SET NX failed): done, ours, held by a live replica, or taken over. A
# claim younger than a presence key's life is never taken over: its owner was alive when it
# claimed it, and may just not have beaten since Redis came back empty after a restart.
_SETTLE = """
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return 'owned'
end
if v == 'done' then return 'done' end
if v == ARGV[1] then return 'mine' end
if redis.call('EXISTS', ARGV[3] .. v) == 1 then return 'busy' end
local age = tonumber(ARGV[2]) * 1000 - redis.call('PTTL', KEYS[1])
if age < tonumber(ARGV[4]) then return 'busy' end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
return 'owned'
"""
# Only the owner marks its claim done; a claim that expired meanwhile is recreated as done.
_FINISH = """
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then
  redis.call('SET', KEYS[1], 'done', 'KEEPTTL')
elseif not v then
  redis.call('SET', KEYS[1], 'done', 'EX', ARGV[2])
end
return 1
"""


class Claim(enum.Enum):
    """The outcome of claiming a delivery."""

    OWNED = "owned"  # new, or taken over from a replica that died: do the work
    DONE = "done"  # already answered, or already in hand here: drop it
    BUSY = "busy"  # another live replica is working on it: wait or park it


class DeliveryClaims:
    """The re-delivery set of one platform (``namespace``), shared through Redis if given.

    The one re-delivery interface every adapter uses: :meth:`claim` (or :meth:`try_claim`)
    before the work, :meth:`claim_waiting` on an event loop, :meth:`work` or :meth:`finish`
    when it is done. Build it with :meth:`bot.state.SharedState.claims`, which passes this
    replica's presence when Redis is configured.
    """

    def __init__(
        self,
        *,
        namespace: str,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_keys: int = DEFAULT_MAX_KEYS,
        presence: Presence | None = None,
        clock: Callable[[], float] | None = None,
        on_repeat: Callable[[], None] | None = None,
    ) -> None:
        self.namespace = namespace
        self.ttl = ttl
        self._local = (
            ExpiringKeys(ttl=ttl, max_keys=max_keys, clock=clock)
            if clock is not None
            else ExpiringKeys(ttl=ttl, max_keys=max_keys)
        )
        self._presence = presence
        self._on_repeat = on_repeat
        self._scopes = threading.local()

    @property
    def shared(self) -> bool:
        return self._presence is not None

    def reachable(self) -> bool:
        """False while the shared set (Redis) is down and only this process's is in use."""
        return self._presence is None or self._presence.link.status().reachable

    def claim(self, key: Hashable) -> bool:
        """True when this replica should do the work for ``key`` (listeners' question)."""
        return self.try_claim(key) is Claim.OWNED

    def try_claim(self, key: Hashable) -> Claim:
        """Claim ``key`` here and, when shared, across replicas."""
        outcome = self._claim_quietly(key)
        if outcome is not Claim.OWNED:
            self._repeat()
        return outcome

    async def claim_waiting(self, key: Hashable, *, hold: float = HOLD_SECONDS) -> bool:
        """:meth:`claim` off the event loop, holding a retry whose delivery another live
        replica is answering until that one finishes (False) or dies (True)."""
        outcome = await asyncio.to_thread(self._claim_quietly, key)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + hold
        while outcome is Claim.BUSY and loop.time() < deadline:
            await asyncio.sleep(HOLD_POLL_SECONDS)
            outcome = await asyncio.to_thread(self.recheck, key)
        if outcome is Claim.OWNED:
            return True
        self._repeat()
        return False

    async def finish_async(self, key: Hashable) -> None:
        """:meth:`finish` off the event loop."""
        await asyncio.to_thread(self.finish, key)

    def _claim_quietly(self, key: Hashable) -> Claim:
        """:meth:`try_claim` without counting a repeat: a BUSY key may still become ours."""
        if not self._local.claim(key):
            return Claim.DONE
        outcome = self._claim_shared(key, first=True)
        if outcome is Claim.OWNED:
            self._track(key)
        return outcome

    def recheck(self, key: Hashable) -> Claim:
        """For a ``BUSY`` key: done by now, still busy, or ours (its owner died)?

        While Redis is down nothing can be known: BUSY, so the caller keeps waiting.
        """
        if self._presence is None:
            return Claim.OWNED
        try:
            outcome = self._claim_shared(key, first=False, raise_down=True)
        except SharedStateDown:
            return Claim.BUSY
        if outcome is Claim.OWNED:
            self._local.claim(key)
            self._track(key)
        return outcome

    def finish(self, key: Hashable) -> None:
        """The work for ``key`` is done: no replica takes it over any more."""
        if self._presence is None:
            return
        presence = self._presence
        # While Redis is down the local set still remembers it; other replicas see our
        # claim until it expires.
        with suppress(SharedStateDown):
            presence.link.run(
                lambda client: client.eval(
                    _FINISH, 1, self._key(key), presence.replica_id, int(self.ttl)
                )
            )

    @contextmanager
    def work(self, *keys: Hashable) -> Iterator[None]:
        """Marks ``keys``, and every key claimed in this thread meanwhile, done at the end:
        for the worker that does what a delivery asked (a reply that failed is a reply too;
        only a crash leaves a claim unfinished, for another replica to take over)."""
        stack: list[list[Hashable]] = self._stack()
        claimed: list[Hashable] = list(keys)
        stack.append(claimed)
        try:
            yield
        finally:
            stack.pop()
            for key in claimed:
                self.finish(key)

    def _claim_shared(self, key: Hashable, *, first: bool, raise_down: bool = False) -> Claim:
        if self._presence is None:
            return Claim.OWNED
        presence = self._presence
        name = self._key(key)
        me = presence.replica_id
        try:
            if first and presence.link.run(
                lambda client: client.set(name, me, nx=True, ex=int(self.ttl))
            ):
                return Claim.OWNED
            verdict = presence.link.run(
                lambda client: client.eval(
                    _SETTLE,
                    1,
                    name,
                    me,
                    int(self.ttl),
                    PRESENCE_PREFIX,
                    int(presence.alive_for * 1000),
                )
            )
        except SharedStateDown:
            if raise_down:
                raise
            return Claim.OWNED  # answer rather than drop: this process's set still de-duplicates
        if verdict == "owned":
            return Claim.OWNED
        if verdict == "busy":
            return Claim.BUSY
        return Claim.DONE

    def _key(self, key: Hashable) -> str:
        text = ":".join(map(str, key)) if isinstance(key, tuple) else str(key)
        return f"rolebot:{self.namespace}:claim:{text}"

    def _stack(self) -> list[list[Hashable]]:
        stack: list[list[Hashable]] | None = getattr(self._scopes, "stack", None)
        if stack is None:
            stack = self._scopes.stack = []
        return stack

    def _track(self, key: Hashable) -> None:
        stack = self._stack()
        if stack:
            stack[-1].append(key)

    def _repeat(self) -> None:
        if self._on_repeat is not None:
            self._on_repeat()
