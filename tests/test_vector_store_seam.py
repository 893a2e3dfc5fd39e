"""The vector store is a seam: retrieval reads through ``VectorIndex`` only, so another store
(here an in-memory one, built from the same generation) gives the same answers, and nothing
outside ``bot/index/`` imports chromadb."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bot import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.index.chroma import ChromaIndex, open_chroma
from bot.index.vector import Generation, IndexInfo, VectorIndex
from bot.models import Answer, Request
from bot.settings import PROJECT_ROOT, Settings

QUESTIONS = [
    "what does a lead MLOps engineer own for monitoring?",
    "which MLOps tools should they know?",
    "how do I bake sourdough bread?",
]


class InMemoryIndex:
    """One generation held in memory, searched by brute-force cosine similarity."""

    def __init__(self, info: IndexInfo, generation: Generation) -> None:
        self.info = info
        self._generation = generation
        self._vectors = np.array([np.asarray(v, dtype=float) for v in generation.vectors])
        self._kinds = [meta.get("kind", "section") for meta in generation.metadatas]

    def live(self) -> IndexInfo | None:
        return self.info

    def generation(self, name: str) -> Generation:
        assert name == self.info.collection
        return self._generation

    def nearest(
        self, name: str, vector: Sequence[float], n: int, *, kind: str | None = None
    ) -> dict[str, float]:
        query = np.asarray(vector, dtype=float)
        norms = np.linalg.norm(self._vectors, axis=1) * np.linalg.norm(query)
        similarity = self._vectors @ query / norms
        ranked = [i for i in np.argsort(-similarity) if kind is None or self._kinds[i] == kind][:n]
        return {self._generation.ids[i]: float(similarity[i]) for i in ranked}


def test_another_vector_store_gives_the_same_answers(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    chroma = ChromaIndex(open_chroma(settings))
    info = chroma.live()
    assert info is not None
    memory: VectorIndex = InMemoryIndex(info, chroma.generation(info.collection))

    on_chroma = build_rolebot(settings, store=chroma, embedder=embedder)
    in_memory = build_rolebot(settings, store=memory, embedder=embedder)

    for question in QUESTIONS:
        expected = on_chroma.handle(Request(question))
        got = in_memory.handle(Request(question))
        assert isinstance(got, Answer) and isinstance(expected, Answer)
        assert (got.found, got.answer, [s.section for s in got.sources]) == (
            expected.found,
            expected.answer,
            [s.section for s in expected.sources],
        )
    assert got.found is False  # the off-topic question is refused by both


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
    return names


@pytest.mark.parametrize("package", ["bot", "adapters"])
def test_only_the_index_package_imports_chromadb(package: str) -> None:
    index = PROJECT_ROOT / "bot" / "index"
    importing = [
        str(path.relative_to(PROJECT_ROOT))
        for path in sorted((PROJECT_ROOT / package).rglob("*.py"))
        if index not in path.parents and {"chromadb", "langchain_chroma"} & _imports(path)
    ]
    assert importing == []
