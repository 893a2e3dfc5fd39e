"""Exactly once across replicas: when a delivery's work is done, and re-running one whose
replica died.

A delivery's claim (:class:`~bot.toolkit.DeliveryClaims`) is finished when the work
it started is: for a click stored before the acknowledgement, when the listener returns;
for everything answered after it (bolt's lazy listeners), when the lazy listener returns.
bolt runs middleware before any listener (``next()`` only lets it go on), so neither is
visible from a middleware: :class:`FinishingListenerRunner` and :class:`FinishingLazyRunner`
extend bolt's thread runners to see both.

A retry that finds its delivery still in another replica's hands is acknowledged and
parked; if that replica dies first, :class:`Redispatcher` feeds the parked request through
the app again, here, exactly as Slack sent it (signature and all).
"""

from __future__ import annotations

import logging
from collections.abc import Hashable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltRequest
from slack_bolt.lazy_listener.internals import build_runnable_function
from slack_bolt.lazy_listener.thread_runner import ThreadLazyListenerRunner
from slack_bolt.listener import Listener
from slack_bolt.listener.thread_runner import ThreadListenerRunner
from slack_bolt.response import BoltResponse

from bot.toolkit import DeliveryClaims

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

    def __init__(self, logger: logging.Logger, executor: Executor, claims: DeliveryClaims) -> None:
        super().__init__(logger, executor)
        self._claims = claims

    def start(self, function: Any, request: BoltRequest) -> None:
        key = delivery_key(request.body)
        runnable = build_runnable_function(func=function, logger=self.logger, request=request)

        def run() -> None:
            with self._claims.work(*([key] if key else [])):
                runnable()

        self.executor.submit(run)


class FinishingListenerRunner(ThreadListenerRunner):
    """bolt's listener runner, plus: a listener with no lazy part (a 👍/👎 click, stored
    before its 200) finishes its delivery's claim when it returns."""

    def __init__(self, *, claims: DeliveryClaims, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._claims = claims

    def run(
        self,
        request: BoltRequest,
        response: BoltResponse,
        listener_name: str,
        listener: Listener,
        starting_time: float | None = None,
    ) -> BoltResponse | None:
        try:
            return super().run(request, response, listener_name, listener, starting_time)
        finally:
            key = delivery_key(request.body)
            if key is not None and not listener.lazy_functions and not request.lazy_only:
                self._claims.finish(key)


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


def install(app: App, claims: DeliveryClaims, executor: Executor) -> None:
    """Make ``app`` run its listeners through the finishing runners (before ``app.error``)."""
    bolt = app.listener_runner
    lazy = FinishingLazyRunner(bolt.logger, executor, claims)
    # bolt builds its runner in App.__init__ and offers no parameter for another one.
    app._listener_runner = FinishingListenerRunner(
        claims=claims,
        logger=bolt.logger,
        process_before_response=bolt.process_before_response,
        listener_error_handler=bolt.listener_error_handler,
        listener_start_handler=bolt.listener_start_handler,
        listener_completion_handler=bolt.listener_completion_handler,
        listener_executor=bolt.listener_executor,
        lazy_listener_runner=lazy,
    )
