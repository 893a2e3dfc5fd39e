"""Dense similarity from Chroma plus BM25 over the same chunks, fused by reciprocal rank.

The snapshot of chunk texts (for BM25 and for putting split sections back together) is read
from the live collection itself, so it can never disagree with the vectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.embeddings.base import TextEmbedder
from bot.index.pointer import IndexInfo
from bot.knowledge.chunking import Chunk
from bot.retrieval.shorthand import expand_shorthand
from bot.retrieval.terms import WORD, terms
from bot.settings import DependencyError

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

# Tuned on eval/questions.yaml (hit@4 0.74 with the textbook k=60 and equal weights, 0.81
# with these): a small k lets a confident first place count, and BM25's vote is weighted by
# how strongly its best match scored, so a query whose words occur everywhere ("mlops") does
# not drown out the dense ranking.
RRF_K = 5
LEXICAL_HALF_WEIGHT = 4.0
CANDIDATES = 20
# A query keeps its document-title words for the dense search unless this many words the
# knowledge uses remain without them ("what is a lead MLOps engineer, in a nutshell?" keeps
# them; "... own for monitoring?" drops them).
MIN_TOPIC_TERMS = 1


class IndexUnavailable(DependencyError):
    """The index cannot be read (not built, or the Chroma server is down)."""


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its scores. ``similarity`` is the dense cosine (0..1)."""

    chunk: Chunk
    similarity: float
    lexical: float
    fused: float


@dataclass
class Snapshot:
    """Everything a query needs from one index generation."""

    info: IndexInfo
    collection: Collection
    chunks: dict[str, Chunk]
    bm25: Any
    order: list[str]
    sections: dict[str, list[Chunk]] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()

    def topic_of(self, query: str) -> str:
        """``query`` without the document titles' words, when enough else is left.

        Every chunk embeds its document title, so in "what does a lead MLOps engineer own
        for monitoring?" the role name outweighs "monitoring" and tiny sections win on the
        title alone. BM25 still sees the whole query, so a title still picks its document.
        """
        stripped = self._title_words.sub(" ", query)
        known = [t for t in terms(stripped) if t in self.vocabulary]
        return stripped if len(known) >= MIN_TOPIC_TERMS else query

    @cached_property
    def _title_words(self) -> re.Pattern[str]:
        words = {w.lower() for c in self.chunks.values() for w in WORD.findall(c.title.lower())}
        alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
        return (
            re.compile(rf"\b(?:{alternatives})s?\b", re.IGNORECASE) if words else re.compile("$^")
        )

    def topics(self) -> dict[str, list[str]]:
        """Top-level sections of each document, in reading order: what the bot can answer."""
        found: dict[str, list[str]] = {}
        for chunk in sorted(self.chunks.values(), key=lambda c: (c.title, c.position)):
            top = chunk.section.split(" › ")[0]
            if top and top not in found.setdefault(chunk.title, []):
                found[chunk.title].append(top)
        return found

    def children(self, chunk: Chunk) -> list[Chunk]:
        """First chunk of each direct subsection of ``chunk``'s section, in reading order."""
        prefix = chunk.section + " › "
        depth = chunk.section.count(" › ") + 1
        kids = [
            parts[0]
            for parts in self.sections.values()
            if parts[0].path == chunk.path
            and parts[0].section.startswith(prefix)
            and parts[0].section.count(" › ") == depth
        ]
        return sorted(kids, key=lambda c: c.position)

    @classmethod
    def load(cls, info: IndexInfo, collection: Collection) -> Snapshot:
        from rank_bm25 import BM25Okapi

        data = collection.get(include=["documents", "metadatas"])
        metas = data.get("metadatas") or []
        docs = data.get("documents") or []
        chunks = {
            cid: Chunk.from_metadata(cid, text or "", dict(meta or {}))
            for cid, text, meta in zip(data["ids"], docs, metas, strict=True)
        }
        if not chunks:
            raise IndexUnavailable("the index is empty")
        order = sorted(chunks)
        corpus = [
            terms(f"{chunks[c].section} {chunks[c].section} {chunks[c].text}") or ["_"]
            for c in order
        ]
        sections: dict[str, list[Chunk]] = {}
        for chunk in chunks.values():
            if not chunk.group:
                sections.setdefault(chunk.section_key, []).append(chunk)
        for parts in sections.values():
            parts.sort(key=lambda c: c.part)
        vocabulary = frozenset(t for doc in corpus for t in doc)
        return cls(info, collection, chunks, BM25Okapi(corpus), order, sections, vocabulary)


class HybridRetriever:
    """Ranks chunks for a query; see :mod:`bot.retrieval.langchain_retriever` for LangChain."""

    def __init__(self, *, snapshot: Snapshot, embedder: TextEmbedder, k: int = 4) -> None:
        self.snapshot = snapshot
        self._embedder = embedder
        self.k = k

    def _dense(self, query: str) -> dict[str, float]:
        n = min(CANDIDATES, len(self.snapshot.chunks))
        try:
            result = self.snapshot.collection.query(
                query_embeddings=[self._embedder.embed_query(self.snapshot.topic_of(query))],  # type: ignore[arg-type]
                n_results=n,
                include=["distances"],
            )
        except DependencyError as exc:  # e.g. the embedding server is down: say which
            raise IndexUnavailable(str(exc).rstrip(".")) from exc
        except Exception as exc:  # chromadb raises many types; all mean "can't read now"
            raise IndexUnavailable(type(exc).__name__) from exc
        distances = (result.get("distances") or [[]])[0]
        return {cid: 1.0 - float(d) for cid, d in zip(result["ids"][0], distances, strict=True)}

    def _lexical(self, query: str) -> dict[str, float]:
        words = terms(query)
        if not words:
            return {}
        scores = self.snapshot.bm25.get_scores(words)
        ranked = sorted(range(len(scores)), key=lambda i: -scores[i])[:CANDIDATES]
        return {self.snapshot.order[i]: float(scores[i]) for i in ranked if scores[i] > 0}

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        """Top ``k`` distinct sections, best first, split sections made whole again."""
        query = expand_shorthand(query)
        dense = self._dense(query)
        lexical = self._lexical(query)
        best_lexical = max(lexical.values(), default=0.0)
        weights = (1.0, best_lexical / (best_lexical + LEXICAL_HALF_WEIGHT))
        fused: dict[str, float] = {}
        for scores, weight in zip((dense, lexical), weights, strict=True):
            ranked = sorted(scores, key=lambda c: -scores[c])
            for rank, cid in enumerate(ranked):
                fused[cid] = fused.get(cid, 0.0) + weight / (RRF_K + rank + 1)
        hits = [
            Hit(self.snapshot.chunks[c], dense.get(c, 0.0), lexical.get(c, 0.0), score)
            for c, score in sorted(fused.items(), key=lambda kv: -kv[1])
            if c in self.snapshot.chunks
        ]
        return self._distinct(hits, k or self.k)

    def _distinct(self, hits: list[Hit], k: int) -> list[Hit]:
        """Drop hits already covered by a better one, and complete partial sections."""
        chosen: list[Hit] = []
        for hit in hits:
            if any(_covers(c.chunk, hit.chunk) for c in chosen):
                continue
            chosen = [c for c in chosen if not _covers(hit.chunk, c.chunk)] + [self._whole(hit)]
            chosen.sort(key=lambda h: -h.fused)
            if len(chosen) >= k:
                break
        return chosen[:k]

    def _whole(self, hit: Hit) -> Hit:
        """A chunk that is part of a longer list comes back with the whole section."""
        if hit.chunk.parts <= 1 or hit.chunk.group:
            return hit
        parts = self.snapshot.sections.get(hit.chunk.section_key, [hit.chunk])
        whole = replace(hit.chunk, text="\n".join(p.text for p in parts), part=1, parts=1)
        return replace(hit, chunk=whole)


def _covers(outer: Chunk, inner: Chunk) -> bool:
    """True when ``outer`` already contains everything ``inner`` says."""
    if outer.path != inner.path:
        return False
    if outer.section_key == inner.section_key:
        return outer.group or not inner.group
    if not outer.group:
        return False
    return inner.section.startswith(outer.section + " › ")
