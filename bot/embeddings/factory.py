"""Choose the embedding model from settings, and adapt it to LangChain where a chain needs it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.embeddings.base import TextEmbedder
from bot.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings


def build_embeddings(settings: Settings) -> TextEmbedder:
    """The local MiniLM unless ``ROLEBOT_EMBEDDINGS=openai``."""
    if settings.embeddings == "openai":
        from bot.embeddings.openai_compat import OpenAICompatibleEmbeddings

        return OpenAICompatibleEmbeddings(settings=settings)
    from bot.embeddings.minilm import MiniLMEmbeddings

    return MiniLMEmbeddings(cache_dir=settings.data_dir / "model-cache")


def as_langchain(embedder: TextEmbedder) -> Embeddings:
    """A real ``langchain_core.embeddings.Embeddings`` delegating to ``embedder``."""
    from langchain_core.embeddings import Embeddings

    class _Adapter(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_documents(texts)

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text)

    return _Adapter()
