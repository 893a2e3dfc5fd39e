"""The CLI contract other tools rely on: JSON shape, exit codes, ingest messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], env_extra: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ROLEBOT_", "CHROMA_"))
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_ask_json_matches_the_contract(data_dir: Path, tmp_path: Path) -> None:
    result = _run(
        ["ask", "what does a lead MLOps engineer own for monitoring?", "--json"],
        {"ROLEBOT_DATA_DIR": str(data_dir)},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"answer", "found", "mode", "sources"}
    assert data["found"] is True and data["mode"] == "extractive"
    source = data["sources"][0]
    assert set(source) == {"n", "title", "section", "path", "score", "text"}
    assert isinstance(source["n"], int) and isinstance(source["score"], float)
    assert f"[{source['n']}]" in data["answer"]


def test_ask_builds_the_index_when_there_is_none(tmp_path: Path) -> None:
    result = _run(
        ["ask", "who won the world cup?", "--json"],
        {"ROLEBOT_DATA_DIR": str(tmp_path / "fresh")},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Index rebuilt" in result.stderr  # the one-line summary of the build
    assert json.loads(result.stdout)["found"] is False


def test_ingest_names_a_malformed_file_and_exits_nonzero(
    knowledge_copy: Path, data_dir: Path, tmp_path: Path
) -> None:
    (knowledge_copy / "zz-broken.md").write_bytes(b"\xff\xfe not utf-8")
    result = _run(
        ["ingest", "--knowledge", str(knowledge_copy)],
        {"ROLEBOT_DATA_DIR": str(data_dir)},
        tmp_path,
    )
    assert result.returncode == 1
    assert "zz-broken.md" in result.stderr and "previous index" in result.stderr
    assert "Traceback" not in result.stderr
    # The previous index still answers.
    ask = _run(
        ["ask", "which MLOps tools?", "--json"], {"ROLEBOT_DATA_DIR": str(data_dir)}, tmp_path
    )
    assert "MLflow" in json.loads(ask.stdout)["answer"]


@pytest.mark.parametrize("args", [["ask"], ["nonsense"], []])
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    assert _run(args, {}, tmp_path).returncode == 2


def test_ingest_refuses_a_link_out_of_the_knowledge_directory(
    knowledge_copy: Path, data_dir: Path, tmp_path: Path
) -> None:
    (knowledge_copy / "passwd.md").symlink_to("/etc/passwd")
    env = {"ROLEBOT_DATA_DIR": str(data_dir), "ROLEBOT_KNOWLEDGE_DIR": str(knowledge_copy)}
    result = _run(["ingest"], env, tmp_path)
    assert result.returncode == 1
    assert "passwd.md: is a link to a file outside the knowledge directory" in result.stderr
    assert "Traceback" not in result.stderr
    ask = _run(["ask", "what is in passwd?", "--json"], env, tmp_path)
    assert "root:" not in ask.stdout
    assert all(s["path"] != "passwd.md" for s in json.loads(ask.stdout)["sources"])


def test_ingest_fails_on_a_broken_salary_table_naming_it(
    knowledge_copy: Path, data_dir: Path, tmp_path: Path
) -> None:
    table = knowledge_copy / "salaries.yaml"
    table.write_text(table.read_text().replace("low: 165000", "low: [165000"))
    env = {"ROLEBOT_DATA_DIR": str(data_dir), "ROLEBOT_KNOWLEDGE_DIR": str(knowledge_copy)}
    result = _run(["ingest"], env, tmp_path)
    assert result.returncode == 1, result.stdout
    assert "salaries.yaml: is not valid YAML at line" in result.stderr
    assert "previous index and salary table" in result.stderr
    assert "already up to date" not in result.stdout


def test_ingest_applies_the_file_size_setting(
    knowledge_copy: Path, data_dir: Path, tmp_path: Path
) -> None:
    env = {
        "ROLEBOT_DATA_DIR": str(data_dir),
        "ROLEBOT_KNOWLEDGE_DIR": str(knowledge_copy),
        "ROLEBOT_MAX_KNOWLEDGE_FILE_SIZE": "10KiB",
    }
    result = _run(["ingest"], env, tmp_path)
    assert result.returncode == 1
    size = (knowledge_copy / "lead-mlops-engineer.md").stat().st_size
    assert (
        f"lead-mlops-engineer.md: is {size / 1024:.0f} KiB, over the 10 KiB limit" in result.stderr
    )


EVAL_FILE = """
thresholds:
  refusal_rate: 0.9
  answer_chars_median: {median}
questions:
  - id: tools
    category: engineer
    question: "which MLOps tools should a lead know?"
    sections: ["Requirements › Technical Skills › MLOps Tools"]
    facts: ["MLflow"]
  - id: monitoring
    category: engineer
    split: heldout
    question: "what does a lead MLOps engineer own for monitoring?"
    sections: ["Core Responsibilities › Performance Monitoring and Optimization"]
    facts: ["error rates"]
  - id: mislabelled
    category: off_topic
    out_of_scope: true
    question: "what are the common challenges?"
  - id: world-cup
    category: off_topic
    split: heldout
    out_of_scope: true
    question: "who won the world cup?"
"""


@pytest.mark.parametrize(("median", "code"), [(1000, 0), (10, 1)])
def test_eval_reports_both_splits_and_gates_on_held_out_only(
    data_dir: Path, tmp_path: Path, median: int, code: int
) -> None:
    path = tmp_path / "eval.yaml"
    path.write_text(EVAL_FILE.format(median=median), encoding="utf-8")
    result = _run(
        ["eval", "--file", str(path), "--check"], {"ROLEBOT_DATA_DIR": str(data_dir)}, tmp_path
    )
    assert result.returncode == code, result.stderr
    lines = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[2:]}
    assert result.stdout.splitlines()[1].split() == ["tuning", "held-out"]
    # The tuning split answered its (mislabelled) out-of-scope question; the gate ignores it.
    assert lines["refusal_rate"][:2] == ["0.000", "1.000"]
    if code:
        assert "held-out split below threshold: answer_chars_median" in result.stderr
