"""👍/👎 card submits: what the buttons carry and how a submit becomes a stored vote.

The buttons carry only the answer id; the question, sources and mode were stored in the
shared :class:`bot.feedback.FeedbackStore` when the answer was sent, as Slack does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botbuilder.schema import Activity

from bot.feedback import Vote

SUBMIT_KIND = "rolebot.vote"


@dataclass(frozen=True)
class VoteSubmit:
    answer_id: str
    vote: Vote


def vote_data(answer_id: str, vote: Vote) -> dict[str, str]:
    """The ``data`` of an ``Action.Submit`` button; Teams posts it back as ``activity.value``."""
    return {"kind": SUBMIT_KIND, "answer_id": answer_id, "vote": vote}


def parse_vote(activity: Activity) -> VoteSubmit | None:
    """The vote in a card submit, or None when the activity is not one of our buttons."""
    value: Any = activity.value
    if not isinstance(value, dict) or value.get("kind") != SUBMIT_KIND:
        return None
    answer_id, vote = value.get("answer_id"), value.get("vote")
    if not isinstance(answer_id, str) or not answer_id:
        return None
    if vote == "up":
        return VoteSubmit(answer_id, "up")
    if vote == "down":
        return VoteSubmit(answer_id, "down")
    return None


def voter_id(activity: Activity) -> str:
    """The stable Entra object id when Teams sends one, else the channel's user id."""
    user = activity.from_property
    if user is None:
        return "unknown"
    return str(getattr(user, "aad_object_id", None) or user.id or "unknown")
