"""Chroma, the vector store rolebot ships with: the client, the live-generation pointer, and
:class:`ChromaIndex`, the :class:`~bot.index.vector.VectorIndex` retrieval reads through.

The client is opened once per process with telemetry off: an embedded ``PersistentClient``
in the data directory, or an ``HttpClient`` when ``CHROMA_HOST`` names a server several
replicas share. Which collection is live is kept in a tiny pointer collection whose
metadata names it, inside Chroma (not in a local file), so replicas sharing a server agree
on it, and switching it is one metadata write.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from bot.errors import DependencyError, reason_of
from bot.index.vector import Generation, IndexInfo
from bot.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

    # The client type, for callers that hand one in (tests, the bench) without importing
    # chromadb themselves.
    ChromaClient: TypeAlias = ClientAPI

POINTER = "rolebot-active"
PREFIX = "rolebot-v"
# Collections kept open for queries: the live generation and the one it replaced.
OPEN_COLLECTIONS = 4


class ChromaIndex:
    """A :class:`~bot.index.vector.VectorIndex` over a Chroma client."""

    def __init__(self, client: ClientAPI) -> None:
        self.client = client
        self._open: dict[str, Collection] = {}
        self._lock = threading.Lock()

    def live(self) -> IndexInfo | None:
        return read_pointer(self.client)

    def generation(self, name: str) -> Generation:
        collection = self._collection(name)
        data = collection.get(include=["documents", "metadatas", "embeddings"])
        raw_vectors: Any = data.get("embeddings")
        ids = list(data["ids"])
        return Generation(
            ids=ids,
            documents=[d or "" for d in data.get("documents") or []],
            metadatas=[dict(m or {}) for m in data.get("metadatas") or []],
            vectors=[None] * len(ids) if raw_vectors is None else list(raw_vectors),
            metadata=dict(collection.metadata or {}),
        )

    def nearest(
        self, name: str, vector: Sequence[float], n: int, *, kind: str | None = None
    ) -> dict[str, float]:
        result = self._collection(name).query(
            query_embeddings=[list(vector)],  # type: ignore[arg-type]
            n_results=n,
            include=["distances"],
            where={"kind": kind} if kind else None,
        )
        distances = (result.get("distances") or [[]])[0]
        return {cid: 1.0 - float(d) for cid, d in zip(result["ids"][0], distances, strict=True)}

    def _collection(self, name: str) -> Collection:
        with self._lock:
            collection = self._open.get(name)
        if collection is None:
            collection = self.client.get_collection(name)
            with self._lock:
                if len(self._open) >= OPEN_COLLECTIONS:
                    self._open.pop(next(iter(self._open)))
                self._open[name] = collection
        return collection


def open_chroma(settings: Settings) -> ClientAPI:
    """An embedded ``PersistentClient`` in the data directory, or an ``HttpClient``.

    ``CHROMA_HOST`` switches to a Chroma server so several bot replicas share one index.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        headers = {}
        if settings.chroma_auth_token is not None:
            headers["Authorization"] = f"Bearer {settings.chroma_auth_token.get_secret_value()}"
        try:
            return chromadb.HttpClient(
                host=settings.chroma_host,
                port=settings.chroma_port,
                headers=headers,
                settings=chroma_settings,
            )
        except Exception as exc:  # chromadb wraps every connection failure in a ValueError
            raise DependencyError(
                f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port}"
                f" ({reason_of(exc)})."
            ) from exc
    path = settings.data_dir / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # permissions, a file in the way, a read-only or full disk
        reason = reason_of(exc)
        if "readonly database" in reason:  # what SQLite says under a read-only directory
            reason = "read-only"
        raise DependencyError(
            f"cannot use the data directory {settings.data_dir} ({reason}); point "
            "ROLEBOT_DATA_DIR at a directory rolebot can read and write."
        ) from exc


def read_pointer(client: ClientAPI) -> IndexInfo | None:
    """The live index, or None when nothing has been built yet."""
    names = {c.name for c in client.list_collections()}
    if POINTER not in names:
        return None
    meta = client.get_collection(POINTER).metadata or {}
    if not meta.get("collection") or meta["collection"] not in names:
        return None
    return IndexInfo(
        collection=str(meta["collection"]),
        model_id=str(meta.get("model_id", "")),
        dimension=int(meta.get("dimension", 0)),
        chunks=int(meta.get("chunks", 0)),
        built_at=str(meta.get("built_at", "")),
        previous=str(meta.get("previous", "")),
        fingerprint=str(meta.get("fingerprint", "")),
    )


def write_pointer(client: ClientAPI, info: IndexInfo) -> None:
    """Make ``info.collection`` the live index in one metadata write."""
    pointer = client.get_or_create_collection(POINTER, metadata=info.as_metadata())
    pointer.modify(metadata=info.as_metadata())


def stale_collections(client: ClientAPI, keep: set[str]) -> list[str]:
    """rolebot index collections not in ``keep``: replaced generations, and the half-built
    collection of an ingest that was killed before it could switch the pointer."""
    return sorted(
        c.name
        for c in client.list_collections()
        if c.name.startswith(PREFIX) and c.name not in keep
    )
