"""A third platform needs only the toolkit: the fake Pager adapter (tests/fakes/pager_adapter.py)
de-duplicates retries, keeps the history window, fits its size limit, stores votes and
shows failures with a reference, all through ``bot`` and ``bot.toolkit``; and no adapter
reaches past those two into the core."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot import Answer, FeedbackStore, Reply, Request, RoleBot, SharedState, build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.settings import PROJECT_ROOT, Settings
from tests.conftest import JsonLog
from tests.fakes.pager_adapter import MESSAGE_LIMIT, PagerAdapter
from tests.slack.conftest import CannedBot

QUESTION = "what does a lead MLOps engineer own for monitoring?"


def pager(bot: object, tmp_path: Path, *, history_turns: int = 12) -> PagerAdapter:
    return PagerAdapter(
        bot=bot,  # type: ignore[arg-type]
        feedback=FeedbackStore(tmp_path / "feedback.sqlite3"),
        claims=SharedState().claims(namespace="pager"),
        history_turns=history_turns,
    )


def message(event_id: str, text: str, channel: str = "c1") -> dict[str, str]:
    return {"type": "message", "id": event_id, "user": "u1", "channel": channel, "text": text}


@pytest.fixture
def rolebot(settings: Settings, embedder: MiniLMEmbeddings) -> RoleBot:
    return build_rolebot(settings, embedder=embedder)


def test_a_retried_question_gets_one_cited_answer_with_vote_buttons(
    rolebot: RoleBot, tmp_path: Path
) -> None:
    adapter = pager(rolebot, tmp_path)
    adapter.on_event(message("e1", QUESTION))
    adapter.on_event(message("e1", QUESTION))  # Pager retried it

    assert adapter.posts, "no answer"
    assert all(len(post.text) <= MESSAGE_LIMIT for post in adapter.posts)
    shown = " ".join(post.text for post in adapter.posts)
    assert "monitoring" in shown.lower() and "[1]" in shown
    assert [p for p in adapter.posts if p.buttons] == [adapter.posts[-1]]  # one answer


def test_a_vote_on_an_answer_is_stored_and_thanked(rolebot: RoleBot, tmp_path: Path) -> None:
    adapter = pager(rolebot, tmp_path)
    adapter.on_event(message("e1", QUESTION))
    answer_id = adapter.posts[-1].buttons["up"]

    vote = {"type": "vote", "id": "v1", "user": "u2", "channel": "c1", "vote": "up"}
    adapter.on_event({**vote, "answer_id": answer_id})

    assert adapter.posts[-1].text == "Thanks!"
    assert adapter.feedback.summary().up == 1


def test_a_long_reply_fits_the_platform_limit_and_loses_no_word(tmp_path: Path) -> None:
    words = [f"word{i}" for i in range(400)]
    lines = [" ".join(words[i : i + 9]) for i in range(0, len(words), 9)]
    adapter = pager(CannedBot(Answer("\n".join(lines), True, "extractive")), tmp_path)

    adapter.on_event(message("e1", "everything please"))

    assert len(adapter.posts) > 1
    assert all(len(post.text) <= MESSAGE_LIMIT for post in adapter.posts)
    assert " ".join(" ".join(p.text for p in adapter.posts).split()) == " ".join(words)


def test_follow_ups_carry_only_the_history_window(tmp_path: Path) -> None:
    bot = CannedBot(Answer("ok", True, "extractive"))
    adapter = pager(bot, tmp_path, history_turns=4)
    for i in range(6):
        adapter.on_event(message(f"e{i}", f"question {i}"))

    history = bot.requests[-1].history
    assert [t.text for t in history] == ["question 3", "ok", "question 4", "ok"]


class BrokenBot:
    def handle(self, request: Request) -> Reply:
        raise RuntimeError(f"bug while reading {request.text}")


def test_a_failure_shows_a_reference_that_finds_its_log_line(
    tmp_path: Path, json_log: JsonLog
) -> None:
    adapter = pager(BrokenBot(), tmp_path)
    adapter.on_event(message("e1", "what does Priya earn?"))

    [post] = adapter.posts
    assert post.text.startswith("Pager could not answer that (reference ")
    ref = post.text.split("reference ")[1].rstrip(").")
    [line] = [r for r in json_log.lines() if ref in r["event"]]
    assert line["logger"] == "rolebot.pager" and line["error"] == "RuntimeError"
    assert "Priya" not in json_log.getvalue()


def _core_imports(path: Path) -> set[str]:
    """The modules of ``bot`` a file imports (``bot``, ``bot.toolkit``, ``bot.messages``...)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "bot":  # "from bot import messages" names a module
                names += [f"bot.{a.name}" for a in node.names if _is_module(a.name)]
            found |= {n for n in names if n == "bot" or n.startswith("bot.")}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "bot"}
    return found


def _is_module(name: str) -> bool:
    core = PROJECT_ROOT / "bot"
    return (core / f"{name}.py").is_file() or (core / name).is_dir()


ALLOWED = {"bot", "bot.toolkit", "bot.messages"}
ADAPTERS = [
    PROJECT_ROOT / "adapters" / "slack",
    PROJECT_ROOT / "adapters" / "teams",
    Path(__file__).parent / "fakes" / "pager_adapter.py",
]


@pytest.mark.parametrize("package", ADAPTERS, ids=["slack", "teams", "pager"])
def test_adapters_use_only_the_public_face_and_the_toolkit(package: Path) -> None:
    files = sorted(package.rglob("*.py")) if package.is_dir() else [package]
    reaching = {f"{path.name}: {m}" for path in files for m in _core_imports(path) - ALLOWED}
    assert not reaching
