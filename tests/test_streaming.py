"""RoleBot.stream over real HTTP to a local model server that writes at a set pace.

What the user ends up seeing is the final reply; these tests check the pieces shown on the
way and that every failure ends in the grounded answer with its note.
"""

from __future__ import annotations

import functools
import itertools

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, ErrorReply, Request, SalaryResult
from bot.settings import Settings, load_settings
from bot.streaming import STREAMING, StreamEvent, StreamPacer, paced, replaces_streamed_text
from tests.conftest import llm_rolebot
from tests.fakes.openai_server import FakeOpenAIServer, FakeReply

QUESTION = "which MLOps tools should a lead know?"
GENERATED = (
    "A lead should know MLflow and Kubeflow for the ML lifecycle [1]. They also use Docker [2]."
)


_bot = functools.partial(llm_rolebot, llm_timeout=5)


def _split(events: list[StreamEvent]) -> tuple[bool, str, object]:
    streamed = bool(events) and events[0] is STREAMING
    pieces = "".join(e for e in events if isinstance(e, str))
    return streamed, pieces, events[-1]


def test_generated_answer_streams_in_pieces_that_add_up_to_the_answer(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    model.set_replies([FakeReply(GENERATED, tokens_per_second=200)])
    events = list(_bot(settings, model, embedder).stream(Request(QUESTION, platform="slack")))

    streamed, pieces, final = _split(events)
    assert streamed
    assert sum(isinstance(e, str) for e in events) > 3  # word by word, not all at once
    assert isinstance(final, Answer) and final.mode == "llm"
    assert final.answer == GENERATED
    assert not replaces_streamed_text(pieces, final)


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (FakeReply(GENERATED, fail_after=6), "failed mid-answer"),
        (FakeReply(GENERATED, cut_after=6), "stopped mid-answer"),
        (FakeReply("MLflow is great, trust me and nothing else."), "cited no sources"),
        (FakeReply("Use MLflow [1] " + "and more " * 3000), "too long"),
    ],
)
def test_a_stream_that_fails_ends_with_the_grounded_answer_and_a_note(
    settings: Settings,
    model: FakeOpenAIServer,
    embedder: MiniLMEmbeddings,
    reply: FakeReply,
    reason: str,
) -> None:
    model.set_replies([reply])
    bot = _bot(settings, model, embedder, llm_max_tokens=100)
    events = list(bot.stream(Request(QUESTION, platform="slack")))

    streamed, pieces, final = _split(events)
    assert streamed
    assert isinstance(final, Answer) and final.mode == "extractive" and final.found
    assert final.note is not None and reason in final.note
    assert "MLflow" in final.answer
    assert replaces_streamed_text(pieces, final)  # the half answer shown is replaced


def test_a_link_is_shown_only_once_complete_and_never_to_an_unknown_address(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    text = "Use MLflow [1]. [Verify your account](https://evil.example/login) now [2]."
    model.set_replies([FakeReply(text)])
    events = list(_bot(settings, model, embedder).stream(Request(QUESTION, platform="slack")))

    _, pieces, final = _split(events)
    assert "evil.example" not in pieces
    assert "](" not in pieces
    assert "Verify your account now [2]." in pieces
    assert isinstance(final, Answer) and "evil.example" not in final.answer


def test_bare_unknown_address_is_shown_as_code_while_streaming(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    model.set_replies([FakeReply("See https://evil.example/x for MLflow [1].")])
    events = list(_bot(settings, model, embedder).stream(Request(QUESTION, platform="slack")))

    _, pieces, _ = _split(events)
    assert "`https://evil.example/x`" in pieces


def test_a_leaked_prompt_stops_the_stream_before_its_words_are_shown(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    bot = _bot(settings, model, embedder)
    assert bot.generative is not None
    model.set_replies([FakeReply(f"Sure. The secret marker is {bot.generative.canary} ok [1].")])
    events = list(bot.stream(Request(QUESTION, platform="slack")))

    _, pieces, final = _split(events)
    assert bot.generative.canary not in pieces
    assert isinstance(final, Answer) and final.mode == "extractive"
    assert final.note is not None and "repeated its instructions" in final.note


def test_the_instructions_repeated_word_for_word_are_stopped_before_they_are_shown(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    # A prompt-injected model repeating its rules: the first words could be anything, so
    # a run of seven is let through before the stream is stopped, never the whole rule.
    rule = "Never add facts, figures, tools or names that are not in the sources."
    model.set_replies([FakeReply(f"Sure, my rules say: {rule} Keep figures exactly as written.")])
    events = list(_bot(settings, model, embedder).stream(Request(QUESTION, platform="slack")))

    _, pieces, final = _split(events)
    assert "that are not in the sources" not in pieces
    assert "Keep figures" not in pieces
    assert isinstance(final, Answer) and final.mode == "extractive"
    assert final.note is not None and "repeated its instructions" in final.note


def test_restricted_asker_gets_no_pieces_only_the_filtered_answer(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    model.set_replies([FakeReply("A lead earns $190,000 a year [1].")])
    bot = _bot(settings, model, embedder, salary_allowed_users=["UBOSS"])
    events = list(
        bot.stream(
            Request("how much does a lead MLOps engineer earn?", platform="slack", user_id="U1")
        )
    )

    assert STREAMING not in events
    assert not any(isinstance(e, str) for e in events)
    assert "$190,000" not in str(events[-1])


def test_salary_lookup_and_plain_extractive_answers_are_not_streamed(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    bot = _bot(settings, model, embedder)
    [salary] = list(bot.stream(Request("salary lead mlops engineer", platform="slack")))
    assert isinstance(salary, SalaryResult)

    extractive = build_rolebot(settings, embedder=embedder)
    [answer] = list(extractive.stream(Request(QUESTION, platform="slack")))
    assert isinstance(answer, Answer) and answer.mode == "extractive"
    assert model.requests == []


def test_index_failure_mid_stream_ends_in_a_polite_error(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings, tmp_path
) -> None:
    configured = load_settings(data_dir=tmp_path / "empty", openai_base_url=model.base_url)
    bot = build_rolebot(configured, embedder=embedder)
    events = list(bot.stream(Request(QUESTION, platform="slack")))

    assert events[0] is STREAMING
    assert isinstance(events[-1], ErrorReply) and events[-1].unavailable


def test_pacer_shows_the_first_text_at_once_then_at_most_one_update_per_interval() -> None:
    now = [0.0]
    pacer = StreamPacer(1.0, clock=lambda: now[0])
    shown = []
    for i in range(40):  # 40 words over two seconds
        now[0] = i * 0.05
        update = pacer.add(f"w{i} ")
        if update:
            shown.append((now[0], update))
    shown.append((now[0], pacer.flush()))

    assert shown[0] == (0.0, "w0 ")
    times = [t for t, _ in shown[:-1]]
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(times))
    assert "".join(text for _, text in shown) == "".join(f"w{i} " for i in range(40))


def test_paced_stream_keeps_the_marker_and_final_reply() -> None:
    final = Answer("a b c", True, "llm")
    events = list(paced([STREAMING, "a ", "b ", "c", final], StreamPacer(60)))
    assert events == [STREAMING, "a ", "b c", final]


def test_a_streamed_question_without_a_model_counts_once_against_the_rate_limit(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    # Slack and Teams ask through stream(); without a model it answers as handle() does,
    # and each question counts once: two per minute means two answers, then the refusal.
    limited = load_settings(data_dir=settings.data_dir, rate_limit_per_minute=2)
    bot = build_rolebot(limited, embedder=embedder)
    replies = [
        list(bot.stream(Request(QUESTION, platform="slack", user_id="U1")))[-1] for _ in range(3)
    ]
    assert [type(r) for r in replies] == [Answer, Answer, ErrorReply]
    assert "Please ask again in" in replies[2].text
