"""The seam between retrieval and a vector store: what the bot reads from an index.

Retrieval (:mod:`bot.retrieval`) sees only :class:`VectorIndex`: which generation is live,
everything a generation holds (read once, when it goes live), and the nearest records to
a query vector. :class:`bot.index.chroma.ChromaIndex` is the implementation; another store
implements these three methods (and an ingest that writes generations for it), and nothing
outside ``bot/index/`` changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class IndexInfo:
    """The live generation and the embedding model its vectors came from.

    ``collection`` names the generation; ``previous`` is the one it replaced, kept so a
    server mid-query can finish with it; ``fingerprint`` hashes everything the generation
    was built from (chunks, their metadata, the salary table), so ingest can tell "already
    up to date" exactly.
    """

    collection: str
    model_id: str
    dimension: int
    chunks: int
    built_at: str
    previous: str = ""
    fingerprint: str = ""

    def as_metadata(self) -> dict[str, Any]:
        return {
            "collection": self.collection,
            "model_id": self.model_id,
            "dimension": self.dimension,
            "chunks": self.chunks,
            "built_at": self.built_at,
            "previous": self.previous,
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True)
class Generation:
    """Every record of one generation, in one order: sections and units with their text,
    metadata (see :meth:`bot.knowledge.chunking.Chunk.from_metadata`) and vectors, plus the
    generation's own metadata (the synonym table and covered roles, as JSON strings)."""

    ids: list[str]
    documents: list[str]
    metadatas: list[dict[str, Any]]
    vectors: list[Sequence[float] | None]
    metadata: dict[str, Any] = field(default_factory=dict)


class VectorIndex(Protocol):
    """What the bot reads from a vector store. Any method may raise when the store cannot
    be reached; retrieval reports that as :class:`~bot.errors.IndexUnavailable`."""

    def live(self) -> IndexInfo | None:
        """The generation queries should use, or None when nothing has been built."""
        ...

    def generation(self, name: str) -> Generation:
        """Everything generation ``name`` holds."""
        ...

    def nearest(
        self, name: str, vector: Sequence[float], n: int, *, kind: str | None = None
    ) -> dict[str, float]:
        """The ``n`` records of generation ``name`` nearest ``vector`` (only those whose
        ``kind`` metadata is ``kind``, when given), by id, with their cosine similarity."""
        ...
