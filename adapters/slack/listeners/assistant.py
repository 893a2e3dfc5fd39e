"""The assistant pane (Slack's "Agents & AI Apps"): bolt's ``Assistant`` middleware.

A new assistant thread gets a one-line greeting and three or four suggested prompts, both
from what the knowledge covers (``bot.guide``). Each question there is answered like a DM
thread follow-up (the thread is the conversation), with Slack's status line while the bot
works and the thread titled after its first question. The channel the user is viewing
when they ask, which Slack sends as the thread's context, is what the salary allow-list
sees as "where": asking beside an allowed channel counts as asking in it.

bolt keeps the context in the metadata of the bot's first message in the thread (the
greeting); the acknowledgement half stays fast and the Web API calls run in the lazy half.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Assistant, BoltContext, Say, SetSuggestedPrompts
from slack_bolt.context.assistant.thread_context_store.default_store import (
    DefaultAssistantThreadContextStore,
)
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack.conversation import Incoming, answer_message, conversation_turns
from adapters.slack.deps import SlackDeps
from adapters.slack.history import MissingScope, read_thread
from adapters.slack.listeners.identity import acknowledge, bot_identity, message_key, user_team
from adapters.slack.mrkdwn import to_plain
from bot import Request, guide_of
from bot import messages as core_messages

log = logging.getLogger("rolebot.slack")

# Slack shows a thread's title in the pane's history; a question is cut to fit.
MAX_TITLE_CHARS = 80


def register(app: App, deps: SlackDeps) -> None:
    assistant = Assistant(logger=logging.getLogger("rolebot.slack.bolt"))

    def start_thread(
        payload: dict[str, Any], say: Say, set_suggested_prompts: SetSuggestedPrompts
    ) -> None:
        thread = payload.get("assistant_thread") or {}
        guide = guide_of(deps.bot)
        asker = Request(
            "",
            platform="slack",
            user_id=thread.get("user_id"),
            channel_id=(thread.get("context") or {}).get("channel_id") or thread.get("channel_id"),
        )
        say(guide.greeting() if guide else core_messages.GREETING_WITHOUT_GUIDE)
        prompts = guide.suggested_prompts(asker) if guide else []
        if prompts:
            try:
                set_suggested_prompts(
                    prompts=[{"title": p.title, "message": p.message} for p in prompts],
                    title=core_messages.PROMPTS_TITLE,
                )
            except SlackApiError as exc:
                log.warning("could not set suggested prompts (%s)", exc.response.get("error"))

    def save_context(payload: dict[str, Any], context: BoltContext) -> None:
        thread = payload.get("assistant_thread") or {}
        if thread.get("channel_id") and thread.get("thread_ts"):
            DefaultAssistantThreadContextStore(context).save(
                channel_id=thread["channel_id"],
                thread_ts=thread["thread_ts"],
                context=thread.get("context") or {},
            )

    def answer(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if not deps.dedup.claim(message_key(event)):
            return
        me = bot_identity(context)
        channel, thread_ts = event["channel"], event["thread_ts"]
        try:
            turns = read_thread(
                client,
                channel=channel,
                thread_ts=thread_ts,
                current_ts=event["ts"],
                me=me,
                max_turns=deps.history_turns,
            ).turns
        except MissingScope as missing:
            log.warning("assistant thread read without history: missing %s", missing.scope)
            turns = []
        text = to_plain(event.get("text", ""), bot_user_id=me.user_id)
        if not any(t.role == "user" for t in conversation_turns(turns)):
            _set_title(client, channel, thread_ts, text)
        viewed = DefaultAssistantThreadContextStore(context).find(
            channel_id=channel, thread_ts=thread_ts
        )
        incoming = Incoming(
            channel=channel,
            user=event["user"],
            ts=event["ts"],
            text=text,
            reply_ts=thread_ts,
            thread_ts=thread_ts,
            team=user_team(event, context),
            viewed_channel=viewed.channel_id if viewed else None,
            assistant=True,
        )
        answer_message(deps, client, incoming, me=me, history=turns)

    assistant.thread_started(lazy=[start_thread])(acknowledge)
    assistant.thread_context_changed(lazy=[save_context])(acknowledge)
    assistant.user_message(lazy=[answer])(acknowledge)
    app.assistant(assistant)


def _set_title(client: WebClient, channel: str, thread_ts: str, question: str) -> None:
    title = question if len(question) <= MAX_TITLE_CHARS else question[: MAX_TITLE_CHARS - 1] + "…"
    try:
        client.assistant_threads_setTitle(channel_id=channel, thread_ts=thread_ts, title=title)
    except SlackApiError as exc:  # a title is nice to have; the answer still comes
        log.info("could not title the assistant thread (%s)", exc.response.get("error"))
