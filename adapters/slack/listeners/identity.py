"""What several listeners share: the acknowledgement half of each, and small facts about a
Slack message event."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from adapters.slack.history import BotIdentity


def acknowledge(ack: Ack) -> None:
    """The acknowledgement half of every listener: answer Slack now, work later.

    The app runs with ``process_before_response=True``: this runs inside the HTTP request
    and the work is a bolt *lazy listener* queued on the executor. So Slack gets its 200 at
    once even when every worker thread is busy with slow answers.
    """
    ack()


def bot_identity(context: BoltContext) -> BotIdentity:
    """The bot's user and bot ids, as bolt learned them from ``auth.test``."""
    return BotIdentity(user_id=context.bot_user_id or "", bot_id=context.bot_id)


def message_key(event: dict[str, Any]) -> str:
    """One Slack message arrives as ``app_mention`` and as ``message``: answer it once."""
    return f"message:{event.get('channel')}:{event.get('ts')}"


def from_a_person(event: dict[str, Any]) -> bool:
    """A person's new message (not a bot's, not an edit, join or deletion)."""
    if event.get("bot_id") or event.get("bot_profile") or not event.get("user"):
        return False
    return event.get("subtype") in (None, "file_share", "thread_broadcast")


def user_team(event: dict[str, Any], context: BoltContext) -> str | None:
    """The workspace of the person who wrote ``event`` (Slack Connect users may differ)."""
    team = event.get("user_team") or event.get("team") or context.team_id
    return team if isinstance(team, str) else None
