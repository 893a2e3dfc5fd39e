"""Exactly once across replicas: when a delivery's work is done, and re-running one whose
replica died.

A delivery's claim (:class:`~adapters.slack.dedup.Deduplicator`) is finished when the work
it started is: for a click stored before the acknowledgement, when the listener returns;
for everything answered after it (bolt's lazy listeners), when the lazy listener returns.
:class:`FinishingLazyRunner` replaces bolt's thread runner to know the latter.

A retry that finds its delivery still in another replica's hands is acknowledged and
parked; if that replica dies first, :class:`Redispatcher` feeds the parked request through
the app again, here, exactly as Slack sent it (signature and all).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Hashable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltRequest
from slack_bolt.lazy_listener.internals import build_runnable_function
from slack_bolt.lazy_listener.thread_runner import ThreadLazyListenerRunner

from adapters.slack.dedup import Deduplicator

log = logging.getLogger("rolebot.slack")

# The context key that marks a re-dispatched delivery: already claimed, by this replica.
TAKEN_OVER = "rolebot_taken_over"


def delivery_key(body: dict[str, Any]) -> str | None:
    """What identifies one delivery across Slack's retries: event id, else trigger id."""
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    if body.get("trigger_id"):
        return f"trigger:{body['trigger_id']}"
    return None


@dataclass(frozen=True)
class ParkedRequest:
    """A delivery as Slack sent it, to run again if its first replica dies."""

    body: str | dict[str, Any]
    headers: dict[str, Any]
    mode: str

    @classmethod
    def of(cls, request: BoltRequest) -> ParkedRequest:
        mode = getattr(request, "mode", "http")
        body: str | dict[str, Any] = request.raw_body if mode == "http" else request.body
        return cls(body=body, headers=dict(request.headers), mode=mode)


class FinishingLazyRunner(ThreadLazyListenerRunner):
    """bolt's thread runner, plus: the delivery's claim (and every key the lazy listener
    claimed, e.g. its message key) is finished when the lazy listener returns."""

    def __init__(self, logger: logging.Logger, executor: Executor, claims: Deduplicator) -> None:
        super().__init__(logger, executor)
        self._claims = claims
        self._started = threading.local()

    def start(self, function: Any, request: BoltRequest) -> None:
        key = delivery_key(request.body)
        self._started.any = True
        runnable = build_runnable_function(func=function, logger=self.logger, request=request)

        def run() -> None:
            with self._claims.work(*([key] if key else [])):
                runnable()

        self.executor.submit(run)

    def begin(self) -> None:
        """Called before the listener runs in this thread (see :meth:`started`)."""
        self._started.any = False

    def started(self) -> bool:
        """Whether the listener that just ran in this thread left work for a lazy listener."""
        return bool(getattr(self._started, "any", False))


class Redispatcher:
    """Runs a parked delivery through the app once its claim has been taken over."""

    def __init__(self, executor: Executor) -> None:
        self._executor = executor
        self._app: App | None = None

    def attach(self, app: App) -> None:
        self._app = app

    def resume(self, key: Hashable, parked: ParkedRequest) -> None:
        app = self._app
        if app is None:
            return
        request = BoltRequest(
            body=parked.body,
            headers=parked.headers,
            context={TAKEN_OVER: key},
            mode=parked.mode,
        )
        log.info("answering a delivery taken over from a replica that stopped")
        self._executor.submit(app.dispatch, request)


def install(app: App, runner: FinishingLazyRunner) -> None:
    """Make ``app`` run its lazy listeners through ``runner``."""
    app.listener_runner.lazy_listener_runner = runner
