"""Every ingest leaves on disk only what a live generation uses, while servers keep reading."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.embeddings.minilm import MiniLMEmbeddings
from bot.index.chroma import PREFIX, ChromaIndex, open_chroma, read_pointer
from bot.index.housekeeping import SEGMENT_DIR, ingest_lock
from bot.index.ingest import ingest
from bot.retrieval.live import LiveIndex
from bot.settings import load_settings


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "a.md").write_text("# Alpha\n## Tools\n- Hammer\n- Saw\n")
    return kb


def _segment_dirs(chroma: Path) -> set[str]:
    return {p.name for p in chroma.iterdir() if p.is_dir() and SEGMENT_DIR.fullmatch(p.name)}


def _vector_segments(chroma: Path, collections: set[str]) -> set[str]:
    with sqlite3.connect(chroma / "chroma.sqlite3") as db:
        rows = db.execute(
            "SELECT s.id, c.name FROM segments s JOIN collections c ON s.collection = c.id "
            "WHERE s.scope = 'VECTOR'"
        ).fetchall()
    return {str(sid) for sid, name in rows if name in collections}


def _generations(client: object) -> set[str]:
    return {c.name for c in client.list_collections() if c.name.startswith(PREFIX)}  # type: ignore[attr-defined]


def test_five_changing_ingests_leave_only_the_live_and_previous_generation_on_disk(
    tmp_path: Path, kb: Path, embedder: MiniLMEmbeddings
) -> None:
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    chroma = tmp_path / "data" / "chroma"
    reader = LiveIndex(store=ChromaIndex(client), embedder=embedder, check_every=3600)
    for i in range(5):
        (kb / "a.md").write_text(f"# Alpha\n## Tools\n- Hammer\n- Saw number {i}\n")
        ingest(client=client, embedder=embedder, knowledge_dir=kb, progress=False)
        if i == 3:
            reader.refresh(force=True)  # a server that loaded generation 4 and is still on it
    info = read_pointer(client)
    assert info is not None and info.previous
    assert _generations(client) == {info.collection, info.previous}
    assert _segment_dirs(chroma) == _vector_segments(chroma, {info.collection, info.previous})
    assert len(_segment_dirs(chroma)) == 2
    # The server still on the previous generation can finish its query.
    assert "number 3" in reader.retriever().search("saw", k=1)[0].chunk.text


def test_an_up_to_date_ingest_removes_what_a_killed_ingest_left(
    tmp_path: Path, kb: Path, embedder: MiniLMEmbeddings
) -> None:
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    chroma = tmp_path / "data" / "chroma"
    ingest(client=client, embedder=embedder, knowledge_dir=kb, progress=False)
    live = read_pointer(client)
    # What an ingest killed after writing its new collection leaves: a full collection
    # the pointer never named.
    orphan = client.create_collection(
        f"{PREFIX}20990101000000000000", configuration={"hnsw": {"space": "cosine"}}
    )
    orphan.add(
        ids=[str(i) for i in range(300)],
        embeddings=[[float(i % 7), 1.0, float(i)] for i in range(300)],
    )
    assert len(_segment_dirs(chroma)) == 2

    report = ingest(client=client, embedder=embedder, knowledge_dir=kb, progress=False)

    assert report.summary().startswith("Index already up to date")
    assert "Removed 1 unused index generation and 1 leftover index directory." in (report.summary())
    assert read_pointer(client) == live
    assert live is not None and _generations(client) == {live.collection}
    assert _segment_dirs(chroma) == _vector_segments(chroma, {live.collection})


def test_directories_chroma_did_not_leave_are_not_touched(
    tmp_path: Path, kb: Path, embedder: MiniLMEmbeddings
) -> None:
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    chroma = tmp_path / "data" / "chroma"
    ingest(client=client, embedder=embedder, knowledge_dir=kb, progress=False)
    foreign = chroma / "0b7f3f0e-1111-4222-8333-944455556666"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not an HNSW index")
    backups = chroma / "backups"
    backups.mkdir()
    (kb / "a.md").write_text("# Alpha\n## Tools\n- Chisel\n")
    ingest(client=client, embedder=embedder, knowledge_dir=kb, progress=False)
    assert (foreign / "notes.txt").exists() and backups.is_dir()


def test_a_second_ingest_waits_for_the_first_instead_of_sweeping_its_work(
    tmp_path: Path, kb: Path, embedder: MiniLMEmbeddings
) -> None:
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    other = open_chroma(load_settings(data_dir=tmp_path / "data"))
    waited = threading.Event()
    done: list[str] = []

    def second() -> None:
        report = ingest(
            client=other, embedder=embedder, knowledge_dir=kb, on_wait=waited.set, progress=False
        )
        done.append(report.summary())

    with ingest_lock(client):
        thread = threading.Thread(target=second)
        thread.start()
        assert waited.wait(timeout=30), "the second ingest noticed the first"
        assert not done
    thread.join(timeout=60)
    assert done and done[0].startswith("Index rebuilt")
