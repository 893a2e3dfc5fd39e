"""The LLM answerer: a LangChain chain over the hybrid retriever, with prompts from files.

It only rephrases what retrieval found and must cite it; the caller falls back to the
extractive answer on any failure, so a dead model server never silences the bot.

Model output is untrusted text. Before an answer is used it must cite only sources that
exist, must not repeat the system prompt (a random canary in the prompt plus a check for
long runs of the prompt's own words), and must fit a chat reply: generation is capped in
tokens, and the stream is cut off past a character limit or the time limit, so a server
that ignores the cap cannot flood a thread or hold a worker. Links the model writes stay
live only when they point where the sources do.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.answering.visible import VisibleText
from bot.models import Answer, Source, Turn
from bot.prompts import read_prompt
from bot.retrieval.hybrid import Hit
from bot.untrusted import unlink, urls_in

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import AIMessage, BaseMessage
    from langchain_core.runnables import Runnable

CITATION = re.compile(r"\[(\d+)\]")
# Of the conversation's window (ROLEBOT_HISTORY_TURNS), the condensing prompt reads only the
# latest turns: the question being rewritten leans on the last exchanges, and each turn
# costs prompt tokens on every follow-up.
CONDENSE_TURNS = 6
# Generated text past this many characters per allowed token is a misbehaving server.
CHARS_PER_TOKEN = 8
CONDENSE_MAX_TOKENS = 120
# A run of this many words shared with the prompt's instructions counts as leaking them.
LEAK_RUN_WORDS = 7
_WORD = re.compile(r"[a-z0-9]+")
_QUOTED = re.compile(r"\"[^\"\n]*\"")
_PLACEHOLDER = re.compile(r"\{\w+\}")


class GenerationRejected(Exception):
    """The model answered, but the answer cannot be shown; ``reason`` says why, for the note."""

    reason = "the generated answer was rejected"


class UncitedAnswer(GenerationRejected):
    """The model answered without citing any of the numbered sources."""

    reason = "the generated answer cited no sources"


class UnknownCitation(GenerationRejected):
    """The model cited a number that is not one of the sources, e.g. [9] of four."""

    reason = "the generated answer cited a source that does not exist"


class PromptLeak(GenerationRejected):
    """The answer repeats the system prompt (its canary, or a long run of its words)."""

    reason = "the generated answer repeated its instructions"


class OverlongAnswer(GenerationRejected):
    """The model wrote more than a chat answer may hold (or stopped at the token cap)."""

    reason = "the generated answer was too long"


class UnfinishedAnswer(GenerationRejected):
    """The stream ended without the model saying it had finished (a dropped connection
    looks like the end of the text): what arrived may be half an answer."""

    reason = "the model server stopped mid-answer"


def format_sources(hits: list[Hit]) -> str:
    return "\n\n".join(
        f"[{n}] {h.chunk.title} › {h.chunk.section}\n{h.chunk.text}" for n, h in enumerate(hits, 1)
    )


def describe_failure(exc: BaseException) -> str:
    """A short, secret-free reason for the fallback note."""
    import openai

    if isinstance(exc, GenerationRejected):
        return exc.reason
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
    if isinstance(exc, openai.APIError):  # an error event in the middle of a stream
        return "the model server failed mid-answer"
    return f"unexpected {type(exc).__name__}"


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _runs(words: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def instruction_runs(template: str, size: int = LEAK_RUN_WORDS) -> set[tuple[str, ...]]:
    """Word runs of the prompt's own instructions: the template without its placeholders
    (the sources, which answers may quote) and without quoted phrases the model is told
    to say ("The knowledge base does not cover this.")."""
    instructions = _QUOTED.sub(" ", _PLACEHOLDER.sub(" ", template))
    return _runs(_words(instructions), size)


class GenerativeAnswerer:
    """Condenses follow-ups and writes cited answers with a chat model."""

    mode = "llm"

    def __init__(
        self,
        *,
        chat_model: BaseChatModel,
        prompts_dir: Path,
        max_tokens: int = 600,
        timeout: float = 20.0,
    ) -> None:
        from langchain_core.prompts import ChatPromptTemplate

        system = read_prompt(prompts_dir, "answer")
        # A fresh, unguessable marker per process: if it shows up in an answer, the model
        # was talked into printing its instructions.
        self.canary = f"rb-{secrets.token_hex(8)}"
        self._leak_runs = instruction_runs(system)
        answer_prompt = ChatPromptTemplate.from_messages(
            [("system", system), ("human", "{question}")]
        )
        condense_prompt = ChatPromptTemplate.from_messages(
            [("system", read_prompt(prompts_dir, "condense")), ("human", "{question}")]
        )
        self._answer_chain: Runnable[dict[str, Any], AIMessage] = answer_prompt | chat_model.bind(
            max_tokens=max_tokens
        )
        self._condense_chain: Runnable[dict[str, Any], AIMessage] = (
            condense_prompt | chat_model.bind(max_tokens=min(max_tokens, CONDENSE_MAX_TOKENS))
        )
        self.max_chars = max_tokens * CHARS_PER_TOKEN
        self._condense_max_chars = CONDENSE_MAX_TOKENS * CHARS_PER_TOKEN
        self.timeout = timeout

    def condense(self, question: str, history: list[Turn]) -> str:
        """A standalone question for retrieval; the question itself when there is no history."""
        if not history:
            return question
        lines = [f"{t.role}: {t.text}" for t in history[-CONDENSE_TURNS:]]
        inputs = {"history": "\n".join(lines), "question": question}
        result = self._read(self._condense_chain.stream(inputs), self._condense_max_chars)
        return result.strip() or question

    def answer(self, question: str, hits: list[Hit]) -> Answer:
        """A cited answer; raises on any model failure or when a check fails."""
        text = self._read(self._answer_chain.stream(self._inputs(question, hits)), self.max_chars)
        return self._checked(text.strip(), hits)

    def stream(self, question: str, hits: list[Hit]) -> Iterator[str | Answer]:
        """The answer as it is written: pieces safe to show, then the checked ``Answer``.

        Raises like :meth:`answer`, possibly after some pieces were shown: the caller then
        replaces them with its fallback. A leak is caught as soon as its words are written
        (no piece containing them is released); citations and length are only known at the
        end, so an answer rejected there has been shown in part and must be replaced.
        """
        visible = VisibleText(allowed_links=urls_in(h.chunk.text for h in hits))
        watch = _LeakWatch(self.canary, self._leak_runs)
        parts: list[str] = []
        chunks = self._answer_chain.stream(self._inputs(question, hits))
        for piece in self._pieces(chunks, self.max_chars):
            parts.append(piece)
            shown = visible.feed(piece)
            if shown:
                watch.check(shown)
                yield shown
        answer = self._checked("".join(parts).strip(), hits)
        tail = visible.finish()
        if tail:
            watch.check(tail)
            yield tail
        yield answer

    def _inputs(self, question: str, hits: list[Hit]) -> dict[str, Any]:
        return {"context": format_sources(hits), "question": question, "canary": self.canary}

    def _checked(self, text: str, hits: list[Hit]) -> Answer:
        self._check(text, len(hits))
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
        text = unlink(text, urls_in(h.chunk.text for h in hits))
        return Answer(answer=text, found=True, mode="llm", sources=sources)

    def _check(self, text: str, source_count: int) -> None:
        if self.canary.lower() in text.lower() or _runs(_words(text), LEAK_RUN_WORDS) & (
            self._leak_runs
        ):
            raise PromptLeak()
        cited = {int(n) for n in CITATION.findall(text)}
        if not cited:
            raise UncitedAnswer()
        if not cited <= set(range(1, source_count + 1)):
            raise UnknownCitation()

    def _read(self, chunks: Iterator[BaseMessage], max_chars: int) -> str:
        return "".join(self._pieces(chunks, max_chars))

    def _pieces(self, chunks: Iterator[BaseMessage], max_chars: int) -> Iterator[str]:
        """The streamed reply piece by piece, stopped (and the connection closed) at
        ``max_chars`` or the time limit: the client's own timeout only bounds each read, not
        a slow drip. A reply that never says it finished is refused, not taken as whole."""
        deadline = time.monotonic() + self.timeout
        size = 0
        finish: object = None
        try:
            for chunk in chunks:
                content = chunk.content if isinstance(chunk.content, str) else ""
                size += len(content)
                if size > max_chars:
                    raise OverlongAnswer()
                if time.monotonic() > deadline:
                    raise TimeoutError()
                finish = chunk.response_metadata.get("finish_reason") or finish
                if content:
                    yield content
        finally:
            close = getattr(chunks, "close", None)
            if callable(close):
                close()
        if finish == "length":
            raise OverlongAnswer()
        if finish is None:
            raise UnfinishedAnswer()


class _LeakWatch:
    """The prompt-leak check of :meth:`GenerativeAnswerer._check`, run on text as it is
    released, so instructions are caught before the words that repeat them are shown."""

    def __init__(self, canary: str, runs: set[tuple[str, ...]]) -> None:
        self._canary = canary.lower()
        self._runs = runs
        self._shown = ""
        self._words: list[str] = []

    def check(self, released: str) -> None:
        # Released text ends at whitespace, so no word is split between two checks.
        self._shown += released.lower()
        if self._canary in self._shown:
            raise PromptLeak()
        start = len(self._words)
        self._words += _words(released)
        for end in range(max(start, LEAK_RUN_WORDS - 1), len(self._words)):
            if tuple(self._words[end - LEAK_RUN_WORDS + 1 : end + 1]) in self._runs:
                raise PromptLeak()
