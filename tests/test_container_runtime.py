"""The runtime the Dockerfile describes, built without Docker: a clean virtual environment
installed from the same sources and pins (``pip install -c requirements.lock .``), then
``rolebot ingest`` and ``rolebot ask`` run with the network cut off, as in the image.

This proves the pins resolve, the model and tokenizer ship inside the installed packages,
and nothing reaches for the network at run time. pip installs into the new environment
from the test's own interpreter (``pip --python``) without byte-compiling, which keeps the
test well under a minute; the set of packages installed is the same as in the image.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow

# What the Dockerfile copies into the build stage, and into /app for the index.
SOURCES = ("pyproject.toml", "requirements.lock", "bot", "adapters")
APP_FILES = ("knowledge", "prompts")
QUESTION = "which MLOps tools should a lead know?"
UNREACHABLE_MARKERS = (
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "ProxyError",
    "ConnectTimeoutError",
    "Could not fetch URL",
)


@dataclass(frozen=True)
class Runtime:
    """An installed environment plus the /app directory the image would have."""

    bin: Path
    app: Path

    def env(self) -> dict[str, str]:
        return {
            "PATH": f"{self.bin}{os.pathsep}/usr/bin{os.pathsep}/bin",
            "HOME": str(self.app),
            "LANG": "C.UTF-8",
            "ROLEBOT_DATA_DIR": str(self.app / "data"),
            "ROLEBOT_KNOWLEDGE_DIR": str(self.app / "knowledge"),
            "ROLEBOT_PROMPTS_DIR": str(self.app / "prompts"),
            "ANONYMIZED_TELEMETRY": "False",
        }


def _offline_prefix() -> list[str]:
    """A command prefix that runs its argument in a new network namespace (loopback only)."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed, so the network cannot be cut off")
    for prefix in (["unshare", "-rn"], ["unshare", "-n"]):
        if subprocess.run([*prefix, "true"], capture_output=True, check=False).returncode == 0:
            return prefix
    pytest.skip("this machine allows no network namespace (unshare -rn / -n both refused)")


def _copy_sources(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Runtime:
    root = tmp_path_factory.mktemp("runtime")
    src, venv, app = root / "src", root / "venv", root / "app"
    src.mkdir()
    _copy_sources(src)
    for name in APP_FILES:
        shutil.copytree(PROJECT_ROOT / name, app / name)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install"]
    install = subprocess.run(
        [*pip, "--quiet", "--no-compile", "-c", str(src / "requirements.lock"), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if install.returncode != 0:
        output = install.stdout + install.stderr
        if any(marker in output for marker in UNREACHABLE_MARKERS):
            pytest.skip(f"pip could not reach the package index: {output.strip()[-300:]}")
        pytest.fail(f"pip install -c requirements.lock failed:\n{output[-3000:]}")
    return Runtime(bin=venv / "bin", app=app)


def _run_offline(runtime: Runtime, args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_offline_prefix(), *args],
        cwd=runtime.app,
        env=runtime.env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_runtime_runs_the_installed_package_not_the_checkout(runtime: Runtime) -> None:
    done = _run_offline(runtime, ["python", "-c", "import bot; print(bot.__file__)"])
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(runtime.bin.parent)


def test_runtime_has_no_network(runtime: Runtime) -> None:
    probe = "import socket; socket.create_connection(('pypi.org', 443), timeout=3)"
    done = _run_offline(runtime, ["python", "-c", probe])
    assert done.returncode != 0
    assert "gaierror" in done.stderr or "OSError" in done.stderr or "Errno" in done.stderr


def test_offline_ingest_then_ask_answers_with_sources(runtime: Runtime) -> None:
    ingested = _run_offline(runtime, ["rolebot", "ingest"])
    assert ingested.returncode == 0, ingested.stderr
    assert "Index rebuilt" in ingested.stdout

    asked = _run_offline(runtime, ["rolebot", "ask", QUESTION, "--json"])
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["found"] is True
    assert answer["mode"] == "extractive"
    assert answer["sources"] and all(s["path"] and s["section"] for s in answer["sources"])
    assert "MLflow" in answer["answer"]
