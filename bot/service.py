"""``RoleBot``: the one entry point adapters call, whatever the platform.

It validates input, routes the request, answers, and turns every failure into a reply a
person can read: the bot never goes silent and never loses the user's question.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot import messages
from bot.answering.extractive import ExtractiveAnswerer
from bot.answering.followup import retrieval_query
from bot.answering.generative import GenerativeAnswerer, describe_failure
from bot.models import Answer, ErrorReply, HelpReply, Reply, Request, Turn
from bot.retrieval.hybrid import Hit, HybridRetriever, IndexUnavailable
from bot.retrieval.live import LiveIndex

if TYPE_CHECKING:
    from langchain_core.retrievers import BaseRetriever

log = logging.getLogger("rolebot.service")

# A hook for salary and job-description requests: (request) -> reply or None for "not mine".
Router = Callable[[Request], Reply | None]


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
    ) -> None:
        self.index = index
        self.extractive = extractive
        self.generative = generative
        self.max_question_chars = max_question_chars
        self.router = router
        # With an LLM, retrieval goes through the LangChain retriever the chain composes
        # with; built once here, not per question.
        self._chain_retriever: BaseRetriever | None = None
        if generative is not None:
            from bot.retrieval.langchain_retriever import HybridLangChainRetriever

            self._chain_retriever = HybridLangChainRetriever(index=index, k=index.k)

    def handle(self, request: Request) -> Reply:
        """Any request in, a reply out. Never raises."""
        text = request.text.strip()
        if len(text) > self.max_question_chars:
            return ErrorReply(
                messages.TOO_LONG.format(length=len(text), limit=self.max_question_chars)
            )
        if not text or request.intent == "help" or text.lower() in {"help", "?", "/help"}:
            return HelpReply(messages.HELP)
        try:
            if self.router is not None:
                routed = self.router(request)
                if routed is not None:
                    return routed
            return self.ask(text, request.history)
        except IndexUnavailable as exc:
            log.warning("index unavailable: %s", exc)
            return ErrorReply(messages.INDEX_UNAVAILABLE.format(reason=_plain(exc)))
        except Exception:
            ref = uuid.uuid4().hex[:8]
            log.exception("request failed (ref %s)", ref)
            return ErrorReply(messages.INTERNAL_ERROR.format(ref=ref))

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
        grounded = self.extractive.answer(question, retriever=retriever, history=history)
        if self.generative is None or not grounded.found:
            return grounded
        if condensed_failed is not None:
            return self._fallback(grounded, condensed_failed)
        return self._generate(query, self._retrieve(retriever, query), grounded)

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
        log.warning("LLM fallback: %s", reason)
        note = messages.LLM_UNAVAILABLE.format(reason=reason)
        return Answer(grounded.answer, grounded.found, "extractive", grounded.sources, note)


def _plain(exc: IndexUnavailable) -> str:
    return str(exc) or "no index"
