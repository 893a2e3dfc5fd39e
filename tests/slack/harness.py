"""Drives the real Slack app over real HTTP, the way Slack does: signed requests, retries.

The app runs on 127.0.0.1 with a free port in a background thread and talks to
:class:`tests.fakes.slack_api.FakeSlack` instead of slack.com.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from adapters.slack.app import build_slack_app
from adapters.slack.server import make_http_server
from bot.feedback import FeedbackStore
from bot.settings import Settings
from bot.toolkit import Handler
from tests.fakes.slack_api import BOT_USER_ID, TEAM_ID, FakeSlack

SIGNING_SECRET = "test-signing-secret"
USER = "U1"
CHANNEL = "C1"


class WorkTracker(ThreadPoolExecutor):
    """The app's listener pool, counting work it was given and work that finished.

    Bolt queues every lazy listener (the real work after an acknowledgement) on this pool
    before the HTTP response goes back to Slack, and our own background posts go here too.
    So once every response is in, "no work left" means every handler has run to the end:
    a test can then assert that *nothing else* happened without waiting for a later message.
    """

    def __init__(self, max_workers: int, thread_name_prefix: str = "") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._idle = threading.Condition()
        self._pending = 0
        self.finished = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            with self._idle:
                self._pending -= 1
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._idle:
            self._pending -= 1
            self.finished += 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 15.0) -> int:
        """Block until all submitted work has finished; returns how much work ever finished."""
        with self._idle:
            if not self._idle.wait_for(lambda: self._pending == 0, timeout):
                raise AssertionError(f"{self._pending} handler(s) still running after {timeout} s")
            return self.finished


@dataclass(frozen=True)
class HttpResult:
    status: int
    body: str
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case

    def json(self) -> Any:
        return json.loads(self.body)


class SlackClientSide:
    """Plays Slack's part: signs and sends events, commands and button clicks."""

    def __init__(self, url: str, fake: FakeSlack, *, work: WorkTracker | None = None) -> None:
        self.url = url
        self.fake = fake
        self.work = work
        self._ids = itertools.count(1)

    def wait_idle(self) -> int:
        """Every handler started by the requests sent so far has finished (see WorkTracker);
        returns how many pieces of work have finished in total."""
        assert self.work is not None, "only an app started by running_slack_app is tracked"
        return self.work.wait_idle()

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        signed: bool = True,
        retry_num: int | None = None,
    ) -> HttpResult:
        headers = {"Content-Type": content_type}
        if signed:
            ts = str(timestamp if timestamp is not None else int(time.time()))
            verifier = SignatureVerifier(SIGNING_SECRET)
            headers["X-Slack-Request-Timestamp"] = ts
            sig = verifier.generate_signature(timestamp=ts, body=body)
            headers["X-Slack-Signature"] = signature or sig or ""
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        request = urllib.request.Request(self.url, data=body.encode(), headers=headers)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read().decode()
                status = response.status
                got = {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as exc:
            got = {k.lower(): v for k, v in exc.headers.items()}
            text, status = exc.read().decode(), exc.code
        return HttpResult(status, text, time.monotonic() - started, got)

    def event_body(self, event: dict[str, Any], *, event_id: str, team_id: str = TEAM_ID) -> str:
        return json.dumps(
            {
                "token": "legacy",
                "team_id": team_id,
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                "event": event,
            }
        )

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        team_id: str = TEAM_ID,
        retry_num: int | None = None,
    ) -> HttpResult:
        body = self.event_body(event, event_id=event_id or self.new_id("Ev"), team_id=team_id)
        return self.post(body, "application/json", retry_num=retry_num)

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):04d}"

    def user_message(
        self,
        text: str,
        *,
        channel: str = CHANNEL,
        user: str = USER,
        thread_ts: str | None = None,
        channel_type: str = "channel",
        event_type: str = "message",
    ) -> dict[str, Any]:
        """A person's message, also put into the fake's history (as Slack would have it)."""
        ts = self.fake.next_ts()
        message: dict[str, Any] = {"user": user, "text": text, "ts": ts, "team": TEAM_ID}
        if thread_ts:
            message["thread_ts"] = thread_ts
        self.fake.add_message(channel, **message)
        event = {**message, "type": event_type, "channel": channel}
        if event_type == "message":
            event["channel_type"] = channel_type
        return event

    def mention(self, question: str, **kwargs: Any) -> dict[str, Any]:
        """``@rolebot question``: sent as Slack does, as app_mention and as message."""
        event = self.user_message(
            f"<@{BOT_USER_ID}> {question}", event_type="app_mention", **kwargs
        )
        assert self.event(event).status == 200
        as_message = {**event, "type": "message", "channel_type": "channel"}
        assert self.event(as_message).status == 200
        return event

    def command(
        self,
        name: str,
        text: str,
        *,
        user: str = USER,
        channel: str = CHANNEL,
        team_id: str = TEAM_ID,
        trigger_id: str | None = None,
    ) -> tuple[HttpResult, str]:
        """A slash command; returns the HTTP result and the name of its response_url."""
        reply_to = self.new_id("cmd")
        body = urlencode(
            {
                "token": "legacy",
                "team_id": team_id,
                "channel_id": channel,
                "user_id": user,
                "command": name,
                "text": text,
                "response_url": self.fake.response_url(reply_to),
                "trigger_id": trigger_id or self.new_id("trigger"),
                "api_app_id": "A1",
            }
        )
        return self.post(body, "application/x-www-form-urlencoded"), reply_to

    def click(
        self, action_id: str, value: str, *, user: str = USER, channel: str = CHANNEL
    ) -> tuple[HttpResult, str]:
        """A button click on one of our messages; returns the result and response_url name."""
        reply_to = self.new_id("click")
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": "A1",
            "channel": {"id": channel},
            "container": {"type": "message", "channel_id": channel, "is_ephemeral": True},
            "trigger_id": self.new_id("trigger"),
            "response_url": self.fake.response_url(reply_to),
            "actions": [
                {"type": "button", "action_id": action_id, "block_id": "b", "value": value}
            ],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded"), reply_to

    def click_feedback(
        self, value: str, *, user: str = USER, channel: str = CHANNEL, user_team: str = TEAM_ID
    ) -> tuple[HttpResult, str]:
        """A click on Slack's native 👍 or 👎 (``value`` from :func:`feedback`); ``user_team``
        is the clicker's own workspace (another one in a channel shared with it)."""
        reply_to = self.new_id("click")
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": user, "team_id": user_team},
            "api_app_id": "A1",
            "channel": {"id": channel},
            "container": {"type": "message", "channel_id": channel, "is_ephemeral": False},
            "trigger_id": self.new_id("trigger"),
            "response_url": self.fake.response_url(reply_to),
            "actions": [
                {
                    "type": "feedback_buttons",
                    "action_id": "rolebot_feedback",
                    "block_id": "rolebot_feedback",
                    "value": value,
                }
            ],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded"), reply_to

    # Reading what the user sees

    def responses(self, name: str) -> list[dict[str, Any]]:
        return [c.args for c in self.fake.calls_to("respond") if c.target == name]

    def wait_responses(self, name: str, count: int = 1) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.fake.wait_for(
            lambda: (r := self.responses(name)) and len(r) >= count and r,
            what=f"{count} response(s) to {name}",
        )
        return found

    def wait_answer(self, channel: str, thread_ts: str | None) -> list[dict[str, Any]]:
        """The bot's finished messages in a thread (or at top level when ``thread_ts`` is None)."""

        def finished() -> list[dict[str, Any]]:
            mine = self.bot_messages(channel, thread_ts)
            if mine and all(m.get("blocks") for m in mine):
                return mine
            return []

        answer: list[dict[str, Any]] = self.fake.wait_for(
            finished, what=f"an answer in {channel}/{thread_ts}"
        )
        return answer

    def bot_messages(self, channel: str, thread_ts: str | None) -> list[dict[str, Any]]:
        with_thread = [
            m
            for m in self.fake.threads.get(channel, [])
            if m.get("user") == BOT_USER_ID and m.get("thread_ts") == thread_ts
        ]
        return sorted(with_thread, key=lambda m: float(m["ts"]))


def visible_text(message: dict[str, Any]) -> str:
    """Everything a person reads in a message, in order: a streamed message's text, then
    its blocks (a posted message shows its blocks, its ``text`` is for notifications)."""
    parts: list[str] = [message.get("text", "")] if message.get("streaming") else []
    for block in message.get("blocks") or []:
        if "text" in block:
            parts.append(block["text"]["text"])
        parts += [f["text"] for f in block.get("fields") or []]
        parts += [e["text"] for e in block.get("elements") or [] if e.get("type") == "mrkdwn"]
        parts += [
            e["text"]["text"]
            for e in block.get("elements") or []
            if "text" in e and isinstance(e["text"], dict)
        ]
    return "\n".join(parts)


def feedback(message: dict[str, Any]) -> dict[str, str]:
    """``{"up": value, "down": value}`` of the native 👍/👎 in a message (empty if none)."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if block["type"] == "context_actions" and element["type"] == "feedback_buttons":
                return {
                    "up": element["positive_button"]["value"],
                    "down": element["negative_button"]["value"],
                }
    return {}


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """action_id -> value of every classic button in a message."""
    return {
        e["action_id"]: e.get("value", "")
        for b in message.get("blocks") or []
        if b["type"] == "actions"
        for e in b["elements"]
    }


@contextmanager
def running_slack_app(
    settings: Settings, bot: Handler, feedback: FeedbackStore, fake: FakeSlack
) -> Iterator[SlackClientSide]:
    """The real app on a free local port; waits for in-flight replies before stopping."""
    executor = WorkTracker(max_workers=8, thread_name_prefix="test-slack")
    app = build_slack_app(settings, bot, feedback, executor=executor)
    server = make_http_server(app, host="127.0.0.1", port=0, signing_secret=SIGNING_SECRET)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/slack/events"
        yield SlackClientSide(url, fake, work=executor)
    finally:
        server.shutdown()
        server.server_close()
        executor.shutdown(wait=True)
