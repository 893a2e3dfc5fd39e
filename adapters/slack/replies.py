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
from bot.models import Answer, Reply
from bot.ops.logging import error_reference

log = logging.getLogger("rolebot.slack")


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
    ref = error_reference()
    log.error("slack reply failed (ref %s): %s", ref, type(exc), exc_info=exc)
    return render_text(messages.SOMETHING_WENT_WRONG.format(ref=ref))
