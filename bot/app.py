"""The composition root: every client is built here once and passed in."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.answering.extractive import DEFAULT_MIN_RELEVANCE, ExtractiveAnswerer
from bot.embeddings.base import TextEmbedder
from bot.embeddings.factory import build_embeddings
from bot.errors import IndexUnavailable
from bot.index.client import open_chroma
from bot.ops.logging import LogSafe
from bot.retrieval.live import LiveIndex
from bot.salary_policy import SalaryPolicy
from bot.service import RoleBot
from bot.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from langchain_core.language_models.chat_models import BaseChatModel

    from bot.dispatch import FeatureRouter
    from bot.guide import KnowledgeGuide
    from bot.state import SharedState

log = logging.getLogger("rolebot.app")


def build_rolebot(
    settings: Settings,
    *,
    client: ClientAPI | None = None,
    embedder: TextEmbedder | None = None,
    shared: SharedState | None = None,
) -> RoleBot:
    """A ready :class:`RoleBot` for ``settings`` (the index is loaded on first use).

    ``shared`` (Redis, when several replicas run) makes the rate limit count across them.
    """
    from bot.state import SharedState

    embedder = embedder or build_embeddings(settings)
    client = client or open_chroma(settings)
    index = LiveIndex(client=client, embedder=embedder, k=settings.top_k)
    generative = None
    chat_model = None
    if settings.llm_enabled:
        from bot.answering.generative import GenerativeAnswerer
        from bot.llm import build_chat_model

        chat_model = build_chat_model(settings)
        if chat_model is not None:
            generative = GenerativeAnswerer(
                chat_model=chat_model,
                prompts_dir=settings.prompts_dir,
                max_tokens=settings.llm_max_tokens,
                timeout=settings.llm_timeout,
            )
    threshold = settings.min_relevance
    router = build_router(settings, chat_model, index)
    policy = SalaryPolicy.from_settings(settings)
    return RoleBot(
        index=index,
        extractive=ExtractiveAnswerer(
            min_relevance=DEFAULT_MIN_RELEVANCE if threshold is None else threshold
        ),
        generative=generative,
        max_question_chars=settings.max_question_chars,
        router=router,
        salary_policy=policy,
        guide=build_guide(settings, router, policy),
        rate_limiter=(shared or SharedState()).rate_limiter(settings.rate_limit_per_minute),
    )


def build_guide(
    settings: Settings, router: FeatureRouter | None, policy: SalaryPolicy
) -> KnowledgeGuide:
    """The guide reads the documents the features already hold (and reload on ingest);
    when the features are off it reads the knowledge once itself, or covers nothing."""
    from bot.errors import KnowledgeError
    from bot.guide import KnowledgeGuide
    from bot.knowledge.documents import Document, load_knowledge

    if router is not None:
        return KnowledgeGuide(documents=lambda: router.knowledge.documents, salary_policy=policy)
    try:
        documents: list[Document] = load_knowledge(
            settings.knowledge_dir, max_bytes=settings.max_knowledge_file_size
        )
    except KnowledgeError:
        documents = []
    return KnowledgeGuide(
        documents=lambda: documents, salary_policy=policy, drafts_job_descriptions=False
    )


def build_router(
    settings: Settings, chat_model: BaseChatModel | None, index: LiveIndex
) -> FeatureRouter | None:
    """Salary and JD features from the knowledge; without them the bot still answers."""
    from bot.dispatch import FeatureRouter, load_feature_knowledge
    from bot.errors import KnowledgeError

    def generation() -> str | None:
        try:
            index.refresh()
        except IndexUnavailable:
            return None
        return index.info.collection if index.info else None

    try:
        return FeatureRouter(
            load=lambda: load_feature_knowledge(
                settings.knowledge_dir, max_bytes=settings.max_knowledge_file_size
            ),
            prompts_dir=settings.prompts_dir,
            chat_model=chat_model,
            generation=generation,
        )
    except KnowledgeError as exc:  # the salary table's errors too
        # The message names the knowledge file at fault; it holds no message text.
        log.error("salary and job-description features are off: %s", LogSafe(str(exc)))
        return None
