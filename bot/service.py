"""``RoleBot``: the one entry point adapters call, whatever the platform.

It validates input, routes the request, answers, and turns every failure into a reply a
person can read: the bot never goes silent and never loses the user's question.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING

from bot import messages
from bot.answering.chain import AnswerChain
from bot.answering.extractive import ExtractiveAnswerer
from bot.errors import IndexUnavailable
from bot.guide import help_text
from bot.models import Answer, ErrorReply, HelpReply, Reply, Request, Turn
from bot.ops.logging import LogSafe, report_failure
from bot.preamble import as_correction, reported_question, spelled_out, without_preamble
from bot.retrieval.live import LiveIndex
from bot.salary_policy import SalaryPolicy
from bot.streaming import STREAMING, StreamEvent
from bot.untrusted import clean_request

if TYPE_CHECKING:
    from bot.answering.generative import GenerativeAnswerer
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
        # Retrieval and the answer, one LangChain chain in both modes; built once here.
        self.chain = AnswerChain(index=index, extractive=extractive, generative=generative)

    def handle(self, request: Request) -> Reply:
        """Any request in, a reply out, as the requester may see it. Never raises.

        This is the reply boundary every platform goes through: text is cleaned on the way
        in, and on the way out the salary policy filters the reply and its length is bounded.
        """
        request = self._prepared(request)
        early = self._early_reply(request)
        reply = early if early is not None else self._answered(request)
        return _bounded(self.salary_policy.apply(request, reply))

    def stream(self, request: Request) -> Iterator[StreamEvent]:
        """Like :meth:`handle`, but an answer the model writes comes piece by piece.

        Yields :data:`~bot.streaming.STREAMING`, the pieces to show and then the final reply,
        which replaces the pieces if they differ (see :mod:`bot.streaming`); anything else
        yields its final reply alone. Someone the salary policy restricts gets no pieces:
        figures are withheld from the finished answer, and a piece cannot be taken back.
        """
        request = self._prepared(request)
        early = self._early_reply(request)
        if early is not None:
            yield early
            return
        if self.generative is None or not self.salary_policy.allows(request):
            # Answered whole, as handle() does; the request is already prepared and counted
            # against the rate limit once.
            yield _bounded(self.salary_policy.apply(request, self._answered(request)))
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

    def _prepared(self, request: Request) -> Request:
        """``request`` cleaned (:func:`clean_request`), without a greeting before its
        question ("Hi! what does…"), with chat shorthand written out ("wat", "r u"), and
        with its typos mended into the knowledge's words
        ("sallary"), so it routes and answers like what was meant; typos stay as typed
        when there is no index."""
        request = clean_request(request)
        text = self._mended(as_correction(reported_question(without_preamble(request.text))))
        # The thread's earlier questions are asked again by follow-ups ("shorter pls" after
        # "what are the main responsibilites…?"): mended the same way, or the re-asked one
        # finds other lines than the answer it shortens.
        history = [
            replace(turn, text=self._mended(turn.text)) if turn.role == "user" else turn
            for turn in request.history
        ]
        if text == request.text and history == request.history:
            return request
        return replace(request, text=text, history=history)

    def _mended(self, text: str) -> str:
        """``text`` with chat shorthand written out and typos mended into the knowledge's
        words; as typed when there is no index."""
        text = spelled_out(text)
        with suppress(IndexUnavailable):
            text = self.index.retriever().snapshot.speller.correct(text)
        return text

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

    def _answered(self, request: Request) -> Reply:
        """The routed reply (salary, job description) or the answer, for a prepared request
        that needs the knowledge; a failure becomes a polite error."""
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
        return ErrorReply(report_failure(log, "request", exc, messages.INTERNAL_ERROR))

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
        return self.chain.invoke(question, history or [])

    def _answer_stream(self, question: str, history: list[Turn]) -> Iterator[str | Answer]:
        """:meth:`ask`, with the generated answer's pieces before it."""
        shown = 0
        for event in self.chain.stream(question, history):
            if isinstance(event, Answer):
                yield event
                return
            shown += len(event)
            if shown <= MAX_ANSWER_CHARS:  # past it, the shortened final replaces it
                yield event


def _plain(exc: IndexUnavailable) -> str:
    return str(exc) or "no index"


def _bounded(reply: Reply) -> Reply:
    """An answer cut to MAX_ANSWER_CHARS at a line or word end, with a note saying so; a
    blank one says it found nothing to say (the bot never goes silent, whatever path an
    answer took)."""
    if isinstance(reply, Answer) and not reply.answer.strip():
        return replace(reply, answer=messages.NOTHING_TO_SAY, found=False, sources=[])
    if not isinstance(reply, Answer) or len(reply.answer) <= MAX_ANSWER_CHARS:
        return reply
    window = reply.answer[:MAX_ANSWER_CHARS]
    cut = window.rfind("\n")
    if cut < MAX_ANSWER_CHARS // 2:
        cut = window.rfind(" ")
    text = window[: cut if cut > 0 else MAX_ANSWER_CHARS].rstrip() + " …"
    note = " ".join(n for n in (reply.note, messages.ANSWER_SHORTENED) if n)
    return replace(reply, answer=text, note=note)
