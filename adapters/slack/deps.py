"""What every listener needs, built once at start-up and handed to each listener."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Protocol

from slack_sdk.http_retry import RetryHandler

from adapters.slack.access import AccessPolicy
from adapters.slack.dedup import Deduplicator
from adapters.slack.handoff import ParkedRequest
from adapters.slack.history import ThreadCache
from bot.feedback import FeedbackStore
from bot.models import Reply, Request
from bot.state import ParkedDeliveries


class Answerer(Protocol):
    """The engine as the adapter sees it (``bot.service.RoleBot`` in production)."""

    def handle(self, request: Request) -> Reply: ...


@dataclass(frozen=True)
class SlackDeps:
    """The engine, the feedback store, the access rules and the shared plumbing."""

    bot: Answerer
    feedback: FeedbackStore
    access: AccessPolicy
    dedup: Deduplicator
    executor: Executor
    retry_handlers: list[RetryHandler]
    # Called once per Slack re-delivery dropped as already handled (e.g. for /metrics).
    on_duplicate: Callable[[], None] = lambda: None
    # Several replicas (see adapters.slack.handoff): retries parked while another replica
    # has their delivery.
    handoff: ParkedDeliveries[ParkedRequest] | None = None
    # Thread histories already read from conversations.replies (shared through Redis).
    threads: ThreadCache | None = None
