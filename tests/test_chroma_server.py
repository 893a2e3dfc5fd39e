"""Against a real Chroma server (``chroma run`` from the installed chromadb): answers with
sources, a plain "index unavailable" reply while the server is down, and recovery after it
comes back on the same path and port.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.index.chroma import open_chroma
from bot.index.ingest import ingest
from bot.models import Answer, ErrorReply, Request
from bot.service import RoleBot
from bot.settings import PROJECT_ROOT, load_settings

pytestmark = pytest.mark.slow

CHROMA = Path(sys.executable).parent / "chroma"
QUESTION = "which MLOps tools should a lead know?"


class ChromaServer:
    """``chroma run`` in a subprocess that can be killed and started again on the same port.

    The first start asks for port 0 and reads the port the server bound from the process
    itself (chroma logs ":0"), so no other process can take it between choosing and
    binding; a restart reuses that port, as a restarted server on the same host would.
    """

    def __init__(self, path: Path, log: Path, port: int = 0) -> None:
        self.path = path
        self.port = port
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> None:
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "NO_COLOR": "1"}
        address = ["--host", "127.0.0.1", "--port", str(self.port)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(CHROMA), "run", "--path", str(self.path), *address],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chroma exited: {self.log.read_text()[-2000:]}")
            if self.port == 0:
                self.port = listening_port(self.process.pid)
            if self.port and self.alive():
                return
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"chroma did not answer its heartbeat in {timeout} s")

    def alive(self) -> bool:
        url = f"http://127.0.0.1:{self.port}/api/v2/heartbeat"
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return int(response.status) == 200
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILL, like a crashed or OOM-killed server: no graceful goodbye."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self.process = None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    if not CHROMA.exists():
        pytest.fail(f"{CHROMA} is missing; chromadb installs it")
    root = tmp_path_factory.mktemp("chroma-server")
    chroma = ChromaServer(root / "db", root / "chroma.log")
    try:
        chroma.start()
        yield chroma
    finally:
        chroma.kill()


def listening_port(pid: int) -> int:
    """The TCP port process ``pid`` listens on, or 0 while it has not bound one yet."""
    for connection in psutil.Process(pid).net_connections(kind="tcp"):
        if connection.status == psutil.CONN_LISTEN:
            return int(connection.laddr.port)
    return 0


def close_http_pools(client: object) -> None:
    """chromadb never closes the httpx pools of an HttpClient and its admin client, and
    keeps them reachable from a process-wide cache: close them so no socket outlives a test.
    """
    for owner in (client, getattr(client, "_admin_client", None)):
        session = getattr(getattr(owner, "_server", None), "_session", None)
        if session is not None:
            session.close()


@pytest.fixture
def bot(server: ChromaServer, tmp_path: Path, embedder: MiniLMEmbeddings) -> Iterator[RoleBot]:
    settings = load_settings(
        data_dir=tmp_path / "data", chroma_host="127.0.0.1", chroma_port=server.port
    )
    client = open_chroma(settings)
    ingest(
        client=client,
        embedder=embedder,
        knowledge_dir=PROJECT_ROOT / "knowledge",
        progress=False,
    )
    yield build_rolebot(settings, client=client, embedder=embedder)
    close_http_pools(client)


def _assert_cited_answer(reply: object) -> None:
    assert isinstance(reply, Answer), reply
    assert reply.found and reply.sources
    assert "MLflow" in reply.answer


def test_bot_answers_with_sources_from_a_chroma_server(bot: RoleBot, tmp_path: Path) -> None:
    _assert_cited_answer(bot.handle(Request(text=QUESTION)))
    assert not (tmp_path / "data" / "chroma").exists()  # nothing went to the embedded store


def test_server_down_gives_unavailable_reply_and_restart_recovers(
    bot: RoleBot, server: ChromaServer
) -> None:
    _assert_cited_answer(bot.handle(Request(text=QUESTION)))

    server.kill()
    down = bot.handle(Request(text=QUESTION))
    assert isinstance(down, ErrorReply)
    assert down.text.startswith("The knowledge index is unavailable right now")

    server.start()
    _assert_cited_answer(bot.handle(Request(text=QUESTION)))
