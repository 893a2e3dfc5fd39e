"""``RoleBot``: the one entry point adapters call, whatever the platform.

It validates input, routes the request, answers, and turns every failure into a reply a
person can read: the bot never goes silent and never loses the user's question.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot import messages
from bot.answering.extractive import ExtractiveAnswerer
from bot.answering.followup import retrieval_query
from bot.answering.generative import GenerativeAnswerer, describe_failure
from bot.errors import IndexUnavailable
from bot.guide import help_text
from bot.models import Answer, ErrorReply, HelpReply, Reply, Request, Turn
from bot.ops.logging import LogSafe, error_reference
from bot.retrieval.hybrid import Hit, HybridRetriever
from bot.retrieval.live import LiveIndex
from bot.salary_policy import SalaryPolicy
from bot.streaming import STREAMING, StreamEvent
from bot.untrusted import clean_request

if TYPE_CHECKING:
    from langchain_core.retrievers import BaseRetriever

    from bot.guide import KnowledgeGuide
    from bot.state.rate_limit import RateLimiter

log = logging.getLogger("rolebot.service")

# A hook for salary and job-description requests: (request) -> reply or None for "not mine".
Router = Callable[[Request], Reply | None]

# The longest answer text any platform is sent; a chat reply, not a document. Generated
# answers are capped long before this (ROLEBOT_LLM_MAX_TOKENS); this bounds every mode.
MAX_ANSWER_CHARS = 6000


class RoleBot:
    """Answers questions from the knowledge base; salary and JD requests go to ``router``."""

    def __init__(
        self,
        *,
        index: LiveIndex,
        extractive: ExtractiveAnswerer,
        generative: GenerativeAnswerer | None = None,
        max_question_chars: int = 2000,
        router: Router | None = None,
        salary_policy: SalaryPolicy | None = None,
        guide: KnowledgeGuide | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.index = index
        self.extractive = extractive
        self.generative = generative
        self.max_question_chars = max_question_chars
        self.router = router
        self.salary_policy = salary_policy or SalaryPolicy()
        # What the knowledge covers, for greetings, suggested prompts and home pages.
        self.guide = guide
        # Questions per person per minute, shared by every platform (and every replica
        # through Redis); requests without a user id (the CLI) are not limited.
        self.rate_limiter = rate_limiter
        # With an LLM, retrieval goes through the LangChain retriever the chain composes
        # with; built once here, not per question.
        self._chain_retriever: BaseRetriever | None = None
        if generative is not None:
            from bot.retrieval.langchain_retriever import HybridLangChainRetriever

            self._chain_retriever = HybridLangChainRetriever(index=index)

    def handle(self, request: Request) -> Reply:
        """Any request in, a reply out, as the requester may see it. Never raises.

        This is the reply boundary every platform goes through: text is cleaned on the way
        in, and on the way out the salary policy filters the reply and its length is bounded.
        """
        request = clean_request(request)
        reply = self._reply(request)
        return _bounded(self.salary_policy.apply(request, reply))

    def stream(self, request: Request) -> Iterator[StreamEvent]:
        """Like :meth:`handle`, but an answer the model writes comes piece by piece.

        Yields :data:`~bot.streaming.STREAMING`, the pieces to show and then the final reply,
        which replaces the pieces if they differ (see :mod:`bot.streaming`); anything else
        yields its final reply alone. Someone the salary policy restricts gets no pieces:
        figures are withheld from the finished answer, and a piece cannot be taken back.
        """
        request = clean_request(request)
        early = self._early_reply(request)
        if early is not None or self.generative is None or not self.salary_policy.allows(request):
            yield self.handle(request) if early is None else early
            return
        try:
            routed = self.router(request) if self.router is not None else None
        except Exception as exc:
            routed = self._failure(exc)
        if routed is not None:
            yield _bounded(self.salary_policy.apply(request, routed))
            return
        yield STREAMING
        final: Reply | None = None
        try:
            for event in self._answer_stream(request.text.strip(), request.history):
                if isinstance(event, str):
                    yield event
                else:
                    final = event
        except Exception as exc:
            final = self._failure(exc)
        assert final is not None  # _answer_stream always ends with the answer
        yield _bounded(self.salary_policy.apply(request, final))

    def _early_reply(self, request: Request) -> Reply | None:
        """Replies that need no knowledge: too long, empty, help, or over the rate limit."""
        text = request.text.strip()
        if len(text) > self.max_question_chars:
            return ErrorReply(
                messages.TOO_LONG.format(length=len(text), limit=self.max_question_chars)
            )
        if not text or request.intent == "help" or text.lower() in {"help", "?", "/help"}:
            return HelpReply(self.guide.help_text() if self.guide else help_text(()))
        return self._rate_limited(request)

    def _reply(self, request: Request) -> Reply:
        early = self._early_reply(request)
        if early is not None:
            return early
        try:
            if self.router is not None:
                routed = self.router(request)
                if routed is not None:
                    return routed
            return self.ask(request.text.strip(), request.history)
        except Exception as exc:
            return self._failure(exc)

    @staticmethod
    def _failure(exc: Exception) -> ErrorReply:
        """What the user is told when answering failed: the index, or a bug (logged)."""
        if isinstance(exc, IndexUnavailable):
            log.warning("index unavailable: %s", LogSafe(_plain(exc)))
            text = messages.INDEX_UNAVAILABLE.format(reason=_plain(exc))
            return ErrorReply(text, unavailable=True)
        ref = error_reference()
        log.error("request failed (ref %s)", ref, exc_info=exc)
        return ErrorReply(messages.INTERNAL_ERROR.format(ref=ref))

    def _rate_limited(self, request: Request) -> ErrorReply | None:
        """The polite refusal when this person is over the limit; help is never limited."""
        if self.rate_limiter is None or not request.user_id:
            return None
        wait = self.rate_limiter.wait_for(f"{request.platform}:{request.user_id}")
        if wait is None:
            return None
        log.info("rate limit reached on %s; %d s left", LogSafe(request.platform), wait)
        return ErrorReply(
            messages.RATE_LIMITED.format(limit=self.rate_limiter.per_minute, seconds=wait)
        )

    def ask(self, question: str, history: list[Turn] | None = None) -> Answer:
        """A cited answer to ``question`` given earlier turns; raises IndexUnavailable."""
        grounding = self._ground(question, history or [])
        if grounding.settled is not None:
            return grounding.settled
        return self._generate(grounding.query, grounding.hits, grounding.grounded)

    def _answer_stream(self, question: str, history: list[Turn]) -> Iterator[str | Answer]:
        """:meth:`ask`, with the generated answer's pieces before it."""
        grounding = self._ground(question, history)
        if grounding.settled is not None:
            yield grounding.settled
            return
        assert self.generative is not None
        shown = 0
        try:
            for event in self.generative.stream(grounding.query, grounding.hits):
                if isinstance(event, Answer):
                    yield event
                    return
                shown += len(event)
                if shown <= MAX_ANSWER_CHARS:  # past it, the shortened final replaces it
                    yield event
        except Exception as exc:
            yield self._fallback(grounding.grounded, exc)

    def _ground(self, question: str, history: list[Turn]) -> _Grounding:
        """Retrieval and the extractive answer, which is also every fallback."""
        retriever = self.index.retriever()
        query = retrieval_query(question, history)
        condensed_failed: BaseException | None = None
        if self.generative is not None and history:
            try:
                query = self.generative.condense(question, history)
            except Exception as exc:  # keep going on the heuristic query
                condensed_failed = exc
        grounded = self.extractive.answer(question, retriever=retriever, history=history)
        if self.generative is None or not grounded.found:
            return _Grounding(query, [], grounded, grounded)
        if condensed_failed is not None:
            return _Grounding(query, [], grounded, self._fallback(grounded, condensed_failed))
        # Hits for the model are fetched only when a model will write the answer.
        return _Grounding(query, self._retrieve(retriever, query), grounded, None)

    def _retrieve(self, retriever: HybridRetriever, query: str) -> list[Hit]:
        if self._chain_retriever is None:
            return retriever.search(query)
        from bot.retrieval.langchain_retriever import hits_of

        return hits_of(self._chain_retriever.invoke(query))

    def _generate(self, question: str, hits: list[Hit], grounded: Answer) -> Answer:
        assert self.generative is not None
        try:
            return self.generative.answer(question, hits)
        except Exception as exc:
            return self._fallback(grounded, exc)

    @staticmethod
    def _fallback(grounded: Answer, exc: BaseException) -> Answer:
        reason = describe_failure(exc)
        log.warning("LLM fallback: %s", LogSafe(reason))
        note = messages.LLM_UNAVAILABLE.format(reason=reason)
        return Answer(grounded.answer, grounded.found, "extractive", grounded.sources, note)


@dataclass(frozen=True)
class _Grounding:
    """What retrieval found for a question; ``settled`` is the answer when no generation is
    wanted (no model, nothing found, or the model already failed condensing)."""

    query: str
    hits: list[Hit]
    grounded: Answer
    settled: Answer | None


def _plain(exc: IndexUnavailable) -> str:
    return str(exc) or "no index"


def _bounded(reply: Reply) -> Reply:
    """An answer cut to MAX_ANSWER_CHARS at a line or word end, with a note saying so."""
    if not isinstance(reply, Answer) or len(reply.answer) <= MAX_ANSWER_CHARS:
        return reply
    window = reply.answer[:MAX_ANSWER_CHARS]
    cut = window.rfind("\n")
    if cut < MAX_ANSWER_CHARS // 2:
        cut = window.rfind(" ")
    text = window[: cut if cut > 0 else MAX_ANSWER_CHARS].rstrip() + " …"
    note = " ".join(n for n in (reply.note, messages.ANSWER_SHORTENED) if n)
    return replace(reply, answer=text, note=note)
