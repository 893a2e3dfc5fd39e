"""The index a running process answers from, following the pointer when ``ingest`` moves it.

A new generation is loaded completely before it replaces the old one, so a query never
sees a half-built index; the check is throttled so the hot path stays one float compare.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from bot.embeddings.base import TextEmbedder
from bot.errors import IndexUnavailable
from bot.index.vector import IndexInfo, VectorIndex
from bot.retrieval.hybrid import HybridRetriever, Snapshot


class LiveIndex:
    """Hands out a :class:`HybridRetriever` for the current index generation."""

    def __init__(
        self,
        *,
        store: VectorIndex,
        embedder: TextEmbedder,
        k: int = 4,
        check_every: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._embedder = embedder
        self._k = k
        self._check_every = check_every
        self._clock = clock
        self._lock = threading.Lock()
        self._retriever: HybridRetriever | None = None
        self._checked = float("-inf")

    @property
    def k(self) -> int:
        """How many sections each search returns."""
        return self._k

    @property
    def info(self) -> IndexInfo | None:
        return self._retriever.snapshot.info if self._retriever else None

    def _load(self, info: IndexInfo) -> HybridRetriever:
        if info.model_id != self._embedder.model_id:
            raise IndexUnavailable(
                f"the index was built with {info.model_id}; run 'rolebot ingest --rebuild'"
            )
        snapshot = Snapshot.load(info, self._store)
        return HybridRetriever(snapshot=snapshot, embedder=self._embedder, k=self._k)

    def refresh(self, *, force: bool = False) -> bool:
        """Load a newer generation if the pointer moved; True when it did."""
        now = self._clock()
        if not force and now - self._checked < self._check_every and self._retriever is not None:
            return False
        with self._lock:
            self._checked = now
            try:
                info = self._store.live()
            except Exception as exc:  # server down: keep serving what we have, if anything
                if self._retriever is None:
                    raise IndexUnavailable(type(exc).__name__) from exc
                return False
            if info is None:
                if self._retriever is None:
                    raise IndexUnavailable("no index has been built; run 'rolebot ingest'")
                return False
            if self._retriever and self._retriever.snapshot.info.collection == info.collection:
                return False
            self._retriever = self._load(info)
            return True

    def retriever(self) -> HybridRetriever:
        """The retriever for the newest loaded generation (raises IndexUnavailable)."""
        self.refresh()
        assert self._retriever is not None
        return self._retriever
