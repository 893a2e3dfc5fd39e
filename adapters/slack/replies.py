"""From the engine's reply to what is sent: the salary rule, feedback memory, Block Kit."""

from __future__ import annotations

import logging
import uuid

from adapters.slack import messages
from adapters.slack.blocks import render, render_text
from adapters.slack.deps import SlackDeps
from adapters.slack.layout import SlackMessage
from bot.models import Answer, ErrorReply, Reply, Request, SalaryResult

log = logging.getLogger("rolebot.slack")


def ask(deps: SlackDeps, request: Request, *, user: str | None, channel: str | None) -> Reply:
    """The engine's reply, with salary figures withheld from people not on the allow-list."""
    if request.intent == "salary" and not deps.access.allows_salary(user, channel):
        return ErrorReply(messages.SALARY_NOT_ALLOWED)
    reply = deps.bot.handle(request)
    if isinstance(reply, SalaryResult) and not deps.access.allows_salary(user, channel):
        return ErrorReply(messages.SALARY_NOT_ALLOWED)
    return reply


def to_messages(
    deps: SlackDeps,
    reply: Reply,
    *,
    question: str,
    share_value: str | None = None,
    preface: str | None = None,
) -> list[SlackMessage]:
    """Render ``reply``; an answer is remembered first so its 👍/👎 buttons can point at it."""
    answer_id = None
    if isinstance(reply, Answer):
        answer_id = deps.feedback.remember_answer(
            platform="slack",
            question=question,
            sources=[f"{s.title} › {s.section}" for s in reply.sources],
            mode=reply.mode,
        )
    return render(reply, answer_id=answer_id, share_value=share_value, preface=preface)


def failure(exc: BaseException) -> list[SlackMessage]:
    """Log the failure with a reference the user can quote, and say so in plain words."""
    ref = uuid.uuid4().hex[:8]
    log.error("slack reply failed (ref %s): %s", ref, type(exc).__name__, exc_info=exc)
    return render_text(messages.SOMETHING_WENT_WRONG.format(ref=ref))
