"""Remember which Slack deliveries we already took on, so Slack's retries cause no repeats.

Slack re-sends an event when it thinks we missed it (``X-Slack-Retry-Num``). A key is
claimed the moment processing starts: a retry of a claimed delivery is dropped, while a
retry of one that never reached us finds no claim and is processed normally. With Redis
(``ROLEBOT_REDIS_URL``) the claims are shared, so a retry that reaches another replica is
dropped there too, and one whose first replica died unfinished is taken over
(:mod:`bot.state.claims`).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.state import DeliveryClaims
from bot.state.presence import Presence

# Slack retries for up to about five minutes; keep keys comfortably longer.
DEFAULT_TTL_SECONDS = 60 * 60
DEFAULT_MAX_KEYS = 50_000


class Deduplicator(DeliveryClaims):
    """Event ids, trigger ids and message keys already being handled."""

    def __init__(
        self,
        *,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_keys: int = DEFAULT_MAX_KEYS,
        clock: Callable[[], float] | None = None,
        presence: Presence | None = None,
    ) -> None:
        super().__init__(
            namespace="slack", ttl=ttl, max_keys=max_keys, presence=presence, clock=clock
        )
