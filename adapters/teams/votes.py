"""👍/👎 card submits: what the buttons carry and how a submit becomes a stored vote.

The buttons carry only the answer id; the question, sources and mode were stored in the
shared :class:`bot.feedback.FeedbackStore` when the answer was sent, as Slack does.
Our buttons are ``Action.Submit``, which Teams delivers as a message; an ``adaptiveCard/action``
invoke (``Action.Execute``) is never ours and gets a well-formed 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from botbuilder.core import InvokeResponse
from botbuilder.schema import Activity, AdaptiveCardInvokeResponse

from bot import Vote

SUBMIT_KIND = "rolebot.vote"
CARD_ACTION_INVOKE = "adaptiveCard/action"


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


def refuse_card_action(activity: Activity) -> InvokeResponse:
    """The answer to an ``adaptiveCard/action`` invoke: 400, as Teams' error card response.

    botbuilder's own answer to a malformed one (``value`` a string, no ``action``) is a 500,
    because its error response does not serialize.
    """
    value: Any = activity.value
    action = value.get("action") if isinstance(value, dict) else None
    if isinstance(action, dict) and isinstance(action.get("type"), str):
        code, message = "NotSupported", "rolebot's cards send no Action.Execute actions."
    else:
        code, message = "BadRequest", "The value of an adaptiveCard/action must hold an action."
    body = AdaptiveCardInvokeResponse(
        status_code=HTTPStatus.BAD_REQUEST,
        type="application/vnd.microsoft.error",
        value={"code": code, "message": message},
    )
    return InvokeResponse(status=HTTPStatus.BAD_REQUEST, body=body)
