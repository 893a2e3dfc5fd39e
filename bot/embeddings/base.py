"""What the index needs from an embedding model, whichever provider runs it."""

from __future__ import annotations

from typing import Protocol


class TextEmbedder(Protocol):
    """LangChain's ``Embeddings`` methods plus the identity the index records.

    ``model_id`` and ``dimension`` are stored with the index so that vectors from two
    different models are never mixed: a change of model forces a rebuild.
    """

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...
