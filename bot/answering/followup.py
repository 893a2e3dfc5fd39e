"""Decide when a question leans on the previous turn ("and what about salaries?")."""

from __future__ import annotations

import re

from bot.models import Turn
from bot.retrieval.terms import terms

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
    previous = [t.text for t in history if t.role == "user"]
    if previous and is_follow_up(question):
        return f"{previous[-1]} {question}"
    return question


def previous_question(history: list[Turn]) -> str:
    """The user's last question before this one, or "" at the start of a conversation."""
    return next((t.text for t in reversed(history) if t.role == "user"), "")
