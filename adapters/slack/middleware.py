"""Global middleware: drop Slack's repeat deliveries, turn away workspaces not served,
forget cached threads whose messages were edited or deleted.

They run after bolt's signature check and its own-message filter, and answer Slack at once:
none waits on the Web API, so the 3-second acknowledgement deadline is never at risk.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient

from adapters.slack import messages
from adapters.slack.delivery import ResponseUrl
from adapters.slack.deps import SlackDeps
from adapters.slack.handoff import TAKEN_OVER, ParkedRequest, delivery_key
from adapters.slack.layout import SlackMessage
from bot.toolkit import Claim

Next = Callable[[], BoltResponse]


def install(app: App, deps: SlackDeps) -> None:
    """Register the middleware on ``app`` in the order they must run."""

    def drop_repeats(
        body: dict[str, Any], context: BoltContext, request: BoltRequest, next: Next
    ) -> BoltResponse:
        key = delivery_key(body)
        if key is None:
            return next()
        if context.get(TAKEN_OVER) != key:  # else: claimed here, from a replica that died
            outcome = deps.dedup.try_claim(key)
            if outcome is not Claim.OWNED:
                if outcome is Claim.BUSY and deps.handoff is not None:
                    deps.handoff.park(key, ParkedRequest.of(request))
                deps.on_duplicate()
                return BoltResponse(status=200, body="")
        return next()  # finished when its work is (adapters.slack.handoff)

    def forget_edited_threads(body: dict[str, Any], next: Next) -> BoltResponse:
        event = body.get("event") or {}
        if deps.threads is not None and event.get("subtype") in EDITS:
            changed = event.get("message") or event.get("previous_message") or {}
            if isinstance(changed, dict) and changed.get("thread_ts") and event.get("channel"):
                deps.threads.forget(str(event["channel"]), str(changed["thread_ts"]))
        return next()

    def serve_allowed_teams(
        body: dict[str, Any], context: BoltContext, client: WebClient, next: Next
    ) -> BoltResponse:
        if deps.access.serves(_team_ids(body, context)):
            return next()
        return _refuse(deps, body, client)

    app.use(drop_repeats)
    app.use(serve_allowed_teams)
    app.use(forget_edited_threads)


# A thread's cached history is wrong once one of its messages changes.
EDITS = ("message_changed", "message_deleted")


def addressed_to_bot(event: dict[str, Any]) -> bool:
    """An @-mention, or a person's direct message to the bot."""
    if event.get("bot_id") or event.get("subtype") not in (None, "file_share"):
        return False
    return event.get("type") == "app_mention" or event.get("channel_type") == "im"


def _team_ids(body: dict[str, Any], context: BoltContext) -> list[str | None]:
    event = body.get("event") or {}
    user = body.get("user") or {}
    return [context.team_id, event.get("user_team"), event.get("team"), user.get("team_id")]


def _refuse(deps: SlackDeps, body: dict[str, Any], client: WebClient) -> BoltResponse:
    refusal = messages.TEAM_NOT_ALLOWED
    if body.get("command"):
        payload = {"response_type": "ephemeral", "text": refusal}
        return BoltResponse(
            status=200, body=json.dumps(payload), headers={"content-type": "application/json"}
        )
    if body.get("response_url"):
        url = ResponseUrl(body["response_url"], retry_handlers=deps.retry_handlers)
        deps.executor.submit(url.send, SlackMessage(text=refusal))
    event = body.get("event") or {}
    if addressed_to_bot(event) and event.get("channel"):
        deps.executor.submit(
            client.chat_postMessage,
            channel=event["channel"],
            thread_ts=event.get("thread_ts") or event.get("ts"),
            text=refusal,
        )
    return BoltResponse(status=200, body="")
