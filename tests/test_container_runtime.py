"""The built wheel, installed as the Dockerfile and a user install it, works outside the checkout.

The sources the Dockerfile copies are built into an sdist and a wheel (``python -m build``,
with the setuptools the lock pins), and the wheel goes into a clean virtual environment the
way the image installs it: ``requirements-runtime.lock`` with ``--require-hashes``, then the
wheel (by its own hash). The files come from the wheelhouse ``make setup`` downloads, so no
registry is needed; pip fails if the wheel needs a package the lock does not pin.

Then every user-facing command runs from an empty temporary directory, without the
checkout on any path: ``ingest``, ``ask`` (extractive, and with an LLM, which needs the
bundled prompts), ``salary``, ``jd`` and ``eval``. ``ingest`` and ``ask`` also run with the
network cut off, as in the image.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import __version__
from bot.settings import PROJECT_ROOT
from tests.fakes.openai_server import FakeOpenAIServer

pytestmark = pytest.mark.slow

# What the Dockerfile copies into the build stage (the package bundles the last three).
SOURCES = (
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "bot",
    "adapters",
    "knowledge",
    "prompts",
    "eval",
)
RUNTIME_LOCK = PROJECT_ROOT / "requirements-runtime.lock"
WHEELHOUSE = Path(sys.prefix) / "wheelhouse"  # filled by `make setup`
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
    """An installed environment, the built distributions, and an empty working directory."""

    bin: Path
    dist: Path
    home: Path

    def env(self, **extra: str) -> dict[str, str]:
        return {
            "PATH": f"{self.bin}{os.pathsep}/usr/bin{os.pathsep}/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "ANONYMIZED_TELEMETRY": "False",
            **extra,
        }

    def run(
        self, args: Sequence[str], cwd: Path, *, offline: bool = False, **env: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*(_offline_prefix() if offline else []), *args],
            cwd=cwd,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def wheel(self) -> Path:
        (wheel,) = self.dist.glob("rolebot-*.whl")
        return wheel


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


def _build(src: Path, dist: Path) -> None:
    """sdist, then the wheel from the sdist (so the sdist is proven complete); offline."""
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if built.returncode != 0:
        pytest.fail(f"python -m build failed:\n{(built.stdout + built.stderr)[-3000:]}")


def _install(venv: Path, wheel: Path, work: Path) -> None:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    requirement = work / "rolebot-wheel.txt"
    requirement.write_text(f"rolebot @ {wheel.as_uri()} --hash=sha256:{digest}\n")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install"]
    source = ["--no-index", "--find-links", str(WHEELHOUSE)] if WHEELHOUSE.is_dir() else []
    install = subprocess.run(
        [
            *pip,
            "--quiet",
            "--no-compile",
            "--require-hashes",
            *source,
            "-r",
            str(RUNTIME_LOCK),
            "-r",
            str(requirement),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if install.returncode != 0:
        output = install.stdout + install.stderr
        if not source and any(marker in output for marker in UNREACHABLE_MARKERS):
            pytest.skip(f"no wheelhouse and no package index: {output.strip()[-300:]}")
        pytest.fail(f"installing the wheel with the runtime lock failed:\n{output[-3000:]}")


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Runtime:
    root = tmp_path_factory.mktemp("runtime")
    src, dist, venv, home = root / "src", root / "dist", root / "venv", root / "home"
    src.mkdir()
    home.mkdir()
    _copy_sources(src)
    _build(src, dist)
    runtime = Runtime(bin=venv / "bin", dist=dist, home=home)
    _install(venv, runtime.wheel(), root)
    return runtime


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty directory far from the checkout, where a user would run rolebot."""
    path = tmp_path / "somewhere"
    path.mkdir()
    return path


def test_runtime_runs_the_installed_package_not_the_checkout(
    runtime: Runtime, workdir: Path
) -> None:
    done = runtime.run(["python", "-c", "import bot; print(bot.__file__)"], workdir)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(runtime.bin.parent)
    assert runtime.run(["rolebot", "--version"], workdir).stdout == f"rolebot {__version__}\n"


def test_runtime_has_no_network(runtime: Runtime, workdir: Path) -> None:
    probe = "import socket; socket.create_connection(('pypi.org', 443), timeout=3)"
    done = runtime.run(["python", "-c", probe], workdir, offline=True)
    assert done.returncode != 0
    assert "gaierror" in done.stderr or "OSError" in done.stderr or "Errno" in done.stderr


def test_licence_and_tokenizer_notice_ship_in_the_wheel_and_the_sdist(runtime: Runtime) -> None:
    with zipfile.ZipFile(runtime.wheel()) as wheel:
        names = set(wheel.namelist())
        licence = wheel.read(f"rolebot-{__version__}.dist-info/licenses/LICENSE").decode()
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    assert "bot/model/NOTICE" in names
    assert {"bot/bundled/prompts/answer.md", "bot/bundled/eval/questions.yaml"} <= names
    (sdist,) = runtime.dist.glob("rolebot-*.tar.gz")
    with tarfile.open(sdist) as archive:
        members = {Path(m).relative_to(Path(m).parts[0]).as_posix() for m in archive.getnames()}
    assert {"LICENSE", "bot/model/NOTICE", "knowledge/lead-mlops-engineer.md"} <= members


def test_offline_ingest_then_ask_from_an_empty_directory_uses_the_bundled_guide(
    runtime: Runtime, workdir: Path
) -> None:
    ingested = runtime.run(["rolebot", "ingest"], workdir, offline=True)
    assert ingested.returncode == 0, ingested.stderr
    assert "Knowledge: the guide bundled with rolebot" in ingested.stdout
    assert "Index rebuilt" in ingested.stdout

    asked = runtime.run(["rolebot", "ask", QUESTION, "--json"], workdir, offline=True)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["found"] is True
    assert answer["mode"] == "extractive"
    assert answer["sources"] and all(s["path"] and s["section"] for s in answer["sources"])
    assert "MLflow" in answer["answer"]


def test_knowledge_directory_in_the_working_directory_is_used_and_named(
    runtime: Runtime, workdir: Path
) -> None:
    own = workdir / "knowledge"
    own.mkdir()
    (own / "pastry-chef.md").write_text(
        "---\ntitle: Pastry Chef\n---\n# Pastry Chef\n\n## Responsibilities\n\n"
        "- Laminates croissant dough every morning before the bakery opens.\n"
    )
    ingested = runtime.run(["rolebot", "ingest"], workdir)
    assert ingested.returncode == 0, ingested.stderr
    assert "Knowledge: ./knowledge in the working directory" in ingested.stdout

    asked = runtime.run(["rolebot", "ask", "what does a pastry chef laminate?", "--json"], workdir)
    answer = json.loads(asked.stdout)
    assert [s["title"] for s in answer["sources"]][:1] == ["Pastry Chef"], answer


def test_ask_with_an_llm_reads_the_bundled_prompts(runtime: Runtime, workdir: Path) -> None:
    with FakeOpenAIServer(["MLflow and Kubeflow are the core tools [1]."]) as llm:
        asked = runtime.run(
            ["rolebot", "ask", QUESTION, "--json"], workdir, OPENAI_BASE_URL=llm.base_url
        )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["mode"] == "llm", answer
    system = llm.requests[0]["messages"][0]["content"]
    assert "Answer ONLY from the numbered sources" in system  # prompts/answer.md


def test_salary_and_jd_answer_from_the_bundled_knowledge(runtime: Runtime, workdir: Path) -> None:
    salary = runtime.run(["rolebot", "salary", "lead mlops engineer new york", "--json"], workdir)
    assert salary.returncode == 0, salary.stderr
    assert json.loads(salary.stdout)["found"] is True

    jd = runtime.run(["rolebot", "jd", "MLOps engineer", "--level", "senior"], workdir)
    assert jd.returncode == 0, jd.stderr
    assert "Responsibilities" in jd.stdout


def test_eval_runs_on_the_bundled_evaluation_set(runtime: Runtime, workdir: Path) -> None:
    done = runtime.run(["rolebot", "eval"], workdir)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "bundled/eval/questions.yaml" in done.stdout
    assert "routing_accuracy" in done.stdout
