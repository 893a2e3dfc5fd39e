"""``@rolebot question`` in a channel: answered in a thread under the question."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from adapters.slack.conversation import Incoming, answer_message
from adapters.slack.deps import SlackDeps
from adapters.slack.listeners.identity import (
    acknowledge,
    bot_identity,
    from_a_person,
    message_key,
    user_team,
)
from adapters.slack.mrkdwn import to_plain


def register(app: App, deps: SlackDeps) -> None:
    def on_mention(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if not from_a_person(event) or not deps.dedup.claim(message_key(event)):
            return
        me = bot_identity(context)
        thread_ts = event.get("thread_ts")
        incoming = Incoming(
            channel=event["channel"],
            user=event["user"],
            ts=event["ts"],
            text=to_plain(event.get("text", ""), bot_user_id=me.user_id),
            reply_ts=thread_ts or event["ts"],
            thread_ts=thread_ts,
            team=user_team(event, context),
        )
        answer_message(deps, client, incoming, me=me)

    app.event("app_mention")(ack=acknowledge, lazy=[on_mention])
