"""From the engine's reply to what is sent: feedback memory, Block Kit, failures.

Who may see salary figures is the engine's decision (``bot.salary_policy``); the adapter
only passes on who asked and where, in the ``Request``.
"""

from __future__ import annotations

import logging

from adapters.slack import messages
from adapters.slack.blocks import render, render_text
from adapters.slack.deps import SlackDeps
from adapters.slack.layout import SlackMessage
from bot import Reply
from bot.toolkit import remember_answer, report_failure

log = logging.getLogger("rolebot.slack")


def to_messages(
    deps: SlackDeps,
    reply: Reply,
    *,
    question: str,
    share_value: str | None = None,
    preface: str | None = None,
    answer_id: str | None = None,
) -> list[SlackMessage]:
    """Render ``reply``; an answer is remembered first (unless ``answer_id`` says it already
    was) so its 👍/👎 buttons can point at it."""
    if answer_id is None:
        answer_id = remember_answer(deps.feedback, reply, platform="slack", question=question)
    return render(reply, answer_id=answer_id, share_value=share_value, preface=preface)


def failure(exc: BaseException) -> list[SlackMessage]:
    """Log the failure with a reference the user can quote, and say so in plain words."""
    return render_text(report_failure(log, "slack reply", exc, messages.SOMETHING_WENT_WRONG))
