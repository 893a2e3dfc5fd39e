"""Grounded answers: cited, complete lists, plain refusals, follow-ups, friendly limits."""

from __future__ import annotations

import re

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, ErrorReply, HelpReply, Request, Turn
from bot.service import RoleBot
from bot.settings import Settings


@pytest.fixture
def bot(settings: Settings, embedder: MiniLMEmbeddings) -> RoleBot:
    return build_rolebot(settings, embedder=embedder)


def _quoted_lines(answer: Answer) -> list[str]:
    return [ln[2:] for ln in answer.answer.splitlines() if ln.startswith("- ")]


def test_answer_quotes_knowledge_and_cites_numbered_sources(bot: RoleBot) -> None:
    answer = bot.ask("which MLOps tools should a lead know?")
    assert answer.found and answer.mode == "extractive"
    assert "MLflow" in answer.answer and "Kubeflow" in answer.answer
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert cited == {s.n for s in answer.sources}
    assert any(s.section.startswith("Requirements › Technical Skills") for s in answer.sources)
    for line in _quoted_lines(answer):  # never invents text
        piece = line.split(": ", 1)[-1].split("; ")[0]
        assert any(piece in s.text for s in answer.sources), line


def test_question_about_a_group_lists_every_member(bot: RoleBot) -> None:
    answer = bot.ask("what are the common challenges?")
    for challenge in ("Data Management", "Security Concerns", "Skilled Talent Shortage"):
        assert challenge in answer.answer


def test_off_topic_question_is_refused_with_what_is_covered(bot: RoleBot) -> None:
    answer = bot.ask("who won the world cup?")
    assert not answer.found and answer.sources == []
    assert "couldn't find" in answer.answer
    assert "Core Responsibilities" in answer.answer  # suggests what it does cover


def test_follow_up_uses_the_earlier_question(bot: RoleBot) -> None:
    history = [Turn("user", "what tools should a lead MLOps engineer know?")]
    answer = bot.ask("and which cloud platforms?", history)
    assert answer.found
    assert "AWS" in answer.answer and "GCP" in answer.answer


def test_over_long_message_gets_a_polite_reply(bot: RoleBot) -> None:
    reply = bot.handle(Request(text="why" * 1000))
    assert isinstance(reply, ErrorReply)
    assert "3,000 characters" in reply.text and "2,000" in reply.text


def test_empty_message_gets_help(bot: RoleBot) -> None:
    assert isinstance(bot.handle(Request(text="   ")), HelpReply)


@pytest.mark.parametrize("text", ["thanks!", "great, thank you 👍", "ok", "Thx"])
def test_thanks_in_a_thread_gets_a_short_acknowledgement_not_an_answer(
    bot: RoleBot, text: str
) -> None:
    history = [
        Turn("user", "what are the common challenges?"),
        Turn("assistant", "Common Challenges [1]: …"),
    ]
    reply = bot.handle(Request(text=text, history=history))
    assert isinstance(reply, HelpReply)
    assert reply.text.startswith("Happy to help!")
    assert "[1]" not in reply.text


def test_missing_index_is_reported_not_raised(tmp_path, embedder: MiniLMEmbeddings) -> None:
    from bot.settings import load_settings

    empty = build_rolebot(load_settings(data_dir=tmp_path / "empty"), embedder=embedder)
    reply = empty.handle(Request(text="what does a lead MLOps engineer do?"))
    assert isinstance(reply, ErrorReply)
    assert "index is unavailable" in reply.text and "rolebot ingest" in reply.text
