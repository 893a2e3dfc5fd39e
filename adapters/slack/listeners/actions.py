"""Button clicks: 👍/👎 feedback, and sharing a private ``/salary`` or ``/jd`` reply.

A vote is stored before Slack gets its HTTP 200: Slack never resends a click it got 200
for, so a vote acknowledged and then lost in a crash would be lost for good. Only the
"thanks" message is left for later. Votes come from Slack's native feedback buttons
(``rolebot_feedback``, value ``up:<id>``/``down:<id>``) or, on older messages and surfaces
without them, from the hand-made 👍/👎 buttons (value ``<id>``); both are stored alike.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from adapters.slack import messages
from adapters.slack.blocks import (
    FEEDBACK,
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    SHARE,
    parse_feedback_value,
    render_text,
)
from adapters.slack.delivery import ResponseUrl, attach_markdown
from adapters.slack.deps import SlackDeps
from adapters.slack.layout import SlackMessage
from adapters.slack.listeners.identity import acknowledge
from adapters.slack.replies import failure, to_messages
from bot import JobDescription, Request, Vote

log = logging.getLogger("rolebot.slack")


def register(app: App, deps: SlackDeps) -> None:
    def on_feedback(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        vote: Vote = "up" if action["action_id"] == FEEDBACK_UP else "down"
        _store_vote(ack, body, vote, str(action.get("value", "")))

    def on_native_feedback(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        parsed = parse_feedback_value(str(action.get("value", "")))
        vote: Vote = "up" if parsed is not None and parsed[0] == "up" else "down"
        _store_vote(ack, body, vote, parsed[1] if parsed else "")

    def _store_vote(ack: Ack, body: dict[str, Any], vote: Vote, answer_id: str) -> None:
        try:
            saved = deps.feedback.record_vote(
                answer_id=answer_id, voter=str(body["user"]["id"]), vote=vote
            )
            parts = render_text(
                messages.THANKS_FOR_FEEDBACK if saved else messages.FEEDBACK_UNKNOWN
            )
        except Exception as exc:  # the store is unwritable: say so rather than thank
            parts = failure(exc)
        ack()
        if body.get("response_url"):
            respond = _respond(deps, body)
            deps.executor.submit(_send_quietly, respond, parts)

    def on_share(body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        respond = _respond(deps, body)
        user = body["user"]["id"]
        channel = (body.get("channel") or {}).get("id")
        try:
            shared = json.loads(action["value"])
            request = Request(
                text=shared["text"],
                platform="slack",
                intent=shared["intent"],
                user_id=user,
                channel_id=channel,
            )
            reply = deps.bot.handle(request)
            preface = messages.SHARED_BY.format(user=user)
            parts = to_messages(deps, reply, question=request.text, preface=preface)
            respond.send_all(parts, response_type="in_channel")
            respond.delete_original()
            if (
                isinstance(reply, JobDescription)
                and reply.found
                and channel
                and not attach_markdown(client, channel=channel, thread_ts=None, jd=reply)
            ):
                respond.send_all(render_text(messages.FILE_NOT_ATTACHED))
        except Exception as exc:
            try:
                respond.send_all(failure(exc))
            except Exception:
                log.exception("could not tell the user about a failure")

    app.action(FEEDBACK_UP)(on_feedback)
    app.action(FEEDBACK_DOWN)(on_feedback)
    app.action(FEEDBACK)(on_native_feedback)
    app.action(SHARE)(ack=acknowledge, lazy=[on_share])


def _send_quietly(respond: ResponseUrl, parts: list[SlackMessage]) -> None:
    """For the executor, where an exception would vanish unseen."""
    try:
        respond.send_all(parts)
    except Exception as exc:
        log.error("could not answer a vote (%s)", type(exc).__name__)


def _respond(deps: SlackDeps, body: dict[str, Any]) -> ResponseUrl:
    return ResponseUrl(body["response_url"], retry_handlers=deps.retry_handlers)
