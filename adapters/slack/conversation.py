"""Answering a message in its thread: status, thread history, engine, Block Kit, file.

Used for @-mentions, DMs, follow-ups and the assistant pane alike; whatever fails, the user
gets a reply. While the bot works the user sees a status: a "thinking…" message that turns
into the answer, or in the assistant pane Slack's own status line. An answer the model
writes is streamed into the thread as it is written (``adapters.slack.streaming``);
everything else is posted whole.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack import messages
from adapters.slack.blocks import render_text
from adapters.slack.delivery import attach_markdown, post_in_thread
from adapters.slack.deps import SlackDeps
from adapters.slack.history import BotIdentity, MissingScope, read_thread
from adapters.slack.layout import SlackMessage
from adapters.slack.replies import failure, to_messages
from adapters.slack.streaming import StreamedMessage, StreamTarget
from bot import JobDescription, Reply, Request, Turn
from bot.toolkit import (
    STREAMING,
    StreamEvent,
    StreamPacer,
    paced,
    remember_answer,
    reply_events,
)

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
    team: str | None = None
    # In the assistant pane: the channel the user is looking at (for the salary allow-list)
    # and whether Slack's status line stands in for the "thinking…" message.
    viewed_channel: str | None = None
    assistant: bool = False


def answer_message(
    deps: SlackDeps,
    client: WebClient,
    message: Incoming,
    *,
    me: BotIdentity,
    history: list[Turn] | None = None,
) -> None:
    """Show a status, answer with the thread as context, replace the status with the answer."""
    status_ts = _show_status(client, message)
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
                    max_turns=deps.history_turns,
                ).turns
            except MissingScope as missing:
                # Answer anyway, without the thread, and tell whoever reads it what to fix.
                log.warning("cannot read thread history: missing Slack scope %s", missing.scope)
                preface = messages.MISSING_SCOPE.format(scope=missing.scope or "history")
        request = Request(
            text=message.text,
            history=conversation_turns(history or []),
            platform="slack",
            user_id=message.user,
            channel_id=message.viewed_channel or message.channel,
        )
        events = reply_events(deps.bot, request)
        first = next(events)
        if first is STREAMING:
            reply = _stream(deps, client, message, events, status_ts=status_ts, preface=preface)
        else:
            assert isinstance(first, Reply)  # a stream's text only follows the marker
            reply = first
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


def conversation_turns(turns: list[Turn]) -> list[Turn]:
    """The turns without the bot's opening lines (a greeting is not part of the question)."""
    first_user = next((i for i, t in enumerate(turns) if t.role == "user"), len(turns))
    return turns[first_user:]


def _stream(
    deps: SlackDeps,
    client: WebClient,
    message: Incoming,
    events: Iterator[StreamEvent],
    *,
    status_ts: str | None,
    preface: str | None,
) -> Reply:
    """Write the model's answer into the thread as it comes; returns the final reply."""
    target = StreamTarget(
        channel=message.channel,
        thread_ts=message.reply_ts or message.ts,
        user=message.user,
        team=message.team,
        fallback_thread_ts=message.reply_ts,
        status_ts=status_ts,
    )
    streamed = StreamedMessage(client, target)
    final: Reply | None = None
    status_shown = status_ts is not None
    for event in paced(events, StreamPacer()):
        if isinstance(event, str):
            streamed.append(event)
            if status_shown and streamed.streaming:
                status_shown = not _delete(client, message.channel, status_ts)
        elif isinstance(event, Reply):
            final = event
    assert final is not None
    answer_id = remember_answer(deps.feedback, final, platform="slack", question=message.text)
    parts = to_messages(deps, final, question=message.text, preface=preface, answer_id=answer_id)
    streamed.finish(final, answer_id=answer_id, parts=parts)
    return final


def _show_status(client: WebClient, message: Incoming) -> str | None:
    """Slack's status line in the assistant pane; elsewhere a message the answer replaces."""
    if message.assistant:
        try:
            client.assistant_threads_setStatus(
                channel_id=message.channel,
                thread_ts=message.reply_ts or message.ts,
                status=messages.ASSISTANT_STATUS,
            )
            return None
        except SlackApiError as exc:  # not an assistant thread after all: post a status
            log.info("no assistant status here (%s)", exc.response.get("error"))
    try:
        response = client.chat_postMessage(
            channel=message.channel, thread_ts=message.reply_ts, text=messages.THINKING
        )
    except Exception as exc:  # the answer matters more than the status
        log.warning("could not post the status message: %s", type(exc).__name__)
        return None
    ts = response.get("ts")
    return ts if isinstance(ts, str) else None


def _delete(client: WebClient, channel: str, ts: str | None) -> bool:
    if ts is None:
        return True
    try:
        client.chat_delete(channel=channel, ts=ts)
    except SlackApiError as exc:
        log.info("could not remove the status message (%s)", exc.response.get("error"))
        return False
    return True


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
