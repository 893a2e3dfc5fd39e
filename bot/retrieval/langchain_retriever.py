"""The hybrid retriever as a LangChain ``BaseRetriever``, for chains built outside rolebot.

rolebot's own chain (:mod:`bot.answering.chain`) reads :class:`~bot.retrieval.hybrid.Hit`
objects straight from the index generation it answers from, with no round trip through
``Document``; this adapter is for anyone composing their own LCEL chain over the index.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from bot.retrieval.hybrid import Hit
from bot.retrieval.live import LiveIndex


class HybridLangChainRetriever(BaseRetriever):
    """Dense + BM25 with reciprocal-rank fusion; each Document carries its :class:`Hit`."""

    index: Any  # LiveIndex; Any keeps pydantic from trying to validate it
    # None: the index's own k (ROLEBOT_TOP_K), which is where that setting lives.
    k: int | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        live: LiveIndex = self.index
        return [to_document(hit) for hit in live.retriever().search(query, self.k)]


def to_document(hit: Hit) -> Document:
    c = hit.chunk
    return Document(
        page_content=c.text,
        id=c.id,
        metadata={
            "title": c.title,
            "section": c.section,
            "path": c.path,
            "similarity": hit.similarity,
            "fused": hit.fused,
            "hit": hit,
        },
    )
