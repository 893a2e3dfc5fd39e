"""The one Redis connection of a process, and whether Redis is answering right now.

Everything shared through Redis has an in-process fallback, so an outage must cost a
replica nothing but the sharing: each call fails fast (short socket timeouts, no client
retries), and after a failure the link stays *open* (skips Redis) for ``retry_every``
seconds, so a burst of messages does not pay a connect timeout each. The first call after
that tries again; when it succeeds, shared state is used again at once. ``/readyz`` reads
:meth:`RedisLink.status` and reports the reason while Redis is down.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from bot.errors import reason_of
from bot.ops.logging import LogSafe

if TYPE_CHECKING:
    import redis

log = logging.getLogger("rolebot.state")

T = TypeVar("T")

# Redis answers in well under a millisecond on a LAN; a second means it is not answering.
CONNECT_TIMEOUT_SECONDS = 0.5
CALL_TIMEOUT_SECONDS = 1.0
RETRY_EVERY_SECONDS = 1.0


class SharedStateDown(Exception):
    """Redis did not answer (or is being skipped after a recent failure): use the fallback."""


@dataclass(frozen=True)
class LinkStatus:
    """What ``/readyz`` says about Redis."""

    reachable: bool
    reason: str | None = None
    down_since: float | None = None  # time.time() of the first failure of this outage


class RedisLink:
    """Runs Redis commands for the stores in :mod:`bot.state`, tracking Redis's health."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        retry_every: float = RETRY_EVERY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self._retry_every = retry_every
        self._clock = clock
        self._lock = threading.Lock()
        self._failed_at: float | None = None  # clock() of the last failure, None while up
        self._down_since: float | None = None
        self._reason: str | None = None
        self._on_recovery: list[Callable[[], None]] = []

    def on_recovery(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (in the thread that noticed) each time Redis answers again, e.g.
        to rewrite keys a Redis restarted without persistence has lost."""
        self._on_recovery.append(callback)

    @classmethod
    def from_url(cls, url: str, *, retry_every: float = RETRY_EVERY_SECONDS) -> RedisLink:
        """A client for ``url`` that fails within about a second and never retries itself.

        The redis package is imported here, so a process without Redis never loads it.
        """
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
            socket_timeout=CALL_TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),
            health_check_interval=10,
            decode_responses=True,
            client_name="rolebot",
        )
        return cls(client, retry_every=retry_every)

    def run(self, command: Callable[[redis.Redis], T]) -> T:
        """``command(client)``; raises :class:`SharedStateDown` instead of any Redis failure."""
        import redis  # loaded already: the client came from it

        with self._lock:
            failed_at = self._failed_at
        if failed_at is not None and self._clock() - failed_at < self._retry_every:
            raise SharedStateDown(self._reason or "unreachable")
        try:
            result = command(self.client)
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            self._failed(exc)
            raise SharedStateDown(self._reason or "unreachable") from exc
        except redis.ResponseError as exc:
            # e.g. a read-only replica, OOM, or a script error: Redis is there but unusable.
            self._failed(exc)
            raise SharedStateDown(self._reason or "error") from exc
        self._succeeded()
        return result

    def ping(self) -> LinkStatus:
        """Asks Redis now (skipping the wait after a failure) and returns the status."""
        with self._lock:
            self._failed_at = None if self._failed_at is None else float("-inf")
        with contextlib.suppress(SharedStateDown):
            self.run(lambda client: client.ping())
        return self.status()

    def status(self) -> LinkStatus:
        with self._lock:
            if self._failed_at is None:
                return LinkStatus(reachable=True)
            return LinkStatus(reachable=False, reason=self._reason, down_since=self._down_since)

    def close(self) -> None:
        self.client.close()

    def _failed(self, exc: BaseException) -> None:
        reason = _describe(exc)
        with self._lock:
            first = self._down_since is None
            self._failed_at = self._clock()
            self._reason = reason
            if first:
                self._down_since = time.time()
        if first:
            log.warning(
                "Redis unreachable (%s): each replica uses its own in-process state until it "
                "returns",
                LogSafe(reason),
            )

    def _succeeded(self) -> None:
        with self._lock:
            if self._failed_at is None:
                return
            self._failed_at = self._down_since = self._reason = None
        log.warning("Redis reachable again: shared state in use")
        for callback in self._on_recovery:
            callback()


def _describe(exc: BaseException) -> str:
    """A few words on why, never the command (it may hold a key made of user ids)."""
    import redis

    if isinstance(exc, redis.ResponseError):
        first_word = str(exc).split(" ", 1)[0]
        return f"Redis error {first_word}" if first_word.isupper() else "Redis error"
    if isinstance(exc, redis.TimeoutError):
        return "timed out"
    reason = reason_of(exc)
    # redis-py puts "Error 111 connecting to host:port." before the OS's words.
    if "refused" in reason.lower():
        return "connection refused"
    if "timed out" in reason.lower() or "timeout" in reason.lower():
        return "timed out"
    if "name or service not known" in reason.lower() or "nodename" in reason.lower():
        return "unknown host"
    return reason[:120]
