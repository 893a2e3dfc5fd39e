"""Plain messages: every DM is a question; in channels, replies in a thread the bot is in.

Channel messages that @-mention the bot are left to the ``app_mention`` listener.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from adapters.slack.conversation import Incoming, answer_message
from adapters.slack.deps import SlackDeps
from adapters.slack.history import MissingScope, read_thread
from adapters.slack.listeners.identity import (
    acknowledge,
    bot_identity,
    from_a_person,
    message_key,
    user_team,
)
from adapters.slack.mrkdwn import mentions, to_plain

log = logging.getLogger("rolebot.slack")


def register(app: App, deps: SlackDeps) -> None:
    def on_message(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if not from_a_person(event):
            return
        me = bot_identity(context)
        text = event.get("text", "")
        is_dm = event.get("channel_type") == "im"
        thread_ts = event.get("thread_ts")
        if not is_dm and mentions(text, me.user_id):
            return  # the app_mention listener answers this one
        if not is_dm and (not thread_ts or thread_ts == event["ts"]):
            return  # ordinary channel chatter
        history = None
        if thread_ts and not is_dm:
            try:
                thread = read_thread(
                    client,
                    channel=event["channel"],
                    thread_ts=thread_ts,
                    current_ts=event["ts"],
                    me=me,
                    cache=deps.threads,
                    max_turns=deps.history_turns,
                )
            except MissingScope as missing:  # cannot tell whether it is our thread: stay out
                log.warning("thread reply ignored: missing Slack scope %s", missing.scope)
                return
            if not thread.bot_joined:
                return  # someone else's thread
            history = thread.turns
        if not deps.dedup.claim(message_key(event)):
            return
        incoming = Incoming(
            channel=event["channel"],
            user=event["user"],
            ts=event["ts"],
            text=to_plain(text, bot_user_id=me.user_id),
            reply_ts=thread_ts,
            thread_ts=thread_ts,
            team=user_team(event, context),
        )
        answer_message(deps, client, incoming, me=me, history=history)

    app.event("message")(ack=acknowledge, lazy=[on_message])
