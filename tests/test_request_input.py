"""Odd text in a request is cleaned by the engine, never blamed on the index; a reply is
bounded in length; and an empty optional secret is the same as an unset one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, Request, Turn
from bot.service import RoleBot
from bot.settings import Settings, load_settings
from bot.untrusted import clean_text

QUESTION = "what does a lead MLOps engineer own for monitoring?"


@pytest.fixture
def bot(settings: Settings, embedder: MiniLMEmbeddings) -> RoleBot:
    return build_rolebot(settings, embedder=embedder)


def test_a_lone_surrogate_is_answered_not_blamed_on_the_index(bot: RoleBot) -> None:
    history = [Turn("user", "hi \udfff"), Turn("assistant", "Hello.")]
    reply = bot.handle(Request(text=f"{QUESTION} \ud800", history=history, platform="slack"))

    assert isinstance(reply, Answer), reply
    assert reply.found and "[1]" in reply.answer


def test_clean_text_keeps_real_characters_and_drops_broken_ones() -> None:
    assert clean_text("naïve 🙂\ttab\nline") == "naïve 🙂\ttab\nline"
    assert clean_text("a\ud800b\x00c\x1bd") == "a\ufffdbcd"
    assert clean_text("\ud83d\ude42") == "🙂"  # a pair split by a JSON decoder is joined


@pytest.mark.parametrize(
    "name",
    [
        "OPENAI_API_KEY",
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "MICROSOFT_APP_PASSWORD",
        "CHROMA_AUTH_TOKEN",
        "OPENAI_BASE_URL",
    ],
)
def test_an_empty_secret_is_unset(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(name, "")
    settings = load_settings()
    field = next(f for f, info in Settings.model_fields.items() if info.validation_alias == name)
    assert getattr(settings, field) is None
    assert not settings.llm_enabled


def test_an_empty_key_in_dotenv_keeps_answers_extractive_without_a_note(
    tmp_path: Path, data_dir: Path, embedder: MiniLMEmbeddings
) -> None:
    (tmp_path / ".env").write_text("OPENAI_API_KEY=\nROLEBOT_LLM=\n", encoding="utf-8")
    settings = load_settings(data_dir=data_dir)  # the test runs in tmp_path, so .env is read
    reply = build_rolebot(settings, embedder=embedder).handle(Request(text=QUESTION))

    assert not settings.llm_enabled and settings.llm == "auto"
    assert isinstance(reply, Answer) and reply.mode == "extractive" and reply.note is None


def test_an_answer_is_bounded_whatever_produced_it(bot: RoleBot) -> None:
    from bot.service import MAX_ANSWER_CHARS

    long_answer = Answer("\n".join(f"- point {i} [1]" for i in range(5_000)), True, "llm")
    bot.router = lambda request: long_answer  # any producer: a feature, a model, a bug

    reply = bot.handle(Request(text=QUESTION, platform="teams"))

    assert isinstance(reply, Answer)
    assert len(reply.answer) <= MAX_ANSWER_CHARS + 2 and reply.answer.endswith("…")
    assert reply.answer.startswith("- point 0 [1]\n- point 1 [1]")
    assert reply.note is not None and "shortened" in reply.note
