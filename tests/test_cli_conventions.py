"""The command line behaves like a well-made tool: --version, questions from stdin, usage
errors in one line with exit 2, a quiet piped chat, and no clutter left after a failure."""

from __future__ import annotations

import json
import os
import pty
import selectors
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import __version__
from bot.app import build_rolebot
from bot.cli import main
from bot.messages import TOO_LONG
from bot.models import ErrorReply, Request
from bot.service import RoleBot
from bot.settings import Settings

QUESTION = "what does a lead MLOps engineer own for monitoring?"


def rolebot(
    args: list[str], cwd: Path, *, stdin: str | None = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ROLEBOT_", "OPENAI_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**clean, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_flag_prints_the_version(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([flag])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"rolebot {__version__}\n"


@pytest.mark.parametrize("args", [["ask", "-"], ["ask"]], ids=["dash", "piped"])
def test_ask_reads_the_question_from_standard_input(
    args: list[str], data_dir: Path, tmp_path: Path
) -> None:
    env = {"ROLEBOT_DATA_DIR": str(data_dir)}
    done = rolebot([*args, "--json"], tmp_path, stdin=QUESTION + "\n", env=env)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["found"] is True and "monitoring" in answer["answer"].lower()


@pytest.mark.parametrize(
    ("args", "stdin"),
    [(["ask", ""], ""), (["ask", "  \t "], ""), (["ask", "-"], "\n  \n"), (["ask"], "")],
    ids=["empty", "whitespace", "blank-stdin", "nothing-piped"],
)
def test_empty_question_is_a_one_line_usage_error(
    args: list[str], stdin: str, tmp_path: Path
) -> None:
    done = rolebot(args, tmp_path, stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("rolebot: the question is empty") and done.stderr.count("\n") == 1
    assert not (tmp_path / ".rolebot").exists()


def test_too_long_question_exits_2_on_the_cli_but_chat_adapters_get_a_polite_reply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: Settings
) -> None:
    long_question = "why " * 600  # 2,400 characters; the default limit is 2,000
    assert main(["ask", long_question]) == 2
    err = capsys.readouterr().err
    assert err == (
        "rolebot: the question is 2,399 characters long and the limit is 2,000 "
        "(ROLEBOT_MAX_QUESTION_CHARS); ask just the question.\n"
    )
    assert not (tmp_path / ".rolebot").exists()

    engine: RoleBot = build_rolebot(settings)
    reply = engine.handle(Request(text=long_question, platform="slack"))
    assert reply == ErrorReply(TOO_LONG.format(length=2399, limit=2000))


def test_piped_chat_prints_only_the_answers(data_dir: Path, tmp_path: Path) -> None:
    questions = f"{QUESTION}\nand which tools are used for it?\n"
    done = rolebot(["chat"], tmp_path, stdin=questions, env={"ROLEBOT_DATA_DIR": str(data_dir)})
    assert done.returncode == 0, done.stderr
    assert "you>" not in done.stdout and "rolebot chat:" not in done.stdout
    assert done.stdout.count("Sources:") == 2  # one answer per question, nothing else


def at_a_terminal(
    args: list[str], cwd: Path, env: dict[str, str], until: bytes, then: bytes
) -> tuple[int, bytes]:
    """Run rolebot on a pseudo-terminal; read until ``until`` appears, type ``then``."""
    parent, child = pty.openpty()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ROLEBOT_", "OPENAI_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**clean, **env},
        stdin=child,
        stdout=child,
        stderr=child,
    )
    os.close(child)
    seen = b""
    # A selector, not select.select: a long test run may hold file descriptors above 1023.
    readable = selectors.DefaultSelector()
    readable.register(parent, selectors.EVENT_READ)
    try:
        deadline = time.monotonic() + 60
        while until not in seen and time.monotonic() < deadline and process.poll() is None:
            if readable.select(0.2):
                seen += os.read(parent, 4096)
        if process.poll() is None:
            os.write(parent, then)
        code = process.wait(timeout=30)
        while readable.select(0.1):
            try:
                seen += os.read(parent, 4096)
            except OSError:  # the terminal closed with the process
                break
    finally:
        if process.poll() is None:
            process.kill()
        readable.close()
        os.close(parent)
    return code, seen


def test_chat_at_a_terminal_shows_the_banner_and_prompt(data_dir: Path, tmp_path: Path) -> None:
    env = {"ROLEBOT_DATA_DIR": str(data_dir)}
    code, seen = at_a_terminal(["chat"], tmp_path, env, until=b"you> ", then=b"exit\n")
    assert code == 0
    assert b"rolebot chat: ask about engineering roles" in seen
    assert b"you> " in seen


def test_ask_without_a_question_at_a_terminal_says_how_to_ask(tmp_path: Path) -> None:
    code, seen = at_a_terminal(["ask"], tmp_path, {}, until=b"\n", then=b"")
    assert code == 2
    assert seen.startswith(b"rolebot: give a question, e.g. rolebot ask ")


def test_failed_command_leaves_no_data_directory_behind(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-knowledge"
    done = rolebot(["ask", QUESTION], tmp_path, env={"ROLEBOT_KNOWLEDGE_DIR": str(missing)})
    assert done.returncode == 1
    assert "the knowledge directory does not exist" in done.stderr
    assert not (tmp_path / ".rolebot").exists()


def test_feedback_with_no_votes_creates_nothing(tmp_path: Path) -> None:
    done = rolebot(["feedback"], tmp_path)
    assert (done.returncode, done.stdout) == (0, "No feedback yet.\n")
    assert not (tmp_path / ".rolebot").exists()


def test_ingest_names_the_knowledge_it_used(tmp_path: Path, knowledge_copy: Path) -> None:
    env = {"ROLEBOT_DATA_DIR": str(tmp_path / "data")}
    local = rolebot(["ingest"], tmp_path, env=env)  # tmp_path holds ./knowledge (the copy)
    assert local.returncode == 0, local.stderr
    assert local.stdout.startswith("Knowledge: ./knowledge in the working directory\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = rolebot(["ingest"], elsewhere, env=env)
    assert done.stdout.startswith("Knowledge: the guide bundled with rolebot, ")
    assert "put Markdown files in ./knowledge to use your own" in done.stdout

    flagged = rolebot(["ingest", "--knowledge", str(knowledge_copy)], elsewhere, env=env)
    assert flagged.stdout.startswith(f"Knowledge: {knowledge_copy} (--knowledge)\n")
