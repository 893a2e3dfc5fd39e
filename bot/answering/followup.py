"""Decide when a question leans on the previous turn ("and what about salaries?")."""

from __future__ import annotations

import re

from bot.knowledge.roles import named_roles
from bot.models import Turn
from bot.retrieval.terms import terms
from bot.routing import is_salary_request

_LEADS = re.compile(
    r"^(and|also|what about|how about|and what|what else|same for|ok(ay)?|so|then|but|"
    r"tell me more|more (on|about)|go deeper|elaborate|expand on|details on)\b",
    re.I,
)
_REFERS = re.compile(r"\b(it|its|they|them|their|this|that|those|these|he|she|him|her)\b", re.I)


def is_follow_up(question: str) -> bool:
    """A short or referring question needs the earlier turn to be understood."""
    return (
        bool(_LEADS.search(question.strip()))
        or bool(_REFERS.search(question))
        or (len(terms(question)) <= 2)
    )


def retrieval_query(question: str, history: list[Turn]) -> str:
    """Without an LLM to condense, a follow-up is searched together with the last question."""
    previous = previous_question(history)
    return with_previous(previous, question) if previous and is_follow_up(question) else question


def with_previous(previous: str, question: str) -> str:
    """A follow-up's search text: the earlier question's words, then its own.

    After a salary lookup ("what's the salary for a lead in New York?"), a follow-up that
    reached the questions ("what skills do they need?") has left pay behind: only the role
    the lookup named carries over, not its pay and place words."""
    if is_salary_request(previous, ()):
        previous = " ".join(named_roles(previous))
    return f"{previous} {question}".strip()


def previous_question(history: list[Turn]) -> str:
    """The user's last question before this one, or "" at the start of a conversation."""
    return next((t.text for t in reversed(history) if t.role == "user"), "")
