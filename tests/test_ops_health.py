"""The ops endpoints over real HTTP: liveness, readiness with its reasons, Prometheus text."""

from __future__ import annotations

import asyncio
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Request
from bot.ops import probe
from bot.ops.metrics import RoleBotMetrics
from bot.ops.server import OpsServer, start_ops_server, start_ops_site
from bot.service import RoleBot
from bot.settings import Settings, load_settings


def get(port: int, path: str) -> tuple[int, str, str]:
    """(status, content type, body) of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


@pytest.fixture
def refused_port() -> Iterator[int]:
    """A port that refuses connections for the whole test: bound by us, never listening,
    so no other process can start listening on it meanwhile."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


@pytest.fixture
def bot(settings: Settings, embedder: MiniLMEmbeddings) -> RoleBot:
    return build_rolebot(settings, embedder=embedder)


@pytest.fixture
def ops(bot: RoleBot, settings: Settings) -> Iterator[OpsServer]:
    server = start_ops_server(bot, settings, 0, host="127.0.0.1")
    yield server
    server.stop()


def test_healthz_answers_ok(ops: OpsServer) -> None:
    assert get(ops.port, "/healthz")[::2] == (200, "ok")


def test_readyz_is_ready_and_names_the_live_index(ops: OpsServer) -> None:
    status, content_type, body = get(ops.port, "/readyz")
    assert status == 200 and content_type.startswith("application/json")
    data = json.loads(body)
    assert data["ready"] is True
    assert data["index"]["collection"].startswith("rolebot-v")
    assert data["index"]["chunks"] > 0
    assert data["llm"] == {"enabled": False}


def test_readyz_is_503_with_the_reason_before_any_index_exists(
    tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    settings = load_settings(data_dir=tmp_path / "empty")
    server = start_ops_server(build_rolebot(settings, embedder=embedder), settings, 0)
    try:
        assert get(server.port, "/healthz")[0] == 200  # alive, just not ready
        status, _, body = get(server.port, "/readyz")
    finally:
        server.stop()
    assert status == 503
    data = json.loads(body)
    assert data["ready"] is False
    assert data["index"]["error"] == "IndexUnavailable"
    assert "rolebot ingest" in data["index"]["detail"]


def test_unreachable_llm_is_reported_but_does_not_block_readiness(
    data_dir: Path, embedder: MiniLMEmbeddings, refused_port: int
) -> None:
    settings = load_settings(
        data_dir=data_dir,
        openai_base_url=f"http://127.0.0.1:{refused_port}/v1",
        openai_api_key="sk-test-not-real",
    )
    server = start_ops_server(build_rolebot(settings, embedder=embedder), settings, 0)
    try:
        status, _, body = get(server.port, "/readyz")
    finally:
        server.stop()
    assert status == 200
    llm = json.loads(body)["llm"]
    assert llm["enabled"] is True and llm["reachable"] is False
    assert "sk-test" not in body


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_metrics_show_what_the_adapters_observed(ops: OpsServer, bot: RoleBot) -> None:
    reply = bot.handle(Request(text="which MLOps tools should a lead know?", platform="slack"))
    ops.metrics.observe_reply("slack", "question", reply, 0.12)
    ops.metrics.observe_feedback("slack", "up")

    status, content_type, body = get(ops.port, "/metrics")
    assert status == 200 and content_type.startswith("text/plain; version=0.0.4")
    samples = _samples(body)
    labels = (("intent", "question"), ("outcome", "answered"), ("platform", "slack"))
    assert samples[("rolebot_requests_total", labels)] == 1.0
    latency = (("intent", "question"), ("platform", "slack"))
    assert samples[("rolebot_answer_latency_seconds_count", latency)] == 1.0
    assert samples[("rolebot_retrieval_top_score_count", ())] == 1.0
    assert samples[("rolebot_feedback_total", (("platform", "slack"), ("vote", "up")))] == 1.0
    assert "python_gc" not in body  # a registry of our own, not the process-global one


def test_ops_site_runs_on_an_existing_event_loop(bot: RoleBot, settings: Settings) -> None:
    async def scenario() -> tuple[int, Any]:
        runner, port = await start_ops_site(
            bot, settings, 0, metrics=RoleBotMetrics(), host="127.0.0.1"
        )
        try:
            async with (
                aiohttp.ClientSession() as session,
                session.get(f"http://127.0.0.1:{port}/readyz") as response,
            ):
                return response.status, await response.json()
        finally:
            await runner.cleanup()

    status, data = asyncio.run(scenario())
    assert status == 200 and data["ready"] is True


def test_stopping_the_server_frees_its_port(bot: RoleBot, settings: Settings) -> None:
    server = start_ops_server(bot, settings, 0, host="127.0.0.1")
    server.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()


def test_port_in_use_fails_at_start(bot: RoleBot, settings: Settings, ops: OpsServer) -> None:
    with pytest.raises(OSError):
        start_ops_server(bot, settings, ops.port, host="127.0.0.1")


def test_container_probe_exits_zero_only_while_healthy(
    ops: OpsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLEBOT_METRICS_PORT", str(ops.port))
    assert probe.main(["/healthz"]) == 0
    ops.stop()
    assert probe.main(["/healthz"]) == 1
