"""Build the index from ``knowledge/``: validate everything, build a new collection aside,
reuse vectors of unchanged chunks, then switch the pointer.

A bad file raises before any collection is created, and a failure while building leaves
the old pointer in place, so the previous index keeps serving either way.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.embeddings.base import TextEmbedder
from bot.index.pointer import PREFIX, IndexInfo, read_pointer, stale_collections, write_pointer
from bot.knowledge.chunking import Chunk, chunk_documents
from bot.knowledge.documents import load_knowledge

if TYPE_CHECKING:
    from pathlib import Path

    from chromadb.api import ClientAPI

# Below this many chunks to embed, a progress bar is noise.
PROGRESS_MIN = 64
WRITE_BATCH = 256


@dataclass(frozen=True)
class IngestReport:
    """What an ingest changed, for the terminal and for tests."""

    added: int
    removed: int
    unchanged: int
    embedded: int
    seconds: float
    collection: str
    rebuilt: bool

    def summary(self) -> str:
        verb = "rebuilt" if self.rebuilt else "updated"
        if not (self.added or self.removed) and not self.rebuilt:
            verb = "already up to date"
        return (
            f"Index {verb}: {self.added} added, {self.removed} removed, "
            f"{self.unchanged} unchanged ({self.embedded} embedded) in {self.seconds:.2f} s."
        )


def _existing_vectors(
    client: ClientAPI, info: IndexInfo | None, wanted: list[str]
) -> dict[str, list[float]]:
    if info is None or not wanted:
        return {}
    old = client.get_collection(info.collection)
    found = old.get(ids=wanted, include=["embeddings"])
    vectors = found.get("embeddings")
    if vectors is None:
        return {}
    return {cid: [float(x) for x in vec] for cid, vec in zip(found["ids"], vectors, strict=True)}


def _embed(embedder: TextEmbedder, chunks: list[Chunk], progress: bool) -> dict[str, list[float]]:
    if not chunks:
        return {}
    show = progress and len(chunks) >= PROGRESS_MIN and sys.stderr.isatty()
    batch = 32
    vectors: dict[str, list[float]] = {}
    bar: Any = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=len(chunks), desc="Embedding", unit="chunk", file=sys.stderr)
    for start in range(0, len(chunks), batch):
        part = chunks[start : start + batch]
        for chunk, vec in zip(
            part, embedder.embed_documents([c.embed_text for c in part]), strict=True
        ):
            vectors[chunk.id] = vec
        if bar is not None:
            bar.update(len(part))
    if bar is not None:
        bar.close()
    return vectors


def ingest(
    *,
    client: ClientAPI,
    embedder: TextEmbedder,
    knowledge_dir: Path,
    rebuild: bool = False,
    progress: bool = True,
    clock: Callable[[], float] = time.perf_counter,
) -> IngestReport:
    """Bring the index in line with ``knowledge_dir``; raises ``KnowledgeError`` on a bad file."""
    started = clock()
    chunks = chunk_documents(load_knowledge(knowledge_dir))
    current = read_pointer(client)
    model_changed = current is not None and current.model_id != embedder.model_id
    reuse = current if (current is not None and not rebuild and not model_changed) else None

    new_ids = [c.id for c in chunks]
    old_ids: set[str] = set()
    if current is not None:
        old_ids = set(client.get_collection(current.collection).get(include=[])["ids"])
    unchanged = set(new_ids) & old_ids if reuse else set()

    if reuse is not None and unchanged == old_ids == set(new_ids):
        return IngestReport(0, 0, len(unchanged), 0, clock() - started, reuse.collection, False)

    vectors = _existing_vectors(client, reuse, sorted(unchanged))
    to_embed = [c for c in chunks if c.id not in vectors]
    vectors.update(_embed(embedder, to_embed, progress))

    name = f"{PREFIX}{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"
    dimension = len(next(iter(vectors.values())))
    collection = client.create_collection(
        name,
        metadata={"model_id": embedder.model_id, "dimension": dimension},
        configuration={"hnsw": {"space": "cosine"}},
        embedding_function=None,
    )
    try:
        for start in range(0, len(chunks), WRITE_BATCH):
            part = chunks[start : start + WRITE_BATCH]
            collection.add(
                ids=[c.id for c in part],
                embeddings=[vectors[c.id] for c in part],  # type: ignore[arg-type]
                documents=[c.text for c in part],
                metadatas=[c.metadata() for c in part],
            )
    except BaseException:
        client.delete_collection(name)
        raise
    built_at = datetime.now(UTC).isoformat(timespec="seconds")
    write_pointer(client, IndexInfo(name, embedder.model_id, dimension, len(chunks), built_at))
    # Keep the previous collection one generation so a server mid-query can finish with it.
    keep = {name} | ({current.collection} if current else set())
    for stale in stale_collections(client, keep):
        client.delete_collection(stale)
    added = len(set(new_ids) - unchanged)
    removed = len(old_ids - unchanged)
    return IngestReport(
        added=added,
        removed=removed,
        unchanged=len(unchanged),
        embedded=len(to_embed),
        seconds=clock() - started,
        collection=name,
        rebuilt=reuse is None,
    )
