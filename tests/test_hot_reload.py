"""Hot reload: a running bot picks up an index rebuilt by another process, and no query
fails while the pointer switches.

The ingest runs as a separate ``python -m bot ingest`` process on the same embedded data
directory, exactly as an operator would run it next to a serving bot.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, Reply, Request
from bot.service import RoleBot
from bot.settings import Settings

pytestmark = pytest.mark.slow

FACT_QUESTION = "What is the on-call mascot of the MLOps team called?"
FACT = "Quillbert"
NEW_SECTION = f"""
## On-call Mascot

- The on-call mascot of the MLOps team is a porcupine named {FACT}, handed to whoever holds
  the pager.
"""
STEADY_QUESTION = "which MLOps tools should a lead know?"
RELOAD_DEADLINE_SECONDS = 15.0


def _ingest_in_another_process(data_dir: Path, knowledge: Path) -> str:
    env = {**os.environ, "ROLEBOT_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", "--knowledge", str(knowledge)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _mentions_fact(reply: Reply) -> bool:
    return isinstance(reply, Answer) and reply.found and FACT in reply.answer


def test_running_bot_answers_new_fact_after_another_process_ingests(
    settings: Settings, embedder: MiniLMEmbeddings, knowledge_copy: Path
) -> None:
    bot: RoleBot = build_rolebot(settings, embedder=embedder)
    assert not _mentions_fact(bot.handle(Request(text=FACT_QUESTION)))

    guide = knowledge_copy / "lead-mlops-engineer.md"
    guide.write_text(guide.read_text(encoding="utf-8") + NEW_SECTION, encoding="utf-8")

    replies: list[Reply] = []
    stop = threading.Event()

    def ask_in_a_loop() -> None:
        while not stop.is_set():
            replies.append(bot.handle(Request(text=STEADY_QUESTION)))

    asker = threading.Thread(target=ask_in_a_loop)
    asker.start()
    try:
        summary = _ingest_in_another_process(settings.data_dir, knowledge_copy)
        assert "1 added" in summary, summary
        deadline = time.monotonic() + RELOAD_DEADLINE_SECONDS
        while not _mentions_fact(bot.handle(Request(text=FACT_QUESTION))):
            assert time.monotonic() < deadline, "the new fact never appeared"
            time.sleep(0.2)
    finally:
        stop.set()
        asker.join(30)

    assert replies, "the query loop never ran"
    failures = [r for r in replies if not (isinstance(r, Answer) and r.found and r.sources)]
    assert failures == [], failures[:3]
    assert bot.index.info is not None and bot.index.info.chunks > 0
