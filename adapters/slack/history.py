"""A Slack thread as the engine's conversation: ``conversations.replies`` → ``list[Turn]``.

The thread itself is the memory, so follow-ups work after a restart and across replicas.
Pages are 15 messages, the most Slack returns per call to apps outside the Marketplace;
only messages before the current one are asked for, and at most ``MAX_PAGES`` pages.

A :class:`ThreadCache` (shared by replicas through Redis) keeps what was read: the next
message in the thread asks Slack only for what came after it (one call, usually one short
page, instead of paging through the whole thread again). An edit or deletion in the
thread drops its entry (``middleware.forget_edited_threads``); a status message not yet
turned into its answer is read again next time.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack.messages import THINKING
from adapters.slack.mrkdwn import to_plain
from bot import SharedCache, Turn
from bot.toolkit import DEFAULT_HISTORY_TURNS, recent_turns

PAGE_SIZE = 15
# 300 messages: far more than a history window needs, and a bound on calls for a very long
# thread.
MAX_PAGES = 20
# What a cache entry keeps: the parent and the latest messages, enough for any history window
# (ROLEBOT_HISTORY_TURNS).
CACHED_MESSAGES = 80
CACHE_TTL_SECONDS = 15 * 60
# The fields read below; everything else Slack sends (blocks, files, reactions) is dropped.
_KEPT = ("ts", "user", "bot_id", "subtype", "text")

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


@dataclass(frozen=True)
class CachedThread:
    """What was read of a thread: every message before ``upto`` (the parent and the latest
    ``CACHED_MESSAGES``), and whether the bot wrote any of them."""

    upto: str
    messages: dict[str, dict[str, Any]]
    bot_joined: bool


class ThreadCache:
    """Threads already read, by channel and thread ts."""

    def __init__(self, cache: SharedCache) -> None:
        self.cache = cache

    @classmethod
    def build(cls, shared: Any) -> ThreadCache:
        """On ``shared`` (a :class:`bot.state.SharedState`)."""
        return cls(shared.cache(namespace="slack:thread", ttl=CACHE_TTL_SECONDS, max_local=2000))

    def get(self, channel: str, thread_ts: str) -> CachedThread | None:
        raw = self.cache.get(_cache_key(channel, thread_ts))
        if raw is None:
            return None
        try:
            entry = json.loads(raw)
            messages = {str(m["ts"]): m for m in entry["messages"]}
            return CachedThread(str(entry["upto"]), messages, bool(entry["bot_joined"]))
        except (ValueError, KeyError, TypeError):
            return None

    def put(self, channel: str, thread_ts: str, thread: CachedThread) -> None:
        ordered = sorted(thread.messages.values(), key=_ts)
        kept = ordered[:1] + ordered[1:][-(CACHED_MESSAGES - 1) :]  # the parent, then the latest
        entry = {
            "upto": thread.upto,
            "bot_joined": thread.bot_joined,
            "messages": [{k: m[k] for k in _KEPT if k in m} for m in kept],
        }
        self.cache.put(_cache_key(channel, thread_ts), json.dumps(entry, ensure_ascii=False))

    def forget(self, channel: str, thread_ts: str) -> None:
        self.cache.delete(_cache_key(channel, thread_ts))


def _cache_key(channel: str, thread_ts: str) -> str:
    return f"{channel}:{thread_ts}"


def _ts(message: dict[str, Any]) -> float:
    return float(message.get("ts", "0"))


def read_thread(
    client: WebClient,
    *,
    channel: str,
    thread_ts: str,
    current_ts: str,
    me: BotIdentity,
    cache: ThreadCache | None = None,
    max_turns: int = DEFAULT_HISTORY_TURNS,
) -> Thread:
    """The thread's latest ``max_turns`` turns before ``current_ts``; other bots' messages
    are left out.

    Raises :class:`MissingScope` when Slack refuses for lack of a scope.
    """
    cached = cache.get(channel, thread_ts) if cache is not None else None
    joined_before = False
    if cached is not None and float(cached.upto) <= float(current_ts):
        new = _fetch(client, channel, thread_ts, current_ts, oldest=cached.upto)
        messages = {**cached.messages, **new}
        joined_before = cached.bot_joined
    else:
        messages = _fetch(client, channel, thread_ts, current_ts)
    messages = {ts: m for ts, m in messages.items() if _ts(m) < float(current_ts)}
    thread = _turns(messages, me=me, max_turns=max_turns)
    bot_joined = thread.bot_joined or joined_before
    if cache is not None:
        # A status message still "thinking" will change: read from it again next time.
        pending = [m for m in messages.values() if me.wrote(m) and m.get("text") == THINKING]
        upto = min((str(m["ts"]) for m in pending), key=float, default=current_ts)
        settled = {ts: m for ts, m in messages.items() if _ts(m) < float(upto)}
        cache.put(channel, thread_ts, CachedThread(upto, settled, bot_joined))
    return Thread(turns=thread.turns, bot_joined=bot_joined)


def _fetch(
    client: WebClient, channel: str, thread_ts: str, current_ts: str, *, oldest: str | None = None
) -> dict[str, dict[str, Any]]:
    """Messages before ``current_ts`` (from ``oldest`` on, inclusive, when given), by ts."""
    messages: dict[str, dict[str, Any]] = {}  # by ts: a page may repeat the parent message
    cursor: str | None = None
    window: dict[str, Any] = {"latest": current_ts, "inclusive": False}
    if oldest is not None:  # "inclusive" applies to both ends: the current message is dropped
        window = {"latest": current_ts, "oldest": oldest, "inclusive": True}
    for _ in range(MAX_PAGES):
        try:
            page = client.conversations_replies(
                channel=channel, ts=thread_ts, limit=PAGE_SIZE, cursor=cursor, **window
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
    return messages


def _turns(messages: dict[str, dict[str, Any]], *, me: BotIdentity, max_turns: int) -> Thread:
    turns: list[Turn] = []
    joined = False
    for message in sorted(messages.values(), key=_ts):
        if me.wrote(message):
            joined = True
            text = to_plain(message.get("text", ""))
            if text and message.get("text") != THINKING:  # skip file posts and statuses
                _append(turns, Turn("assistant", text))
        elif not message.get("bot_id") and message.get("subtype") in (None, "thread_broadcast"):
            text = to_plain(message.get("text", ""), bot_user_id=me.user_id)
            if text:
                _append(turns, Turn("user", text))
    return Thread(turns=recent_turns(turns, max_turns), bot_joined=joined)


def _append(turns: list[Turn], turn: Turn) -> None:
    """Merge consecutive turns by the same side (a long answer spans several messages)."""
    if turns and turns[-1].role == turn.role and turn.role == "assistant":
        turns[-1] = Turn("assistant", f"{turns[-1].text}\n{turn.text}")
    else:
        turns.append(turn)
