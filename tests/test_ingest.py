"""Ingest: incremental by content hash, model changes rebuild, bad files change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.embeddings.minilm import MiniLMEmbeddings
from bot.errors import KnowledgeError
from bot.index.chroma import ChromaIndex, open_chroma, read_pointer
from bot.index.ingest import ingest
from bot.settings import load_settings


class CountingEmbedder:
    """The real model, counting how many texts it was asked to embed."""

    def __init__(self, inner: MiniLMEmbeddings, model_id: str | None = None) -> None:
        self.inner = inner
        self.model_id = model_id or inner.model_id
        self.dimension = inner.dimension
        self.embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


@pytest.fixture
def small_kb(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "a.md").write_text("---\ntitle: Alpha\n---\n# Alpha\n## Tools\n- Hammer\n- Saw\n")
    (kb / "b.md").write_text("# Beta\n## Duties\n- Plan the sprint\n## Pay\n- Competitive\n")
    return kb


def test_reingest_embeds_only_new_or_changed_chunks(
    tmp_path: Path, small_kb: Path, embedder: MiniLMEmbeddings
) -> None:
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    counting = CountingEmbedder(embedder)
    first = ingest(client=client, embedder=counting, knowledge_dir=small_kb)
    assert (first.added, first.removed, first.unchanged) == (3, 0, 0)
    assert (first.units, first.units_embedded) == (4, 4)  # Hammer, Saw, Plan…, Competitive

    again = ingest(client=client, embedder=counting, knowledge_dir=small_kb)
    assert (again.added, again.removed, again.embedded) == (0, 0, 0)
    assert "already up to date" in again.summary()

    (small_kb / "b.md").write_text("# Beta\n## Duties\n- Plan the sprint\n## Pay\n- Generous\n")
    (small_kb / "a.md").unlink()
    (small_kb / "c.md").write_text("# Gamma\n## Notes\n- New file\n")
    counting.embedded = 0
    changed = ingest(client=client, embedder=counting, knowledge_dir=small_kb)
    assert (changed.added, changed.removed, changed.unchanged) == (2, 2, 1)
    assert (changed.units, changed.units_embedded) == (3, 2)  # "Plan the sprint" kept
    assert counting.embedded == 2 + 2  # two sections and their two new items
    info = read_pointer(client)
    assert info is not None and info.chunks == 3
    stored = client.get_collection(info.collection)
    sections = stored.get(where={"kind": "section"}, include=["documents"])["documents"]
    assert sorted(sections or []) == ["- Generous", "- New file", "- Plan the sprint"]
    units = stored.get(where={"kind": "item"}, include=["documents"])["documents"]
    assert sorted(units or []) == ["Generous", "New file", "Plan the sprint"]


def test_bad_file_leaves_previous_index_serving(
    tmp_path: Path, small_kb: Path, embedder: MiniLMEmbeddings
) -> None:
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    ingest(client=client, embedder=embedder, knowledge_dir=small_kb)
    before = read_pointer(client)
    (small_kb / "broken.md").write_bytes(b"---\ntitle: [oops\n---\n# X\n- y\n")
    with pytest.raises(KnowledgeError, match=r"broken\.md"):
        ingest(client=client, embedder=embedder, knowledge_dir=small_kb)
    assert read_pointer(client) == before
    names = {c.name for c in client.list_collections()}
    assert before is not None and before.collection in names


def test_model_change_forces_full_rebuild(
    tmp_path: Path, small_kb: Path, embedder: MiniLMEmbeddings
) -> None:
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    ingest(client=client, embedder=embedder, knowledge_dir=small_kb)
    other = CountingEmbedder(embedder, model_id="another-model")
    report = ingest(client=client, embedder=other, knowledge_dir=small_kb)
    assert report.rebuilt and other.embedded == 3 + 4  # every section and unit again
    info = read_pointer(client)
    assert info is not None and info.model_id == "another-model" and info.dimension == 384


def test_a_chunk_of_a_split_list_comes_back_as_the_whole_section(
    tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    from bot.retrieval.live import LiveIndex

    kb = tmp_path / "kb"
    kb.mkdir()
    tools = [f"- Tool {i}: " + "useful " * 30 + f"gadget{i}" for i in range(14)]
    (kb / "t.md").write_text("# Toolbox\n## All The Tools\n" + "\n".join(tools) + "\n")
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    ingest(client=client, embedder=embedder, knowledge_dir=kb)
    info = read_pointer(client)
    assert info is not None and info.chunks > 1  # the list really was split

    [hit] = (
        LiveIndex(store=ChromaIndex(client), embedder=embedder).retriever().search("gadget13", k=1)
    )
    assert all(f"gadget{i}" in hit.chunk.text for i in range(14))


def test_a_changed_synonym_table_makes_a_new_index_generation(
    tmp_path: Path, small_kb: Path, embedder: MiniLMEmbeddings
) -> None:
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    ingest(client=client, embedder=embedder, knowledge_dir=small_kb)
    before = read_pointer(client)
    (small_kb / "synonyms.yaml").write_text("synonyms:\n  hw: hammer\n", encoding="utf-8")
    counting = CountingEmbedder(embedder)
    report = ingest(client=client, embedder=counting, knowledge_dir=small_kb)
    after = read_pointer(client)
    assert before is not None and after is not None and after.collection != before.collection
    assert counting.embedded == 0 and "already up to date" not in report.summary()
    metadata = client.get_collection(after.collection).metadata or {}
    assert '"hw": "hammer"' in str(metadata["synonyms"])


def test_a_bad_synonym_table_is_named_and_the_previous_index_keeps_serving(
    tmp_path: Path, small_kb: Path, embedder: MiniLMEmbeddings
) -> None:
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    ingest(client=client, embedder=embedder, knowledge_dir=small_kb)
    before = read_pointer(client)
    (small_kb / "synonyms.yaml").write_text("synonyms:\n  k8s: [kubernetes]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"synonyms\.yaml: the shorthand 'k8s' needs"):
        ingest(client=client, embedder=embedder, knowledge_dir=small_kb)
    assert read_pointer(client) == before


def test_bad_role_aliases_in_front_matter_name_the_file(
    tmp_path: Path, small_kb: Path, embedder: MiniLMEmbeddings
) -> None:
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    (small_kb / "c.md").write_text("---\naliases: Gamma Lead\n---\n# Gamma\n## Duties\n- Run\n")
    with pytest.raises(KnowledgeError, match=r"c\.md: front matter 'aliases' must be a list"):
        ingest(client=client, embedder=embedder, knowledge_dir=small_kb)
