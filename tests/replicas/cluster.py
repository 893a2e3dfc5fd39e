"""Replicas for the tests: each one a Slack app, a Teams app and an ops endpoint, with its own
engine, Redis connection, replica id and feedback-store connection, as separate processes
would have; they share only what production replicas share (Redis, PostgreSQL, the index).
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from adapters.slack.app import build_slack_app
from adapters.slack.server import make_http_server
from adapters.teams.app import build_teams_app
from bot.feedback import FeedbackStore
from bot.ops.server import OpsServer, start_ops_server
from bot.settings import Settings
from bot.state import SharedState
from tests.fakes.slack_api import FakeSlack
from tests.slack.harness import SIGNING_SECRET, SlackClientSide
from tests.teams.running import RunningServer


def answer_id_in(message: dict[str, Any]) -> str | None:
    """The answer id a message's 👍/👎 carry: classic buttons (``feedback_up``) or Slack's
    native ``feedback_buttons`` (values ``up:<id>``). A click on a classic ``feedback_up``
    button with this id stores a vote either way."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == "feedback_up":
                return str(element.get("value", ""))
            if element.get("type") == "feedback_buttons":
                return str(element["positive_button"]["value"]).removeprefix("up:")
    return None


@dataclass
class Replica:
    """One running replica; :meth:`stop` shuts it down the way a deploy does."""

    name: str
    settings: Settings
    engine: Any
    shared: SharedState
    feedback: FeedbackStore
    slack: SlackClientSide
    teams: RunningServer
    ops: OpsServer
    duplicates: list[str] = field(default_factory=list)
    _stack: ExitStack = field(default_factory=ExitStack)

    def readyz(self) -> tuple[int, dict[str, Any]]:
        url = f"http://127.0.0.1:{self.ops.port}/readyz"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def stop(self) -> None:
        self._stack.close()


def start_replica(
    name: str, settings: Settings, engine: Any, fake_slack: FakeSlack, *, redis: bool = True
) -> Replica:
    """Starts every part of a replica on free ports; ``Replica.stop`` undoes it all."""
    stack = ExitStack()
    shared = SharedState.from_settings(settings) if redis else SharedState()
    shared.start()
    stack.callback(shared.stop)
    feedback = FeedbackStore.open(settings)
    stack.callback(feedback.close)
    duplicates: list[str] = []

    executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix=f"replica-{name}")
    app = build_slack_app(
        settings,
        engine,
        feedback,
        executor=executor,
        shared=shared,
        on_duplicate=lambda: duplicates.append("slack"),
    )
    server = make_http_server(app, host="127.0.0.1", port=0, signing_secret=SIGNING_SECRET)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    stack.callback(executor.shutdown, wait=True)
    stack.callback(server.server_close)
    stack.callback(server.shutdown)
    slack = SlackClientSide(f"http://127.0.0.1:{server.server_port}/slack/events", fake_slack)

    teams_app = build_teams_app(
        settings,
        engine=engine,
        feedback=feedback,
        shared=shared,
        on_duplicate=lambda: duplicates.append("teams"),
    )
    teams = stack.enter_context(RunningServer(teams_app))

    ops = start_ops_server(engine, settings, 0, host="127.0.0.1", shared=shared, feedback=feedback)
    stack.callback(ops.stop)
    return Replica(
        name=name,
        settings=settings,
        engine=engine,
        shared=shared,
        feedback=feedback,
        slack=slack,
        teams=teams,
        ops=ops,
        duplicates=duplicates,
        _stack=stack,
    )
