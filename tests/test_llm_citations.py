"""Citations in generated answers: [n] means the n-th source the model was shown, and an
answer citing a number it was never shown is not passed on to the user.

The local OpenAI-compatible server plays a model that quotes its context faithfully
(reading the numbered sources out of the real prompt), or one that cites badly.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer
from bot.service import RoleBot
from bot.settings import PROJECT_ROOT, Settings
from tests.citations import KnowledgeSections, citation_problems, source_label
from tests.conftest import llm_rolebot
from tests.fakes.openai_server import FakeOpenAIServer, FakeReply

QUESTIONS = [
    "which MLOps tools should a lead know?",
    "how do teams deal with model drift?",
    "what soft skills does the role need?",
]
SOURCE_HEADER = re.compile(r"^\[(\d+)\] (.+)$")


def shown_sources(body: dict[str, Any]) -> dict[int, tuple[str, list[str]]]:
    """n -> (label, quotable lines) of the numbered sources in the prompt the model got."""
    prompt = str(body["messages"][0]["content"])
    sources: dict[int, tuple[str, list[str]]] = {}
    current: int | None = None
    for line in prompt.splitlines():
        if match := SOURCE_HEADER.match(line):
            current = int(match[1])
            sources[current] = (match[2], [])
        elif current is not None and line.strip() and not line.rstrip().endswith(":"):
            sources[current][1].append(line.strip().removeprefix("- "))
    return sources


def quoting_model(body: dict[str, Any]) -> FakeReply:
    """A faithful model: one quoted line from every source (or its name), with its number."""
    lines = [
        f"- {quotes[0]} [{n}]" if quotes else f"{label.split(' › ')[-1]} [{n}]"
        for n, (label, quotes) in shown_sources(body).items()
    ]
    return FakeReply("\n\n".join(lines))


@pytest.fixture
def bot(settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings) -> RoleBot:
    return llm_rolebot(settings, model, embedder, llm_timeout=5)


def test_each_generated_citation_points_at_the_source_the_model_was_shown(
    bot: RoleBot, model: FakeOpenAIServer
) -> None:
    knowledge = KnowledgeSections(PROJECT_ROOT / "knowledge")
    model.set_replies(quoting_model)
    for question in QUESTIONS:
        answer = bot.ask(question)
        shown = shown_sources(model.requests[-1])

        assert answer.mode == "llm" and answer.note is None, answer.note
        listed = [(s.n, source_label(s.title, s.section)) for s in answer.sources]
        assert listed == [(n, label) for n, (label, _) in sorted(shown.items())]
        assert citation_problems(answer.answer, listed, knowledge) == []
        assert all(s.text and s.path.endswith(".md") and 0 < s.score <= 1 for s in answer.sources)


def citing(numbers: Any) -> Any:
    """A model citing ``numbers(k)`` given ``k`` sources."""

    def reply(body: dict[str, Any]) -> FakeReply:
        k = len(shown_sources(body))
        return FakeReply(" ".join(f"A claim [{n}]." for n in numbers(k)))

    return reply


@pytest.mark.parametrize(
    "numbers",
    [lambda k: [0], lambda k: [k + 1], lambda k: [1, k + 1], lambda k: [k + 2]],
    ids=["zero", "one-past-the-end", "one-good-one-bad", "two-past-the-end"],
)
def test_a_citation_to_a_source_the_model_was_not_shown_falls_back(
    bot: RoleBot, model: FakeOpenAIServer, numbers: Any
) -> None:
    model.set_replies(citing(numbers))

    answer = bot.ask(QUESTIONS[0])

    assert answer.mode == "extractive" and "A claim" not in answer.answer
    assert answer.note == (
        "Generation was unavailable (the generated answer cited a source that does not "
        "exist), so this answer is quoted directly from the knowledge base."
    )


def test_citing_every_source_including_the_last_is_accepted(
    bot: RoleBot, model: FakeOpenAIServer
) -> None:
    model.set_replies(citing(lambda k: range(1, k + 1)))

    answer: Answer = bot.ask(QUESTIONS[0])

    assert answer.mode == "llm"
    assert answer.answer.count("A claim") == len(answer.sources) > 1


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (FakeReply(status=500), "the model server returned 500"),
        (FakeReply(status=429), "the model server is rate limiting (429)"),
        (FakeReply(status=401), "the API key was rejected"),
        (FakeReply("Trust me."), "the generated answer cited no sources"),
    ],
)
def test_the_fallback_note_names_the_reason_in_plain_words(
    bot: RoleBot, model: FakeOpenAIServer, reply: FakeReply, reason: str
) -> None:
    model.set_replies([reply])

    answer = bot.ask(QUESTIONS[0])

    assert answer.note == (
        f"Generation was unavailable ({reason}), so this answer is quoted directly from the "
        "knowledge base."
    )
