"""State shared by several replicas: Redis for what is short-lived, with in-process fallbacks.

What a caller may use:

- :class:`SharedState` — built once from the settings (``ROLEBOT_REDIS_URL``), hands out:
- :class:`DeliveryClaims` — who answers a (re-)delivered event, exactly once across replicas;
- :class:`ParkedDeliveries` — retries waiting while another replica works on them;
- :class:`SharedCache` — a string cache (Slack thread history, Teams conversation state);
- :class:`RateLimiter` — questions per person per minute, across replicas.
"""

from bot.state.cache import SharedCache
from bot.state.claims import Claim, DeliveryClaims
from bot.state.handoff import ParkedDeliveries
from bot.state.rate_limit import RateLimiter
from bot.state.redis_link import LinkStatus, RedisLink, SharedStateDown
from bot.state.shared import SharedState

__all__ = [
    "Claim",
    "DeliveryClaims",
    "LinkStatus",
    "ParkedDeliveries",
    "RateLimiter",
    "RedisLink",
    "SharedCache",
    "SharedState",
    "SharedStateDown",
]
