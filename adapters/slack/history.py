"""A Slack thread as the engine's conversation: ``conversations.replies`` → ``list[Turn]``.

The thread itself is the memory, so follow-ups work after a restart and across replicas.
Pages are 15 messages, the most Slack returns per call to apps outside the Marketplace;
only messages before the current one are asked for, and at most ``MAX_PAGES`` pages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack.messages import THINKING
from adapters.slack.mrkdwn import to_plain
from bot.models import Turn

MAX_TURNS = 20
PAGE_SIZE = 15
# 300 messages: far more than MAX_TURNS needs, and a bound on calls for a very long thread.
MAX_PAGES = 20

log = logging.getLogger("rolebot.slack")


class MissingScope(Exception):
    """The app was installed without a scope it needs here, e.g. ``mpim:history`` for group
    DMs; ``scope`` is the one Slack names, so the reply can tell an admin what to add."""

    def __init__(self, scope: str) -> None:
        super().__init__(scope)
        self.scope = scope


@dataclass(frozen=True)
class BotIdentity:
    """How the bot recognises its own messages (from ``auth.test``)."""

    user_id: str
    bot_id: str | None = None

    def wrote(self, message: dict[str, Any]) -> bool:
        return message.get("user") == self.user_id or (
            self.bot_id is not None and message.get("bot_id") == self.bot_id
        )


@dataclass(frozen=True)
class Thread:
    """Earlier turns of a thread and whether the bot has taken part in it."""

    turns: list[Turn]
    bot_joined: bool


def read_thread(
    client: WebClient, *, channel: str, thread_ts: str, current_ts: str, me: BotIdentity
) -> Thread:
    """The thread's turns before ``current_ts``; other bots' messages are left out.

    Raises :class:`MissingScope` when Slack refuses for lack of a scope.
    """
    messages: dict[str, dict[str, Any]] = {}  # by ts: a page may repeat the parent message
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        try:
            page = client.conversations_replies(
                channel=channel,
                ts=thread_ts,
                latest=current_ts,
                inclusive=False,
                limit=PAGE_SIZE,
                cursor=cursor,
            )
        except SlackApiError as exc:
            if exc.response.get("error") == "missing_scope":
                raise MissingScope(str(exc.response.get("needed") or "")) from exc
            if not messages:
                raise
            log.warning("thread read stopped after %d messages: %s", len(messages), exc)
            break  # answer with the part of the thread already read
        for message in page.get("messages") or []:
            messages[str(message.get("ts", "0"))] = message
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            break
    turns: list[Turn] = []
    joined = False
    for message in sorted(messages.values(), key=lambda m: float(m.get("ts", "0"))):
        if float(message.get("ts", "0")) >= float(current_ts):
            continue  # only what was said before this message
        if me.wrote(message):
            joined = True
            text = to_plain(message.get("text", ""))
            if text and message.get("text") != THINKING:  # skip file posts and statuses
                _append(turns, Turn("assistant", text))
        elif not message.get("bot_id") and message.get("subtype") in (None, "thread_broadcast"):
            text = to_plain(message.get("text", ""), bot_user_id=me.user_id)
            if text:
                _append(turns, Turn("user", text))
    return Thread(turns=turns[-MAX_TURNS:], bot_joined=joined)


def _append(turns: list[Turn], turn: Turn) -> None:
    """Merge consecutive turns by the same side (a long answer spans several messages)."""
    if turns and turns[-1].role == turn.role and turn.role == "assistant":
        turns[-1] = Turn("assistant", f"{turns[-1].text}\n{turn.text}")
    else:
        turns.append(turn)
