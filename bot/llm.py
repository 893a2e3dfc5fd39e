"""The chat model, built once from settings; ``None`` means answers stay extractive.

Imported lazily: ``langchain_openai`` costs seconds to import and is only needed when a
key or an OpenAI-compatible server is configured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

# Local servers (vLLM, Ollama, llama.cpp) ignore the key but the client insists on one.
PLACEHOLDER_KEY = "not-needed"
# Chat answers bind ROLEBOT_LLM_MAX_TOKENS themselves; the client's own ceiling, which
# JD polishing (a whole draft rewritten) runs under, is this many times that.
JD_POLISH_TOKEN_FACTOR = 4


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """A ``ChatOpenAI`` with an explicit timeout and no hidden retries, or None when off.

    Retries are left to the caller's fallback: a slow server must not hold a chat reply
    for several timeouts in a row. Every call is capped in tokens (see
    ``JD_POLISH_TOKEN_FACTOR``), so no use of the model can write without bound.
    """
    if not settings.llm_enabled:
        return None
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    key = settings.openai_api_key or SecretStr(PLACEHOLDER_KEY)
    return ChatOpenAI(
        model=settings.llm_model,
        api_key=key,
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout,
        max_retries=0,
        temperature=0,
        max_completion_tokens=settings.llm_max_tokens * JD_POLISH_TOKEN_FACTOR,
    )
