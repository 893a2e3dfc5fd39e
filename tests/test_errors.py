"""One error tree, mapped once at the CLI's edge: every failure a person can fix or report is
a ``RolebotError`` that prints one line and exits with its own code, whichever command hit it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import PROJECT_ROOT


def test_a_broken_evaluation_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "questions.yaml"
    broken.write_text("questions:\n  - id: x\n")
    assert main(["eval", "--file", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rolebot: {broken}: question 1 needs 'id' and 'question'")
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", [["salary", "lead mlops engineer"], ["jd", "mlops engineer"]])
def test_a_broken_salary_table_is_a_knowledge_error_with_exit_1(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge)
    (knowledge / "salaries.yaml").write_text("roles: [\n")
    monkeypatch.setenv("ROLEBOT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("ROLEBOT_DATA_DIR", str(tmp_path / "data"))
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.startswith("rolebot: ") and "salaries.yaml" in err and err.count("\n") == 1
    assert not (tmp_path / "data").exists()  # a failed command leaves nothing behind
