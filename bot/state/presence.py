"""Which replicas are alive: each one refreshes a short-lived key in Redis every second.

A delivery claimed by a replica whose key has expired was left unfinished by a crash (or a
``kill -9``), so another replica may take it over (see :mod:`bot.state.claims`). The key
lives ``ttl`` seconds, several beats, so one slow beat does not declare a live replica dead.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid

from bot.state.redis_link import RedisLink, SharedStateDown

log = logging.getLogger("rolebot.state")

KEY_PREFIX = "rolebot:replica:"
BEAT_EVERY_SECONDS = 1.0
ALIVE_FOR_SECONDS = 5.0


class Presence:
    """This process's replica id, and the thread that keeps its key alive while it runs."""

    def __init__(
        self,
        link: RedisLink,
        *,
        beat_every: float = BEAT_EVERY_SECONDS,
        alive_for: float = ALIVE_FOR_SECONDS,
        replica_id: str | None = None,
    ) -> None:
        self.link = link
        self.replica_id = replica_id or uuid.uuid4().hex[:16]
        self.beat_every = beat_every
        self.alive_for = alive_for
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        link.on_recovery(self.beat)  # Redis may have come back empty

    @property
    def key(self) -> str:
        return KEY_PREFIX + self.replica_id

    def beat(self) -> None:
        """Refresh the key now; quietly does nothing while Redis is down."""
        ttl_ms = int(self.alive_for * 1000)
        with contextlib.suppress(SharedStateDown):
            self.link.run(lambda client: client.set(self.key, "1", px=ttl_ms))

    def start(self) -> None:
        """Beat in a daemon thread until :meth:`stop`; also checks Redis's health each beat,
        so a replica notices Redis is back even with no traffic."""
        if self._thread is not None:
            return
        self.beat()
        self._thread = threading.Thread(target=self._run, name="rolebot-presence", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.beat_every):
            self.link.ping()
            self.beat()

    def stop(self) -> None:
        """Stop beating and remove the key: a replica shut down on purpose hands its
        unfinished deliveries over at once instead of after ``alive_for`` seconds."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5.0)
        with contextlib.suppress(SharedStateDown):
            self.link.run(lambda client: client.delete(self.key))
