"""Every command, run against a missing or unreachable dependency, ends in one line, not a
traceback: exit 3 (documented in the README) when it needs the dependency, 0 when not.

Each command runs as a real process, as a user would start it. The permission cases drop
the process's root privilege to bypass file permissions (CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH) when the tests run as root, so chmod means what it says.
"""

from __future__ import annotations

import ctypes
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.errors import EXIT_DEPENDENCY
from tests.fakes.openai_server import FakeOpenAIServer

pytestmark = pytest.mark.slow

ENV_PREFIXES = ("OPENAI_", "SLACK_", "MICROSOFT_", "CHROMA_", "ROLEBOT_")
QUESTION = "what does a lead MLOps engineer own for monitoring?"
APP_ID = "11111111-2222-3333-4444-555555555555"

# Every subcommand, with arguments that would succeed when its dependencies are there.
COMMANDS: dict[str, list[str]] = {
    "ingest": ["ingest"],
    "ask": ["ask", QUESTION],
    "chat": ["chat"],
    "salary": ["salary", "lead mlops engineer new york"],
    "jd": ["jd", "MLOps engineer", "--level", "senior"],
    "eval": ["eval"],
    "feedback": ["feedback"],
    "serve slack": ["serve", "slack", "--port", "0"],
    "serve teams": ["serve", "teams", "--port", "0"],
    "teams-package": ["teams-package", "--output", "rolebot.zip", "--allow-placeholders"],
}
# Commands that never touch the index, the embedding model or the data directory (their
# stderr may carry notes: jd's review notes, teams-package's placeholder warning).
INDEPENDENT = {"salary", "jd", "teams-package"}
# Which commands need each dependency; the others must still succeed.
NEEDS = {
    "chroma server down": set(COMMANDS) - INDEPENDENT - {"feedback"},
    "model server down": set(COMMANDS) - INDEPENDENT - {"feedback"},
    "unreadable data dir": set(COMMANDS) - INDEPENDENT,
    # Nothing has voted yet, so `feedback` has nothing to read and nothing to write.
    "read-only data dir": set(COMMANDS) - INDEPENDENT - {"feedback"},
}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _without_root_override() -> None:
    """In the child, before exec: file permissions apply to root as to anyone else."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@dataclass(frozen=True)
class Condition:
    """An environment with one dependency missing, and what the error line must name."""

    env: dict[str, str]
    names: str
    data_dir: Path
    data_dir_existed: bool


def run_rolebot(
    args: list[str], cwd: Path, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.upper().startswith(ENV_PREFIXES)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={
            **clean,
            "ROLEBOT_METRICS_PORT": "0",
            "SLACK_BOT_TOKEN": "xoxb-not-used",
            "SLACK_SIGNING_SECRET": "not-used",
            "MICROSOFT_APP_ID": APP_ID,
            **env,
        },
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_without_root_override,
        check=False,
    )


def human_lines(stderr: str) -> list[str]:
    """stderr without ``serve``'s JSON log records (its log stream by design)."""
    lines = []
    for line in stderr.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            lines.append(line)
    return lines


@pytest.fixture(params=sorted(NEEDS))
def condition(
    request: pytest.FixtureRequest, tmp_path: Path, data_dir: Path
) -> Iterator[Condition]:
    name = request.param
    fresh = tmp_path / "fresh-data"
    if name == "chroma server down":
        port = _closed_port()
        env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(port), "ROLEBOT_DATA_DIR": str(fresh)}
        yield Condition(env, f"Chroma server at 127.0.0.1:{port}", fresh, False)
    elif name == "model server down":
        url = f"http://127.0.0.1:{_closed_port()}/v1"
        env = {
            "ROLEBOT_EMBEDDINGS": "openai",
            "OPENAI_BASE_URL": url,
            "ROLEBOT_DATA_DIR": str(fresh),
        }
        yield Condition(env, url, fresh, False)
    else:
        mode = 0o000 if name == "unreadable data dir" else 0o555
        paths = [data_dir, *data_dir.rglob("*")]
        for path in reversed(paths):  # children first, while the parent is still open
            path.chmod(mode if path.is_dir() else mode & 0o444)
        try:
            yield Condition({"ROLEBOT_DATA_DIR": str(data_dir)}, str(data_dir), data_dir, True)
        finally:
            for path in [data_dir, *data_dir.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - INDEPENDENT))
def test_command_without_a_dependency_ends_in_one_line(
    command: str, condition: Condition, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    done = run_rolebot(COMMANDS[command], cwd, condition.env, stdin=QUESTION + "\n")

    assert "Traceback" not in done.stderr, done.stderr
    lines = human_lines(done.stderr)
    condition_name = request.node.callspec.params["condition"]
    if command in NEEDS[condition_name]:
        assert done.returncode == EXIT_DEPENDENCY, done.stderr
        assert len(lines) == 1, lines
        assert lines[0].startswith("rolebot: ") and condition.names in lines[0], lines
        # A failed command leaves behind no data directory of its own making.
        assert condition.data_dir.exists() == condition.data_dir_existed
    else:
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("command", sorted(INDEPENDENT))
def test_command_that_needs_none_of_them_works_with_all_of_them_missing(
    command: str, tmp_path: Path, data_dir: Path
) -> None:
    data_dir.chmod(0o000)
    env = {
        "CHROMA_HOST": "127.0.0.1",
        "CHROMA_PORT": str(_closed_port()),
        "ROLEBOT_EMBEDDINGS": "openai",
        "OPENAI_BASE_URL": f"http://127.0.0.1:{_closed_port()}/v1",
        "ROLEBOT_DATA_DIR": str(data_dir),
    }
    try:
        done = run_rolebot(COMMANDS[command], tmp_path, env)
    finally:
        data_dir.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_model_server_that_went_down_after_ingest_is_one_line_for_ask_and_eval(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    with FakeOpenAIServer() as server:
        env = {
            "ROLEBOT_EMBEDDINGS": "openai",
            "OPENAI_BASE_URL": server.base_url,
            "ROLEBOT_DATA_DIR": str(data),
        }
        built = run_rolebot(["ingest"], tmp_path, env)
        assert built.returncode == 0, built.stderr
    for args in (["ask", QUESTION], ["eval"]):
        done = run_rolebot(args, tmp_path, env)
        assert done.returncode == EXIT_DEPENDENCY, done.stderr
        assert done.stderr.count("\n") == 1 and server.base_url in done.stderr, done.stderr
    assert data.exists()  # the index it did not create is left alone


def test_reading_a_file_as_the_data_directory_is_one_line(tmp_path: Path) -> None:
    occupied = tmp_path / "occupied"
    occupied.write_text("not a directory")
    done = run_rolebot(["ask", QUESTION], tmp_path, {"ROLEBOT_DATA_DIR": str(occupied)})
    assert done.returncode == EXIT_DEPENDENCY
    assert done.stderr == (
        f"rolebot: cannot use the data directory {occupied} (not a directory); point "
        "ROLEBOT_DATA_DIR at a directory rolebot can read and write.\n"
    )
