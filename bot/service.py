"""``RoleBot``: the one entry point adapters call, whatever the platform.

It validates input, routes the request, answers, and turns every failure into a reply a
person can read: the bot never goes silent and never loses the user's question.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from bot import messages
from bot.answering.extractive import ExtractiveAnswerer
from bot.answering.followup import retrieval_query
from bot.answering.generative import GenerativeAnswerer, describe_failure
from bot.models import Answer, ErrorReply, HelpReply, Reply, Request, Turn
from bot.ops.logging import LogSafe, error_reference
from bot.retrieval.hybrid import Hit, HybridRetriever, IndexUnavailable
from bot.retrieval.live import LiveIndex
from bot.salary_policy import SalaryPolicy
from bot.untrusted import clean_request

if TYPE_CHECKING:
    from langchain_core.retrievers import BaseRetriever

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
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.index = index
        self.extractive = extractive
        self.generative = generative
        self.max_question_chars = max_question_chars
        self.router = router
        self.salary_policy = salary_policy or SalaryPolicy()
        # Questions per person per minute, shared by every platform (and every replica
        # through Redis); requests without a user id (the CLI) are not limited.
        self.rate_limiter = rate_limiter
        # With an LLM, retrieval goes through the LangChain retriever the chain composes
        # with; built once here, not per question.
        self._chain_retriever: BaseRetriever | None = None
        if generative is not None:
            from bot.retrieval.langchain_retriever import HybridLangChainRetriever

            self._chain_retriever = HybridLangChainRetriever(index=index, k=index.k)

    def handle(self, request: Request) -> Reply:
        """Any request in, a reply out, as the requester may see it. Never raises.

        This is the reply boundary every platform goes through: text is cleaned on the way
        in, and on the way out the salary policy filters the reply and its length is bounded.
        """
        request = clean_request(request)
        reply = self._reply(request)
        return _bounded(self.salary_policy.apply(request, reply))

    def _reply(self, request: Request) -> Reply:
        text = request.text.strip()
        if len(text) > self.max_question_chars:
            return ErrorReply(
                messages.TOO_LONG.format(length=len(text), limit=self.max_question_chars)
            )
        if not text or request.intent == "help" or text.lower() in {"help", "?", "/help"}:
            return HelpReply(messages.HELP)
        limited = self._rate_limited(request)
        if limited is not None:
            return limited
        try:
            if self.router is not None:
                routed = self.router(request)
                if routed is not None:
                    return routed
            return self.ask(text, request.history)
        except IndexUnavailable as exc:
            log.warning("index unavailable: %s", LogSafe(_plain(exc)))
            text = messages.INDEX_UNAVAILABLE.format(reason=_plain(exc))
            return ErrorReply(text, unavailable=True)
        except Exception:
            ref = error_reference()
            log.exception("request failed (ref %s)", ref)
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
        history = history or []
        retriever = self.index.retriever()
        query = retrieval_query(question, history)
        condensed_failed: BaseException | None = None
        if self.generative is not None and history:
            try:
                query = self.generative.condense(question, history)
            except Exception as exc:  # keep going on the heuristic query
                condensed_failed = exc
        hits = self._retrieve(retriever, query)
        previous = next((t.text for t in reversed(history) if t.role == "user"), "")
        grounded = self.extractive.answer(
            question, hits, snapshot=retriever.snapshot, context=previous
        )
        if self.generative is None or not grounded.found:
            return grounded
        if condensed_failed is not None:
            return self._fallback(grounded, condensed_failed)
        return self._generate(query, hits, grounded)

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
