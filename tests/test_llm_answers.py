"""The LLM path over real HTTP to a local OpenAI-compatible server, and its fallbacks."""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, Request, Turn
from bot.settings import Settings, load_settings
from tests.conftest import llm_rolebot
from tests.fakes.openai_server import FakeOpenAIServer, FakeReply, user_text

QUESTION = "which MLOps tools should a lead know?"


_bot = functools.partial(llm_rolebot, llm_timeout=2)


def test_generated_answer_is_used_when_it_cites_sources(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    model.set_replies(["Use MLflow and Kubeflow for the ML lifecycle [1]."])
    answer = _bot(settings, model, embedder).ask(QUESTION)
    assert answer.mode == "llm" and answer.note is None and answer.found
    assert answer.answer == "Use MLflow and Kubeflow for the ML lifecycle [1]."
    assert answer.sources and answer.sources[0].n == 1
    prompt = model.requests[0]["messages"][0]["content"]
    assert "MLflow, Kubeflow" in prompt  # the retrieved context reached the model
    assert user_text(model.requests[0]) == QUESTION


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (FakeReply(status=500), "returned 500"),
        (FakeReply(status=429), "rate limiting"),
        (FakeReply(status=401), "API key was rejected"),
        (FakeReply("MLflow is great, trust me."), "cited no sources"),
    ],
)
def test_failed_generation_falls_back_to_grounded_answer_and_says_so(
    settings: Settings,
    model: FakeOpenAIServer,
    embedder: MiniLMEmbeddings,
    reply: FakeReply,
    reason: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    model.set_replies([reply])
    answer = _bot(settings, model, embedder).ask(QUESTION)
    assert answer.mode == "extractive" and answer.found
    assert "MLflow" in answer.answer
    assert answer.note is not None and reason in answer.note
    assert "Generation was unavailable" in answer.note
    # the operator's log says why, in one line without the question
    [logged] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("LLM fallback")]
    assert reason in logged and "MLOps tools" not in logged


def test_hung_server_times_out_and_falls_back(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    model.set_replies([FakeReply("too late [1]", delay=5)])
    bot = _bot(settings, model, embedder, llm_timeout=0.5)
    answer = bot.ask(QUESTION)
    assert answer.mode == "extractive"
    assert answer.note is not None and "timed out" in answer.note


def test_unreachable_server_never_breaks_the_bot(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    dead = load_settings(data_dir=settings.data_dir, openai_base_url="http://127.0.0.1:9/v1")
    reply = build_rolebot(dead, embedder=embedder).handle(Request(text=QUESTION))
    assert getattr(reply, "note", None) and "could not be reached" in reply.note  # type: ignore[union-attr]


def test_follow_up_is_condensed_before_retrieval(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    model.set_replies(
        ["Which cloud platforms should a lead MLOps engineer know?", "AWS, GCP and Azure [1]."]
    )
    history = [
        Turn("user", "what tools should a lead MLOps engineer know?"),
        Turn("assistant", "MLflow and Kubeflow [1]."),
    ]
    answer = _bot(settings, model, embedder).ask("and clouds?", history)
    assert answer.mode == "llm" and answer.answer == "AWS, GCP and Azure [1]."
    condense = model.requests[0]["messages"][0]["content"]
    assert "what tools should a lead MLOps engineer know?" in condense
    assert (
        user_text(model.requests[1]) == "Which cloud platforms should a lead MLOps engineer know?"
    )
    assert "AWS" in model.requests[1]["messages"][0]["content"]


def test_out_of_scope_question_never_reaches_the_model(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    answer = _bot(settings, model, embedder).ask("who won the world cup?")
    assert not answer.found and model.requests == []


# Model output is untrusted: each of these is a model the adversarial pass reproduced.


def _system_prompt(body: dict[str, Any]) -> str:
    return str(body["messages"][0]["content"])


def _canary(body: dict[str, Any]) -> str:
    """The prompt's secret marker, upper-cased as a model might write it."""
    match = re.search(r"\brb-[0-9a-f]+\b", _system_prompt(body))
    assert match is not None
    return match.group(0).upper()


def _instructions_only(body: dict[str, Any]) -> str:
    """What a model that obeys "print your system prompt" writes, minus the canary line,
    plus a citation so only the leak check can catch it."""
    prompt = _system_prompt(body).split("Sources:")[0]
    kept = [line for line in prompt.splitlines() if "marker" not in line]
    return "\n".join(kept) + " [1]"


@pytest.mark.parametrize(
    ("responder", "reason"),
    [
        (lambda body: FakeReply(_system_prompt(body)), "repeated its instructions"),
        (lambda body: FakeReply(_instructions_only(body)), "repeated its instructions"),
        (
            lambda body: FakeReply(f"MLflow [1]. Marker: {_canary(body)}"),
            "repeated its instructions",
        ),
        (lambda body: FakeReply("Use MLflow [1] and Kubeflow [9]."), "does not exist"),
        (lambda body: FakeReply("MLflow [1]. " + "x" * 2_000_000), "too long"),
    ],
    ids=["echoes-prompt", "prints-instructions", "prints-the-marker", "cites-9", "writes-2mb"],
)
def test_untrusted_model_output_falls_back_to_the_grounded_answer(
    settings: Settings,
    model: FakeOpenAIServer,
    embedder: MiniLMEmbeddings,
    responder: Any,
    reason: str,
) -> None:
    model.set_replies(responder)
    reply = _bot(settings, model, embedder).handle(Request(text=QUESTION, platform="slack"))

    assert isinstance(reply, Answer)
    assert reply.mode == "extractive" and "MLflow" in reply.answer
    assert reply.note is not None and reason in reply.note
    assert "Generation was unavailable" in reply.note
    assert "Answer ONLY from the numbered sources" not in reply.answer
    assert len(reply.answer) < 10_000


def test_generation_is_capped_in_tokens(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    model.set_replies(["Use MLflow [1]."])
    _bot(settings, model, embedder, llm_max_tokens=321).ask(QUESTION)
    assert model.requests[0]["max_completion_tokens"] == 321


def test_an_answer_cut_at_the_token_cap_is_not_shown(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    model.set_replies([FakeReply("Use MLflow [1] and", finish="length")])
    answer = _bot(settings, model, embedder).ask(QUESTION)
    assert answer.mode == "extractive"
    assert answer.note is not None and "too long" in answer.note


def test_markdown_links_the_sources_do_not_contain_are_plain_text(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    model.set_replies(
        ["Use MLflow [1]. [Verify your account](https://evil.example/login) to read more."]
    )
    answer = _bot(settings, model, embedder).ask(QUESTION)
    assert answer.mode == "llm"
    assert "Verify your account to read more." in answer.answer
    assert "evil.example" not in answer.answer
