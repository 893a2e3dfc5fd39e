"""ROLEBOT_EMBEDDINGS=openai: vectors from an OpenAI-compatible server, never mixed with MiniLM."""

from __future__ import annotations

from pathlib import Path

from bot.app import build_rolebot
from bot.embeddings.factory import build_embeddings
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.index.chroma import open_chroma, read_pointer
from bot.index.ingest import ingest
from bot.settings import PROJECT_ROOT, load_settings
from tests.fakes.openai_server import EMBEDDING_DIM, FakeOpenAIServer


def test_openai_embeddings_build_their_own_index_and_a_switch_back_rebuilds(
    tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    with FakeOpenAIServer() as server:
        settings = load_settings(
            data_dir=tmp_path / "data",
            embeddings="openai",
            openai_base_url=server.base_url,
            llm="off",
        )
        remote = build_embeddings(settings)
        client = open_chroma(settings)
        report = ingest(client=client, embedder=remote, knowledge_dir=PROJECT_ROOT / "knowledge")
        info = read_pointer(client)
        assert info is not None
        assert (info.model_id, info.dimension) == ("openai:text-embedding-3-small", EMBEDDING_DIM)
        assert server.embedding_requests and report.embedded == info.chunks

        question = "which MLOps tools should they know?"
        asked_before = len(server.embedding_requests)
        answer = build_rolebot(settings, client=client, embedder=remote).ask(question)
        # The question was embedded by the remote model (once; the fake's hashed vectors
        # say nothing about quality), and the search over the remote vectors gave sources.
        [query] = server.embedding_requests[asked_before:]
        assert "tools should they know?" in str(query["input"])  # (the role name is dropped)
        assert answer.found and len(answer.sources) >= 1

    back = ingest(client=client, embedder=embedder, knowledge_dir=PROJECT_ROOT / "knowledge")
    assert back.rebuilt and back.unchanged == 0
    info = read_pointer(client)
    assert info is not None and (info.model_id, info.dimension) == (embedder.model_id, 384)
