"""Metrics and one log line per request, around any engine, for every platform at once.

Adapters call ``handle`` as they always do; wrapping the engine (and the feedback store)
here means neither adapter has to remember to count anything.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bot.feedback import FeedbackStore, Vote
from bot.models import Answer, Reply, Request
from bot.ops.logging import log_request
from bot.ops.metrics import RoleBotMetrics, reply_outcome
from bot.streaming import StreamEvent, reply_events

if TYPE_CHECKING:
    from bot.guide import KnowledgeGuide
    from bot.retrieval.live import LiveIndex
    from bot.service import RoleBot

log = logging.getLogger("rolebot.requests")


def reply_intent(request: Request, reply: Reply) -> str:
    """The intent that was served: what the reply is, else what was asked for."""
    outcome = reply_outcome(reply)
    if outcome in ("salary", "job_description", "help"):
        return outcome
    if isinstance(reply, Answer):
        return "question"
    return request.intent or "question"


class InstrumentedBot:
    """Times ``handle``, records it in ``metrics`` and logs it without any message text."""

    def __init__(self, *, bot: RoleBot, metrics: RoleBotMetrics) -> None:
        self._bot = bot
        self.metrics = metrics

    @property
    def index(self) -> LiveIndex:
        """The wrapped bot's index, for ``/readyz`` and the index follower."""
        return self._bot.index

    @property
    def guide(self) -> KnowledgeGuide | None:
        """The wrapped bot's guide, for greetings and suggested prompts."""
        return self._bot.guide

    def handle(self, request: Request) -> Reply:
        started = time.perf_counter()
        reply = self._bot.handle(request)
        self._observe(request, reply, time.perf_counter() - started)
        return reply

    def stream(self, request: Request) -> Iterator[StreamEvent]:
        """The wrapped engine's stream, counted and logged once its final reply is known."""
        started = time.perf_counter()
        for event in reply_events(self._bot, request):
            if isinstance(event, Reply):
                self._observe(request, event, time.perf_counter() - started)
            yield event

    def _observe(self, request: Request, reply: Reply, seconds: float) -> None:
        intent = reply_intent(request, reply)
        self.metrics.observe_reply(request.platform, intent, reply, seconds)
        log_request(
            log,
            request_id=uuid.uuid4().hex[:12],
            platform=request.platform,
            intent=intent,
            outcome=reply_outcome(reply),
            seconds=seconds,
            mode=reply.mode if isinstance(reply, Answer) else None,
        )


class MeteredFeedbackStore(FeedbackStore):
    """The feedback store that also counts 👍/👎 for ``/metrics``."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        database_url: str | None = None,
        metrics: RoleBotMetrics,
        platform: str,
    ) -> None:
        super().__init__(path, database_url=database_url)
        self._metrics = metrics
        self._platform = platform

    def record_vote(self, *, answer_id: str, voter: str, vote: Vote) -> bool:
        stored = super().record_vote(answer_id=answer_id, voter=voter, vote=vote)
        if stored:
            self._metrics.observe_feedback(self._platform, vote)
        return stored
