"""Remember which Slack deliveries we already took on, so Slack's retries cause no repeats.

Slack re-sends an event when it thinks we missed it (``X-Slack-Retry-Num``). A key is
claimed the moment processing starts: a retry of a claimed delivery is dropped, while a
retry of one that never reached us finds no claim and is processed normally.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.expiring_keys import ExpiringKeys

# Slack retries for up to about five minutes; keep keys comfortably longer.
DEFAULT_TTL_SECONDS = 60 * 60
DEFAULT_MAX_KEYS = 50_000


class Deduplicator(ExpiringKeys):
    """Event ids, trigger ids and message keys already being handled."""

    def __init__(
        self,
        *,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_keys: int = DEFAULT_MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(ttl=ttl, max_keys=max_keys, clock=clock)
