"""The composition root: every client is built here once and passed in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.answering.extractive import DEFAULT_MIN_RELEVANCE, ExtractiveAnswerer
from bot.embeddings.base import TextEmbedder
from bot.embeddings.factory import build_embeddings
from bot.index.client import open_chroma
from bot.retrieval.live import LiveIndex
from bot.service import RoleBot
from bot.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI


def build_rolebot(
    settings: Settings,
    *,
    client: ClientAPI | None = None,
    embedder: TextEmbedder | None = None,
) -> RoleBot:
    """A ready :class:`RoleBot` for ``settings`` (the index is loaded on first use)."""
    embedder = embedder or build_embeddings(settings)
    client = client or open_chroma(settings)
    index = LiveIndex(client=client, embedder=embedder, k=settings.top_k)
    generative = None
    if settings.llm_enabled:
        from bot.answering.generative import GenerativeAnswerer
        from bot.llm import build_chat_model

        chat_model = build_chat_model(settings)
        if chat_model is not None:
            generative = GenerativeAnswerer(chat_model=chat_model, prompts_dir=settings.prompts_dir)
    threshold = settings.min_relevance
    return RoleBot(
        index=index,
        extractive=ExtractiveAnswerer(
            min_relevance=DEFAULT_MIN_RELEVANCE if threshold is None else threshold
        ),
        generative=generative,
        max_question_chars=settings.max_question_chars,
    )
