"""Answering a message in its thread: status, thread history, engine, Block Kit, file.

Used for @-mentions, DMs and follow-ups alike; whatever fails, the user gets a reply.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient

from adapters.slack import messages
from adapters.slack.blocks import render_text
from adapters.slack.delivery import attach_markdown, post_in_thread
from adapters.slack.deps import SlackDeps
from adapters.slack.history import BotIdentity, MissingScope, read_thread
from adapters.slack.layout import SlackMessage
from adapters.slack.replies import failure, to_messages
from bot.models import JobDescription, Request, Turn

log = logging.getLogger("rolebot.slack")


@dataclass(frozen=True)
class Incoming:
    """A message addressed to the bot. ``reply_ts`` is the thread to answer in (None: top level)."""

    channel: str
    user: str
    ts: str
    text: str
    reply_ts: str | None
    thread_ts: str | None = None


def answer_message(
    deps: SlackDeps,
    client: WebClient,
    message: Incoming,
    *,
    me: BotIdentity,
    history: list[Turn] | None = None,
) -> None:
    """Show a status, answer with the thread as context, replace the status with the answer."""
    status_ts = _post_status(client, message)
    try:
        preface = None
        if history is None and message.thread_ts:
            try:
                history = read_thread(
                    client,
                    channel=message.channel,
                    thread_ts=message.thread_ts,
                    current_ts=message.ts,
                    me=me,
                    cache=deps.threads,
                ).turns
            except MissingScope as missing:
                # Answer anyway, without the thread, and tell whoever reads it what to fix.
                log.warning("cannot read thread history: missing Slack scope %s", missing.scope)
                preface = messages.MISSING_SCOPE.format(scope=missing.scope or "history")
        request = Request(
            text=message.text,
            history=history or [],
            platform="slack",
            user_id=message.user,
            channel_id=message.channel,
        )
        reply = deps.bot.handle(request)
        parts = to_messages(deps, reply, question=message.text, preface=preface)
        _post(client, message, parts, status_ts)
        if (
            isinstance(reply, JobDescription)
            and reply.found
            and not attach_markdown(
                client, channel=message.channel, thread_ts=message.reply_ts, jd=reply
            )
        ):
            _post(client, message, render_text(messages.FILE_NOT_ATTACHED), None)
    except Exception as exc:
        try:
            _post(client, message, failure(exc), status_ts)
        except Exception:
            log.exception("could not tell the user about a failure")


def _post_status(client: WebClient, message: Incoming) -> str | None:
    try:
        response = client.chat_postMessage(
            channel=message.channel, thread_ts=message.reply_ts, text=messages.THINKING
        )
    except Exception as exc:  # the answer matters more than the status
        log.warning("could not post the status message: %s", type(exc).__name__)
        return None
    ts = response.get("ts")
    return ts if isinstance(ts, str) else None


def _post(
    client: WebClient, message: Incoming, parts: list[SlackMessage], status_ts: str | None
) -> None:
    post_in_thread(
        client,
        channel=message.channel,
        thread_ts=message.reply_ts,
        parts=parts,
        replace_ts=status_ts,
    )
