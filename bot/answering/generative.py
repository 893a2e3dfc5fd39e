"""The LLM answerer: a LangChain chain over the hybrid retriever, with prompts from files.

It only rephrases what retrieval found and must cite it; the caller falls back to the
extractive answer on any failure, so a dead model server never silences the bot.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.models import Answer, Source, Turn
from bot.prompts import read_prompt
from bot.retrieval.hybrid import Hit

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.runnables import Runnable

CITATION = re.compile(r"\[(\d+)\]")
HISTORY_TURNS = 6


class UncitedAnswer(Exception):
    """The model answered without citing any of the numbered sources."""


def format_sources(hits: list[Hit]) -> str:
    return "\n\n".join(
        f"[{n}] {h.chunk.title} › {h.chunk.section}\n{h.chunk.text}" for n, h in enumerate(hits, 1)
    )


def describe_failure(exc: BaseException) -> str:
    """A short, secret-free reason for the fallback note."""
    import openai

    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return "the model server timed out"
    if isinstance(exc, openai.AuthenticationError):
        return "the API key was rejected"
    if isinstance(exc, openai.RateLimitError):
        return "the model server is rate limiting (429)"
    if isinstance(exc, openai.APIStatusError):
        return f"the model server returned {exc.status_code}"
    if isinstance(exc, openai.APIConnectionError):
        return "the model server could not be reached"
    if isinstance(exc, UncitedAnswer):
        return "the generated answer cited no sources"
    return f"unexpected {type(exc).__name__}"


class GenerativeAnswerer:
    """Condenses follow-ups and writes cited answers with a chat model."""

    mode = "llm"

    def __init__(self, *, chat_model: BaseChatModel, prompts_dir: Path) -> None:
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import ChatPromptTemplate

        answer_prompt = ChatPromptTemplate.from_messages(
            [("system", read_prompt(prompts_dir, "answer")), ("human", "{question}")]
        )
        condense_prompt = ChatPromptTemplate.from_messages(
            [("system", read_prompt(prompts_dir, "condense")), ("human", "{question}")]
        )
        self._answer_chain: Runnable[dict[str, Any], str] = (
            answer_prompt | chat_model | StrOutputParser()
        )
        self._condense_chain: Runnable[dict[str, Any], str] = (
            condense_prompt | chat_model | StrOutputParser()
        )

    def condense(self, question: str, history: list[Turn]) -> str:
        """A standalone question for retrieval; the question itself when there is no history."""
        if not history:
            return question
        lines = [f"{t.role}: {t.text}" for t in history[-HISTORY_TURNS:]]
        result = self._condense_chain.invoke({"history": "\n".join(lines), "question": question})
        return result.strip() or question

    def answer(self, question: str, hits: list[Hit]) -> Answer:
        """A cited answer; raises on any model failure or when nothing is cited."""
        text = self._answer_chain.invoke(
            {"context": format_sources(hits), "question": question}
        ).strip()
        cited = {int(n) for n in CITATION.findall(text)}
        if not cited or not cited <= set(range(1, len(hits) + 1)):
            raise UncitedAnswer()
        sources = [
            Source(
                n,
                h.chunk.title,
                h.chunk.section,
                h.chunk.path,
                round(h.similarity, 4),
                h.chunk.text,
            )
            for n, h in enumerate(hits, 1)
        ]
        return Answer(answer=text, found=True, mode="llm", sources=sources)
