"""The retrieval-and-answer chain, composed with LangChain (LCEL) in both modes.

Without a model (the default)::

    retrieve | extractive

``retrieve`` finds the index generation to read and the query for it (a follow-up is
searched together with the question before it); the :class:`ExtractiveAnswerer` is itself
a ``Runnable`` that selects, cites and declines.

With a model, the same chain grows a generative step::

    retrieve (condensing a follow-up with the model) | ground | generate.with_fallbacks([quote])

``ground`` is the extractive answer, which is also every fallback: a question the knowledge
does not cover is declined without asking the model, and when the model fails or writes
something a check rejects, ``quote`` serves the grounded answer with a note saying why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NotRequired, TypedDict

from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda

from bot import messages
from bot.answering.extractive import ExtractiveAnswerer, Retrieved
from bot.answering.followup import retrieval_query
from bot.models import Answer, Turn
from bot.ops.logging import LogSafe
from bot.retrieval.hybrid import Hit
from bot.retrieval.live import LiveIndex

if TYPE_CHECKING:
    from bot.answering.generative import GenerativeAnswerer

log = logging.getLogger("rolebot.service")


@dataclass(frozen=True)
class Asked:
    """A question and the earlier turns of its conversation, oldest first."""

    question: str
    history: list[Turn]


class Grounded(TypedDict):
    """What the model's step is given: the query it answers, the hits it cites, and the
    grounded answer that is every fallback. ``settled`` is the answer already, when no
    generation is wanted (nothing found, or the model failed condensing the follow-up)."""

    query: str
    hits: list[Hit]
    grounded: Answer
    settled: Answer | None
    error: NotRequired[BaseException]  # set by with_fallbacks for the fallback step


class AnswerChain:
    """The chain for one bot: ``invoke`` answers, ``stream`` writes a model's answer in pieces.

    Raises :class:`~bot.errors.IndexUnavailable` when the index cannot be read.
    """

    def __init__(
        self,
        *,
        index: LiveIndex,
        extractive: ExtractiveAnswerer,
        generative: GenerativeAnswerer | None = None,
    ) -> None:
        self.index = index
        self.extractive = extractive
        self.generative = generative
        retrieve: Runnable[Asked, Retrieved] = RunnableLambda(self._retrieve, name="retrieve")
        self.grounding: Runnable[Asked, Grounded] | None = None
        if generative is None:
            self.runnable: Runnable[Asked, Answer] = retrieve | extractive
            return
        self.grounding = retrieve | RunnableLambda(self._ground, name="ground")
        generate = RunnableLambda(self._generate, name="generate").with_fallbacks(
            [RunnableLambda(self._quote, name="quote")], exception_key="error"
        )
        self.runnable = self.grounding | generate

    def invoke(
        self, question: str, history: list[Turn], *, config: RunnableConfig | None = None
    ) -> Answer:
        """The answer to ``question`` after ``history`` (oldest first). ``config`` is
        LangChain's (callbacks, tags), passed to every step."""
        return self.runnable.invoke(Asked(question, history), config)

    def stream(
        self, question: str, history: list[Turn], *, config: RunnableConfig | None = None
    ) -> Iterator[str | Answer]:
        """:meth:`invoke`, with the generated answer's pieces before it (with a model).

        The model's pieces come straight from its stream: once some are shown, a failure can
        only replace them (the grounded answer with a note), not fall back silently.
        """
        if self.grounding is None or self.generative is None:
            yield self.invoke(question, history, config=config)
            return
        grounded = self.grounding.invoke(Asked(question, history), config)
        if grounded["settled"] is not None:
            yield grounded["settled"]
            return
        try:
            yield from self.generative.stream(grounded["query"], grounded["hits"])
        except Exception as exc:
            yield fall_back(grounded["grounded"], exc)

    def _retrieve(self, asked: Asked) -> Retrieved:
        """The generation to read and what to search it for; with a model, a follow-up is
        rewritten as a standalone question (and a failure to do so is kept for later)."""
        retriever = self.index.retriever()
        query = retrieval_query(asked.question, asked.history)
        failure: BaseException | None = None
        if self.generative is not None and asked.history:
            try:
                query = self.generative.condense(asked.question, asked.history)
            except Exception as exc:  # keep going on the heuristic query
                failure = exc
        return Retrieved(asked.question, asked.history, retriever, query, failure)

    def _ground(self, retrieved: Retrieved) -> Grounded:
        """The extractive answer (the fallback, and the answer when nothing is found) and,
        when the model is to write one, the hits it cites."""
        grounded = self.extractive.invoke(retrieved)
        settled: Answer | None = None
        hits: list[Hit] = []
        if not grounded.found:
            settled = grounded
        elif retrieved.condense_error is not None:
            settled = fall_back(grounded, retrieved.condense_error)
        else:  # hits for the model are fetched only when a model will write the answer
            hits = retrieved.retriever.search(retrieved.query)
        return Grounded(query=retrieved.query, hits=hits, grounded=grounded, settled=settled)

    def _generate(self, grounded: Grounded) -> Answer:
        """The model's answer; raises when it fails or a check rejects it (see ``quote``)."""
        if grounded["settled"] is not None:
            return grounded["settled"]
        assert self.generative is not None
        return self.generative.answer(grounded["query"], grounded["hits"])

    @staticmethod
    def _quote(grounded: Grounded) -> Answer:
        """The fallback: ``with_fallbacks`` hands it the failure under ``error``."""
        return fall_back(grounded["grounded"], grounded["error"])


def fall_back(grounded: Answer, exc: BaseException) -> Answer:
    """The grounded answer with a note saying why the model's was not used."""
    from bot.answering.generative import describe_failure

    reason = describe_failure(exc)
    log.warning("LLM fallback: %s", LogSafe(reason))
    note = messages.LLM_UNAVAILABLE.format(reason=reason)
    return Answer(grounded.answer, grounded.found, "extractive", grounded.sources, note)
