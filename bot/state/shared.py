"""The shared state of one replica, built once from the settings and passed in.

Without ``ROLEBOT_REDIS_URL`` every store here is in-process (the single-replica default);
with it, they share through one :class:`RedisLink`, and this replica's :class:`Presence`
tells the others it is alive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.settings import Settings
from bot.state.cache import SharedCache
from bot.state.claims import DEFAULT_MAX_KEYS, DEFAULT_TTL_SECONDS, DeliveryClaims
from bot.state.presence import Presence
from bot.state.rate_limit import RateLimiter
from bot.state.redis_link import RedisLink


@dataclass
class SharedState:
    """Factories for the stores adapters and the engine use, all on the same link."""

    link: RedisLink | None = None
    presence: Presence | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> SharedState:
        if settings.redis_url is None:
            return cls()
        link = RedisLink.from_url(settings.redis_url.get_secret_value())
        return cls(link=link, presence=Presence(link))

    def claims(
        self,
        *,
        namespace: str,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_keys: int = DEFAULT_MAX_KEYS,
        on_repeat: Callable[[], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> DeliveryClaims:
        return DeliveryClaims(
            namespace=namespace,
            ttl=ttl,
            max_keys=max_keys,
            presence=self.presence,
            on_repeat=on_repeat,
            clock=clock,
        )

    def cache(self, *, namespace: str, ttl: float, max_local: int) -> SharedCache:
        return SharedCache(namespace=namespace, ttl=ttl, max_local=max_local, link=self.link)

    def rate_limiter(self, per_minute: int) -> RateLimiter | None:
        """None when ``per_minute`` is 0 (no limit)."""
        return RateLimiter(per_minute=per_minute, link=self.link) if per_minute else None

    def start(self) -> None:
        """Start announcing this replica (a no-op without Redis)."""
        if self.presence is not None:
            self.presence.start()

    def stop(self) -> None:
        if self.presence is not None:
            self.presence.stop()
        if self.link is not None:
            self.link.close()

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        """(ready, details) for ``/readyz``: not ready while configured Redis is unreachable.

        The replica still answers then, from its in-process fallbacks; not ready takes it out
        of a load balancer's rotation while others can share state, and says why.
        """
        if self.link is None:
            return True, {"configured": False}
        status = self.link.ping()
        if status.reachable:
            return True, {"configured": True, "reachable": True}
        return False, {
            "configured": True,
            "reachable": False,
            "reason": status.reason,
            "fallback": "in-process re-delivery keys, conversation state, cache and rate limits",
        }
