"""Is this process able to answer? The check behind ``GET /readyz``.

Ready means a search would work right now: the live index generation is loaded and the
embedding model and the vector store answer a real query. The LLM is reported but never
required, because without it the bot still answers (extractively).

With ``ROLEBOT_REDIS_URL`` set, Redis must answer too: without it this replica still
answers everything, but from its own in-process state (a Slack retry reaching it could be
answered twice), so it asks to be taken out of rotation while replicas that can share are
there, and says why. The feedback database is reported, never required: while it is down
answers go out without 👍/👎 buttons.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.feedback import FeedbackStore
from bot.retrieval.live import LiveIndex
from bot.settings import Settings
from bot.state import SharedState

PROBE_QUERY = "readiness probe"
OPENAI_DEFAULT_BASE = "https://api.openai.com/v1"


@dataclass(frozen=True)
class Readiness:
    """The verdict and the facts behind it, as served in the ``/readyz`` body."""

    ready: bool
    index: dict[str, Any]
    llm: dict[str, Any] = field(default_factory=dict)
    redis: dict[str, Any] = field(default_factory=dict)
    database: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ready": self.ready, "index": self.index, "llm": self.llm}
        if self.redis:
            body["redis"] = self.redis
        if self.database:
            body["database"] = self.database
        if not self.ready:
            body["reason"] = self.reason()
        return body

    def reason(self) -> str:
        """One line on why not ready, for a person reading the probe's output."""
        if self.index.get("error"):
            return f"the index is unavailable ({self.index['error']})"
        if self.redis.get("reachable") is False:
            return (
                f"Redis is unreachable ({self.redis.get('reason') or 'unknown'}); answering "
                "from in-process state"
            )
        return "not ready"


class IndexCheck:
    """Runs one real search; cached for ``ttl`` seconds so probe storms stay cheap."""

    def __init__(
        self, index: LiveIndex, *, ttl: float = 5.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._index = index
        self._ttl = ttl
        self._clock = clock
        self._cached: tuple[float, bool, dict[str, Any]] | None = None

    def run(self) -> tuple[bool, dict[str, Any]]:
        """(ready, details); blocking, so call it from a worker thread."""
        now = self._clock()
        if self._cached is not None and now - self._cached[0] < self._ttl:
            ready, details = self._cached[1], self._cached[2]
            info = self._index.info  # which generation is served now, even between searches
            if ready and info is not None:
                details = {**details, "collection": info.collection, "chunks": info.chunks}
                details["built_at"] = info.built_at
            return ready, details
        try:
            retriever = self._index.retriever()  # loads the first generation if needed
            retriever.search(PROBE_QUERY, k=1)  # embeds the query and asks the store
            info = retriever.snapshot.info
            result = (
                True,
                {
                    "collection": info.collection,
                    "chunks": info.chunks,
                    "built_at": info.built_at,
                    "model_id": info.model_id,
                },
            )
        except Exception as exc:  # any failure means "not now"; the type is enough to act on
            result = False, {"error": type(exc).__name__, "detail": str(exc)[:200]}
        self._cached = (now, *result)
        return result


class LlmCheck:
    """Lists models on the configured OpenAI-compatible server (cached for ``ttl``)."""

    def __init__(
        self,
        settings: Settings,
        *,
        ttl: float = 60.0,
        timeout: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._ttl = ttl
        self._timeout = timeout
        self._clock = clock
        self._cached: tuple[float, dict[str, Any]] | None = None

    async def run(self) -> dict[str, Any]:
        if not self._settings.llm_enabled:
            return {"enabled": False}
        now = self._clock()
        if self._cached is not None and now - self._cached[0] < self._ttl:
            return self._cached[1]
        result = {"enabled": True, **await self._probe()}
        self._cached = (now, result)
        return result

    async def _probe(self) -> dict[str, Any]:
        base = (self._settings.openai_base_url or OPENAI_DEFAULT_BASE).rstrip("/")
        headers = {}
        if self._settings.openai_api_key is not None:
            headers["Authorization"] = f"Bearer {self._settings.openai_api_key.get_secret_value()}"
        timeout = aiohttp.ClientTimeout(total=self._timeout)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.get(f"{base}/models", headers=headers) as response,
            ):
                return {"reachable": response.status < 500, "status": response.status}
        except Exception as exc:  # unreachable, refused, timed out: all just "not reachable"
            return {"reachable": False, "error": type(exc).__name__}


class SharedStateCheck:
    """Redis (required when configured) and the feedback database (reported only).

    Redis is pinged on every probe: it is how a replica notices at once that Redis is back.
    """

    def __init__(
        self,
        shared: SharedState | None,
        feedback: FeedbackStore | None,
        *,
        ttl: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._shared = shared
        self._feedback = feedback
        self._ttl = ttl
        self._clock = clock
        self._database: tuple[float, dict[str, Any]] | None = None

    def run(self) -> tuple[bool, dict[str, Any], dict[str, Any]]:
        """(ready, redis details, database details); blocking, so run it in a thread."""
        ready, redis = (True, {}) if self._shared is None else self._shared.readiness()
        return ready, redis, self._database_status()

    def _database_status(self) -> dict[str, Any]:
        check = getattr(self._feedback, "check", None)
        if check is None:
            return {}
        now = self._clock()
        if self._database is None or now - self._database[0] >= self._ttl:
            self._database = (now, check()[1])
        return self._database[1]
