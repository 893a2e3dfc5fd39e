"""One index for all replicas: an ingest run anywhere against the Chroma server moves every
replica to the new generation, with no question asked of them (bench/replicas.py measures
how soon; docs/operations.md states the bound)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.embeddings.minilm import MiniLMEmbeddings
from bot.index.chroma import ChromaIndex, open_chroma, read_pointer
from bot.index.ingest import ingest
from bot.retrieval.live import LiveIndex
from bot.settings import load_settings
from bot.state.index_follower import IndexFollower
from tests.test_chroma_server import CHROMA, ChromaServer, close_http_pools

pytestmark = pytest.mark.slow


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    assert CHROMA.exists(), "chromadb installs the chroma command"
    server = ChromaServer(tmp_path / "db", tmp_path / "chroma.log")
    server.start()
    yield server
    server.kill()


def test_an_ingest_anywhere_moves_every_idle_replica_to_the_new_generation(
    chroma: ChromaServer, tmp_path: Path, knowledge_copy: Path, embedder: MiniLMEmbeddings
) -> None:
    settings = load_settings(
        data_dir=tmp_path / "data", chroma_host="127.0.0.1", chroma_port=chroma.port
    )
    ingester = open_chroma(settings)  # "anywhere": its own client, as another host would
    ingest(client=ingester, embedder=embedder, knowledge_dir=knowledge_copy, progress=False)
    clients = [open_chroma(settings) for _ in range(2)]
    replicas = [LiveIndex(store=ChromaIndex(c), embedder=embedder) for c in clients]
    followers = [IndexFollower(index, every=0.5) for index in replicas]
    try:
        for index, follower in zip(replicas, followers, strict=True):
            index.retriever()  # serving the first generation
            follower.start()
        first = replicas[0].info
        assert first is not None and replicas[1].info == first

        guide = knowledge_copy / "lead-mlops-engineer.md"
        guide.write_text(guide.read_text() + "\n\n## Shared index\n\nA section added later.\n")
        ingest(client=ingester, embedder=embedder, knowledge_dir=knowledge_copy, progress=False)
        live = read_pointer(ingester)
        assert live is not None and live.collection != first.collection

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(
            index.info is None or index.info.collection != live.collection for index in replicas
        ):
            time.sleep(0.1)
        assert [index.info.collection for index in replicas if index.info] == [live.collection] * 2
        hits = replicas[1].retriever().search("shared index: a section added later")
        assert any(hit.chunk.section.endswith("Shared index") for hit in hits)
    finally:
        for follower in followers:
            follower.stop()
        for client in [ingester, *clients]:
            close_http_pools(client)
