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
    answer_id: str | None = None,
) -> list[SlackMessage]:
    """Render ``reply``; an answer is remembered first (unless ``answer_id`` says it already
    was) so its 👍/👎 buttons can point at it."""
    if answer_id is None:
        answer_id = remember_answer(deps, reply, question=question)
    return render(reply, answer_id=answer_id, share_value=share_value, preface=preface)


def remember_answer(deps: SlackDeps, reply: Reply, *, question: str) -> str | None:
    """Store an answer for its votes; the id the buttons carry (None for other replies)."""
    if not isinstance(reply, Answer):
        return None
    return deps.feedback.remember_answer(
        platform="slack",
        question=question,
        sources=[f"{s.title} › {s.section}" for s in reply.sources],
        mode=reply.mode,
    )


def failure(exc: BaseException) -> list[SlackMessage]:
    """Log the failure with a reference the user can quote, and say so in plain words."""
    ref = error_reference()
    log.error("slack reply failed (ref %s): %s", ref, type(exc), exc_info=exc)
    return render_text(messages.SOMETHING_WENT_WRONG.format(ref=ref))
