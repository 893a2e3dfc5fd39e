"""Build the index from ``knowledge/``: validate everything, build a new collection aside,
reuse vectors of unchanged chunks, then switch the pointer.

The collection holds the section chunks and, beside them, every list item and sentence as
a unit (same content-hash ids, same reuse of unchanged vectors). Its metadata carries the
synonym table (``knowledge/synonyms.yaml``) and the role names from the documents' front
matter, so a query always uses the ones its index was built with.

A bad file (a Markdown file, ``salaries.yaml`` or ``synonyms.yaml``) raises before any
collection is created, and a failure while building leaves the old pointer in place, so the
previous index keeps serving either way. Every run ends by sweeping what no live generation uses.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.embeddings.base import TextEmbedder
from bot.index.chroma import PREFIX, read_pointer, write_pointer
from bot.index.housekeeping import Swept, ingest_lock, sweep
from bot.index.vector import IndexInfo
from bot.knowledge.chunking import Chunk, chunk_documents, units_of_documents
from bot.knowledge.documents import (
    DEFAULT_MAX_FILE_BYTES,
    Document,
    load_knowledge,
    read_knowledge_bytes,
)
from bot.knowledge.roles import covered_roles
from bot.retrieval.synonyms import SYNONYMS_FILE, load_synonyms
from bot.salary.table import SALARY_TABLE_FILE, load_salary_table

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
    up_to_date: bool = False
    swept: Swept = field(default_factory=Swept)
    # The counts above are of sections; these are of the units (items, sentences) in them.
    units: int = 0
    units_embedded: int = 0
    # The synonym table or the documents' role names changed (stored with the index).
    tables_changed: bool = False

    def summary(self) -> str:
        verb = "rebuilt" if self.rebuilt else "updated"
        if self.up_to_date:
            verb = "already up to date"
        line = (
            f"Index {verb}: {self.added} added, {self.removed} removed, "
            f"{self.unchanged} unchanged ({self.embedded} embedded) in {self.seconds:.2f} s; "
            f"{self.units} units ({self.units_embedded} embedded)."
        )
        removed = [
            _count(self.swept.collections, "unused index generation", "unused index generations"),
            _count(
                self.swept.directories, "leftover index directory", "leftover index directories"
            ),
        ]
        if any(removed):
            line += f" Removed {' and '.join(r for r in removed if r)}."
        return line


def _count(n: int, one: str, many: str) -> str:
    return "" if n == 0 else f"1 {one}" if n == 1 else f"{n} {many}"


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


def _validated(knowledge_dir: Path, max_bytes: int) -> tuple[list[Chunk], dict[str, str], str]:
    """The chunks and units to index, the tables stored beside them, and a fingerprint of
    everything a generation is built from.

    The salary table is checked here too, against the documents it cites, so a broken
    ``salaries.yaml`` stops the ingest like a broken Markdown file (running servers keep
    the table they have; they reload only when the generation moves).
    """
    documents = load_knowledge(knowledge_dir, max_bytes=max_bytes)
    table = knowledge_dir / SALARY_TABLE_FILE
    table_bytes = b""
    if table.exists() or table.is_symlink():
        load_salary_table(table, documents, max_bytes=max_bytes)
        table_bytes = read_knowledge_bytes(table, str(table), max_bytes)
    chunks = chunk_documents(documents) + units_of_documents(documents)
    roles = covered_roles(documents)
    extra = {
        "synonyms": json.dumps(
            dict(load_synonyms(knowledge_dir / SYNONYMS_FILE, max_bytes=max_bytes).table),
            sort_keys=True,
        ),
        "roles": json.dumps(list(roles.names)),
        "examples": json.dumps(asdict(roles.example_requests())),
        "role_documents": json.dumps(dict(roles.documents)),
        "same_rung": json.dumps([list(group) for group in roles.same_rung]),
    }
    table_bytes += json.dumps(extra, sort_keys=True).encode()
    return chunks, extra, _fingerprint(documents, table_bytes, chunks)


def _fingerprint(documents: list[Document], table: bytes, chunks: list[Chunk]) -> str:
    # The files' text covers what chunks leave out (front matter the JD drafts read, the
    # salary table); the chunks' metadata covers a change in how the same text is chunked.
    digest = hashlib.sha256()
    for doc in documents:
        digest.update(f"{doc.path}\x00{doc.text}\x00".encode())
    digest.update(table)
    for chunk in chunks:
        digest.update(f"\x00{chunk.id}{json.dumps(chunk.metadata(), sort_keys=True)}".encode())
    return digest.hexdigest()[:32]


def ingest(
    *,
    client: ClientAPI,
    embedder: TextEmbedder,
    knowledge_dir: Path,
    rebuild: bool = False,
    progress: bool = True,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    on_wait: Callable[[], None] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> IngestReport:
    """Bring the index in line with ``knowledge_dir``; raises ``KnowledgeError`` on a bad file.

    ``max_file_bytes`` is ROLEBOT_MAX_KNOWLEDGE_FILE_SIZE; ``on_wait`` is called when another
    ingest holds this data directory, before waiting for it to finish.
    """
    started = clock()
    chunks, extra, fingerprint = _validated(knowledge_dir, max_file_bytes)
    with ingest_lock(client, on_wait):
        return _build(
            client,
            embedder,
            chunks,
            extra,
            fingerprint,
            rebuild=rebuild,
            progress=progress,
            clock=clock,
            started=started,
        )


def _build(
    client: ClientAPI,
    embedder: TextEmbedder,
    chunks: list[Chunk],
    extra: dict[str, str],
    fingerprint: str,
    *,
    rebuild: bool,
    progress: bool,
    clock: Callable[[], float],
    started: float,
) -> IngestReport:
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

    if (
        reuse is not None
        and same_extra
        and unchanged == old_ids == new_ids
        and reuse.fingerprint == fingerprint
    ):
        # Nothing to build, but a killed ingest may have left a collection behind.
        swept = sweep(client, {reuse.collection} | ({reuse.previous} if reuse.previous else set()))
        return IngestReport(
            0,
            0,
            len(unchanged - new_units),
            0,
            clock() - started,
            reuse.collection,
            False,
            True,
            swept,
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
    previous = current.collection if current else ""
    sections = sum(not c.is_unit for c in chunks)
    info = IndexInfo(name, embedder.model_id, dimension, sections, built_at, previous, fingerprint)
    write_pointer(client, info)
    # Keep the previous collection one generation so a server mid-query can finish with it.
    swept = sweep(client, {name} | ({previous} if previous else set()))
    return IngestReport(
        added=len(new_ids - new_units - unchanged),
        removed=len(old_ids - old_units - unchanged),
        unchanged=len(unchanged - new_units),
        embedded=sum(not c.is_unit for c in to_embed),
        seconds=clock() - started,
        collection=name,
        rebuilt=reuse is None,
        swept=swept,
        units=len(new_units),
        units_embedded=sum(c.is_unit for c in to_embed),
        tables_changed=not same_extra,
    )
