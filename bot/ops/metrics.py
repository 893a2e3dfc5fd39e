"""Prometheus metrics for one process, on a registry of its own (never the global default).

Build one :class:`RoleBotMetrics` in the composition root and hand it to the adapters and
to the ops server; a private registry keeps tests independent and the exposition limited
to what rolebot itself counts. Labels are small fixed vocabularies (platform, intent, mode),
never user data, so series cannot explode.
"""

from __future__ import annotations

from typing import Literal

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from bot.models import Answer, ErrorReply, HelpReply, JobDescription, Reply, SalaryResult

# The classic text format every Prometheus version scrapes (our names need no UTF-8 escaping).
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4

# Answer latency is dominated by the LLM when it is on (seconds) and by retrieval when it
# is off (tens of milliseconds): buckets cover both.
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
SCORE_BUCKETS = (0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)

Outcome = Literal["answered", "refused", "salary", "job_description", "help", "error"]


def reply_outcome(reply: Reply) -> Outcome:
    """What a reply amounted to, in the fixed vocabulary the ``outcome`` label uses."""
    if isinstance(reply, Answer):
        return "answered" if reply.found else "refused"
    if isinstance(reply, SalaryResult):
        return "salary"
    if isinstance(reply, JobDescription):
        return "job_description"
    if isinstance(reply, HelpReply):
        return "help"
    assert isinstance(reply, ErrorReply)
    return "error"


class RoleBotMetrics:
    """The counters and histograms rolebot exposes on ``/metrics``."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "rolebot_requests",
            "Requests answered, by platform, intent and outcome.",
            ["platform", "intent", "outcome"],
            registry=r,
        )
        self.latency = Histogram(
            "rolebot_answer_latency_seconds",
            "Time from receiving a request to having its reply.",
            ["platform", "intent"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.top_score = Histogram(
            "rolebot_retrieval_top_score",
            "Dense similarity of the best cited source (answers only).",
            buckets=SCORE_BUCKETS,
            registry=r,
        )
        self.refusals = Counter(
            "rolebot_refusals",
            "Questions the knowledge base did not cover.",
            ["platform"],
            registry=r,
        )
        self.llm_calls = Counter(
            "rolebot_llm_calls", "Answers produced by the LLM.", ["platform"], registry=r
        )
        self.llm_fallbacks = Counter(
            "rolebot_llm_fallbacks",
            "Answers quoted from the knowledge because the LLM failed or did not cite.",
            ["platform"],
            registry=r,
        )
        self.feedback = Counter(
            "rolebot_feedback", "Thumbs up and down.", ["platform", "vote"], registry=r
        )
        self.duplicates = Counter(
            "rolebot_duplicate_deliveries",
            "Platform re-deliveries (e.g. Slack retries) dropped as already handled.",
            ["platform"],
            registry=r,
        )

    def observe_reply(self, platform: str, intent: str, reply: Reply, seconds: float) -> None:
        """Count one handled request; call it once per reply the bot sends."""
        outcome = reply_outcome(reply)
        self.requests.labels(platform, intent, outcome).inc()
        self.latency.labels(platform, intent).observe(seconds)
        if not isinstance(reply, Answer):
            return
        if not reply.found:
            self.refusals.labels(platform).inc()
            return
        if reply.sources:
            self.top_score.observe(max(s.score for s in reply.sources))
        if reply.mode == "llm":
            self.llm_calls.labels(platform).inc()
        elif reply.note:  # extractive with a note: generation failed or was not grounded
            self.llm_fallbacks.labels(platform).inc()

    def observe_feedback(self, platform: str, vote: Literal["up", "down"]) -> None:
        self.feedback.labels(platform, vote).inc()

    def observe_duplicate(self, platform: str) -> None:
        """A re-delivered event that was recognised and not answered twice."""
        self.duplicates.labels(platform).inc()

    def exposition(self) -> bytes:
        """The registry in Prometheus text format, for ``GET /metrics``."""
        return generate_latest(self.registry)
