"""Embeddings from OpenAI or any OpenAI-compatible server, for teams that prefer them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from bot.errors import DependencyError, reason_of
from bot.llm import PLACEHOLDER_KEY
from bot.settings import Settings

if TYPE_CHECKING:
    from langchain_openai import OpenAIEmbeddings


class OpenAICompatibleEmbeddings:
    """Wraps ``langchain_openai.OpenAIEmbeddings`` and learns its dimension on first use."""

    def __init__(self, *, settings: Settings) -> None:
        self._settings = settings
        self.model_id = f"openai:{settings.openai_embedding_model}"

    @cached_property
    def _client(self) -> OpenAIEmbeddings:
        from langchain_openai import OpenAIEmbeddings
        from pydantic import SecretStr

        key = self._settings.openai_api_key or SecretStr(PLACEHOLDER_KEY)
        return OpenAIEmbeddings(
            model=self._settings.openai_embedding_model,
            api_key=key,
            base_url=self._settings.openai_base_url,
            timeout=self._settings.llm_timeout,
            max_retries=1,
            check_embedding_ctx_length=False,
        )

    @cached_property
    def dimension(self) -> int:
        return len(self.embed_query("dimension probe"))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self._server_errors():
            return self._client.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        with self._server_errors():
            return self._client.embed_query(text)

    @contextmanager
    def _server_errors(self) -> Iterator[None]:
        """An unreachable or refusing server is a :class:`DependencyError` naming it."""
        import openai

        try:
            yield
        except openai.APIError as exc:
            where = self._settings.openai_base_url or "the OpenAI API"
            status = getattr(exc, "status_code", None)
            reason = f"HTTP {status}" if status else reason_of(exc)
            raise DependencyError(f"cannot get embeddings from {where} ({reason}).") from exc
