"""``/ask``, ``/salary`` and ``/jd``: acknowledged at once, answered through ``response_url``.

``/salary`` and ``/jd`` answer privately with a "Share in channel" button; ``/ask`` answers
in the channel. ``/jd`` takes the CLI's options in plain words ("senior, healthcare, remote").
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from adapters.slack import messages
from adapters.slack.delivery import ResponseUrl
from adapters.slack.deps import SlackDeps
from adapters.slack.mrkdwn import to_plain
from adapters.slack.replies import failure, to_messages
from bot import Intent, JobDescription, Request, SalaryResult

log = logging.getLogger("rolebot.slack")

# Command name (as in manifest.yaml) -> the engine's intent, and who sees the reply.
COMMANDS: dict[str, tuple[Intent, str]] = {
    "/ask": ("question", "in_channel"),
    "/salary": ("salary", "ephemeral"),
    "/jd": ("job_description", "ephemeral"),
}


def register(app: App, deps: SlackDeps) -> None:
    for name, (intent, response_type) in COMMANDS.items():
        acknowledge, work = _listeners(deps, intent, response_type)
        app.command(name)(ack=acknowledge, lazy=[work])


def share_value(intent: Intent, text: str) -> str:
    """What the "Share in channel" button carries: enough to produce the reply again."""
    return json.dumps({"intent": intent, "text": text}, ensure_ascii=False)


def _listeners(
    deps: SlackDeps, intent: Intent, response_type: str
) -> tuple[Callable[..., None], Callable[..., None]]:
    def acknowledge(ack: Ack) -> None:
        ack(response_type="ephemeral", text=messages.WORKING_ON_COMMAND)

    def answer(command: dict[str, Any]) -> None:
        respond = ResponseUrl(command["response_url"], retry_handlers=deps.retry_handlers)
        text = to_plain(command.get("text", ""))
        try:
            request = Request(
                text=text,
                platform="slack",
                intent=intent,
                user_id=command.get("user_id"),
                channel_id=command.get("channel_id"),
            )
            reply = deps.bot.handle(request)
            # Nothing found means nothing worth sharing (or attaching as a file).
            shareable = response_type == "ephemeral" and (
                isinstance(reply, SalaryResult | JobDescription) and reply.found
            )
            parts = to_messages(
                deps,
                reply,
                question=text,
                share_value=share_value(intent, text) if shareable else None,
            )
            respond.send_all(parts, response_type=response_type)
        except Exception as exc:
            try:
                respond.send_all(failure(exc))
            except Exception:
                log.exception("could not tell the user about a failure")

    answer.__name__ = f"answer_{intent}_command"
    return acknowledge, answer
