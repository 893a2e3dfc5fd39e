"""The App Home tab: published when a user opens it; its question buttons ask in the DM.

A click is acknowledged at once; the question is then posted in the user's DM with the
bot ("You asked: …") and answered in that message's thread like any DM question.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack import messages
from adapters.slack.conversation import Incoming, answer_message
from adapters.slack.deps import SlackDeps
from adapters.slack.home import HOME_ASK, home_view, parse_home_question
from adapters.slack.listeners.identity import acknowledge, bot_identity
from adapters.slack.mrkdwn import escape
from bot import guide_of

log = logging.getLogger("rolebot.slack")


def register(app: App, deps: SlackDeps) -> None:
    def publish(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") != "home" or not isinstance(event.get("user"), str):
            return
        view = home_view(guide_of(deps.bot), user=event["user"], dm_channel=event.get("channel"))
        try:
            client.views_publish(user_id=event["user"], view=view)
        except SlackApiError as exc:
            log.warning("could not publish the Home tab (%s)", exc.response.get("error"))

    def ask(
        body: dict[str, Any], action: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        parsed = parse_home_question(str(action.get("value", "")))
        user = body["user"]["id"]
        if parsed is None:
            return
        question, channel = parsed
        try:
            if channel is None:
                channel = client.conversations_open(users=user)["channel"]["id"]
            posted = client.chat_postMessage(
                channel=channel, text=messages.YOU_ASKED.format(question=escape(question))
            )
        except SlackApiError as exc:
            log.warning("could not ask a Home question in the DM (%s)", exc.response.get("error"))
            return
        incoming = Incoming(
            channel=str(channel),
            user=user,
            ts=str(posted["ts"]),
            text=question,
            reply_ts=str(posted["ts"]),
            team=body["user"].get("team_id") or context.team_id,
        )
        answer_message(deps, client, incoming, me=bot_identity(context), history=[])

    app.event("app_home_opened")(ack=acknowledge, lazy=[publish])
    app.action(re.compile(rf"^{HOME_ASK}:\d+$"))(ack=acknowledge, lazy=[ask])
