"""Which collection is live: a tiny pointer collection whose metadata names it.

Keeping the pointer inside Chroma (not in a local file) lets replicas that share a Chroma
server agree on the live index, and switching it is one metadata write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

POINTER = "rolebot-active"
PREFIX = "rolebot-v"


@dataclass(frozen=True)
class IndexInfo:
    """The live collection and the embedding model its vectors came from.

    ``previous`` is the generation it replaced, kept so a server mid-query can finish with
    it; ``fingerprint`` hashes everything the generation was built from (chunks, their
    metadata, the salary table), so ingest can tell "already up to date" exactly.
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
