"""Any engine reply to the Teams activities that show it, each under the size limit."""

from __future__ import annotations

from botbuilder.schema import Activity

from adapters.teams.cards.adaptive import (
    MAX_ACTIVITY_BYTES,
    activity_bytes,
    text_activity,
    text_chunks,
)
from adapters.teams.cards.answer import answer_activities
from adapters.teams.cards.jobdesc import jobdesc_activities
from adapters.teams.cards.salary import salary_activities
from bot import Answer, ErrorReply, HelpReply, JobDescription, Reply, SalaryResult
from bot.toolkit import unlink

# However long a reply is, it is at most this many activities: a runaway reply must not
# become a flood of messages in a conversation.
MAX_ACTIVITIES = 8
SHORTENED = "(This reply was too long for Teams and has been shortened.)"


def render_reply(reply: Reply, *, answer_id: str | None = None) -> list[Activity]:
    """``answer_id`` (from the feedback store) puts 👍/👎 buttons on an answer."""
    if isinstance(reply, Answer):
        activities = answer_activities(reply, answer_id)
    elif isinstance(reply, SalaryResult):
        activities = salary_activities(reply)
    elif isinstance(reply, JobDescription):
        activities = jobdesc_activities(reply)
    else:
        activities = text_activities(reply.text)
    if not all(activity_bytes(a) <= MAX_ACTIVITY_BYTES for a in activities):
        # A card that cannot fit (e.g. one enormous section) degrades to plain text, never
        # to a 413.
        activities = text_activities(reply_text(reply))
    if len(activities) > MAX_ACTIVITIES:
        activities = [*activities[: MAX_ACTIVITIES - 1], text_activity(SHORTENED)]
    return activities


def text_activities(text: str) -> list[Activity]:
    """Plain Markdown messages; no link in them is live (they hold no knowledge links)."""
    return [text_activity(unlink(chunk)) for chunk in text_chunks(text)]


def reply_text(reply: Reply) -> str:
    """The reply as plain text: what the conversation history keeps and the size fallback sends."""
    if isinstance(reply, Answer):
        return reply.answer
    if isinstance(reply, SalaryResult):
        from bot import render_salary_text

        return render_salary_text(reply).strip()
    if isinstance(reply, JobDescription):
        return reply.markdown
    if isinstance(reply, HelpReply | ErrorReply):
        return reply.text
    return str(reply)
