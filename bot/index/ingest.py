"""Build the index from ``knowledge/``: validate everything, build a new collection aside,
reuse vectors of unchanged chunks, then switch the pointer.

The collection holds the section chunks and, beside them, every list item and sentence as
a unit (same content-hash ids, same reuse of unchanged vectors). Its metadata carries the
synonym table (``knowledge/synonyms.yaml``) and the role names from the documents' front
matter, so a query always uses the ones its index was built with.

A bad file raises before any collection is created, and a failure while building leaves
the old pointer in place, so the previous index keeps serving either way.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.embeddings.base import TextEmbedder
from bot.index.pointer import PREFIX, IndexInfo, read_pointer, stale_collections, write_pointer
from bot.knowledge.chunking import Chunk, chunk_documents, units_of_documents
from bot.knowledge.documents import load_knowledge
from bot.knowledge.roles import covered_roles
from bot.retrieval.synonyms import SYNONYMS_FILE, load_synonyms

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
    # The counts above are of sections; these are of the units (items, sentences) in them.
    units: int = 0
    units_embedded: int = 0
    # The synonym table or the documents' role names changed (stored with the index).
    tables_changed: bool = False

    def summary(self) -> str:
        verb = "rebuilt" if self.rebuilt else "updated"
        changed = self.added or self.removed or self.units_embedded or self.tables_changed
        if not changed and not self.rebuilt:
            verb = "already up to date"
        return (
            f"Index {verb}: {self.added} added, {self.removed} removed, "
            f"{self.unchanged} unchanged ({self.embedded} embedded) in {self.seconds:.2f} s; "
            f"{self.units} units ({self.units_embedded} embedded)."
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
    # Similar lengths side by side: padding a unit to a section's length wastes most of
    # the encoder's time.
    chunks = sorted(chunks, key=lambda c: len(c.embed_text))
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
    documents = load_knowledge(knowledge_dir)
    chunks = chunk_documents(documents) + units_of_documents(documents)
    extra = {
        "synonyms": json.dumps(
            dict(load_synonyms(knowledge_dir / SYNONYMS_FILE).table), sort_keys=True
        ),
        "roles": json.dumps(list(covered_roles(documents).names)),
    }
    current = read_pointer(client)
    model_changed = current is not None and current.model_id != embedder.model_id
    reuse = current if (current is not None and not rebuild and not model_changed) else None

    new_ids = {c.id for c in chunks}
    new_units = {c.id for c in chunks if c.is_unit}
    old_ids: set[str] = set()
    old_units: set[str] = set()
    same_extra = False
    if current is not None:
        old = client.get_collection(current.collection)
        found = old.get(include=["metadatas"])
        old_ids = set(found["ids"])
        kinds = zip(found["ids"], found.get("metadatas") or [], strict=True)
        old_units = {cid for cid, meta in kinds if (meta or {}).get("kind", "section") != "section"}
        same_extra = all((old.metadata or {}).get(k) == v for k, v in extra.items())
    unchanged = new_ids & old_ids if reuse else set()

    if reuse is not None and same_extra and unchanged == old_ids == new_ids:
        return IngestReport(
            0,
            0,
            len(unchanged - new_units),
            0,
            clock() - started,
            reuse.collection,
            False,
            units=len(new_units),
        )

    vectors = _existing_vectors(client, reuse, sorted(unchanged))
    to_embed = [c for c in chunks if c.id not in vectors]
    vectors.update(_embed(embedder, to_embed, progress))

    name = f"{PREFIX}{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"
    dimension = len(next(iter(vectors.values())))
    collection = client.create_collection(
        name,
        metadata={"model_id": embedder.model_id, "dimension": dimension, **extra},
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
    sections = sum(not c.is_unit for c in chunks)
    write_pointer(client, IndexInfo(name, embedder.model_id, dimension, sections, built_at))
    # Keep the previous collection one generation so a server mid-query can finish with it.
    keep = {name} | ({current.collection} if current else set())
    for stale in stale_collections(client, keep):
        client.delete_collection(stale)
    return IngestReport(
        added=len(new_ids - new_units - unchanged),
        removed=len(old_ids - old_units - unchanged),
        unchanged=len(unchanged - new_units),
        embedded=sum(not c.is_unit for c in to_embed),
        seconds=clock() - started,
        collection=name,
        rebuilt=reuse is None,
        units=len(new_units),
        units_embedded=sum(c.is_unit for c in to_embed),
        tables_changed=not same_extra,
    )
