"""What every listener needs, built once at start-up and handed to each listener."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

from slack_sdk.http_retry import RetryHandler

from adapters.slack.access import AccessPolicy
from adapters.slack.handoff import ParkedRequest
from adapters.slack.history import ThreadCache
from bot import FeedbackStore
from bot.toolkit import DEFAULT_HISTORY_TURNS, DeliveryClaims, Handler, ParkedDeliveries


@dataclass(frozen=True)
class SlackDeps:
    """The engine, the feedback store, the access rules and the shared plumbing."""

    bot: Handler
    feedback: FeedbackStore
    access: AccessPolicy
    dedup: DeliveryClaims
    executor: Executor
    retry_handlers: list[RetryHandler]
    # Called once per Slack re-delivery dropped as already handled (e.g. for /metrics).
    on_duplicate: Callable[[], None] = lambda: None
    # Several replicas (see adapters.slack.handoff): retries parked while another replica
    # has their delivery.
    handoff: ParkedDeliveries[ParkedRequest] | None = None
    # Thread histories already read from conversations.replies (shared through Redis).
    threads: ThreadCache | None = None
    # ROLEBOT_HISTORY_TURNS: the earlier turns of a thread a reply may use.
    history_turns: int = DEFAULT_HISTORY_TURNS
