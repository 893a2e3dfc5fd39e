"""Both modes answer through one LangChain (LCEL) chain: ``retrieve | extractive`` offline,
``retrieve | ground | generate`` (with a ``quote`` fallback) with a model.

LangChain's callbacks are what tracing tools see, so they show which steps really ran.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import BaseCallbackHandler

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Turn
from bot.settings import Settings
from tests.conftest import llm_rolebot
from tests.fakes.openai_server import FakeOpenAIServer, FakeReply

QUESTION = "which MLOps tools should a lead know?"


class StepNames(BaseCallbackHandler):
    """The names of the chain steps LangChain ran, in order."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def on_chain_start(self, serialized: dict[str, Any] | None, inputs: Any, **kwargs: Any) -> None:
        self.names.append(str(kwargs.get("name")))


def test_the_offline_answer_runs_through_the_langchain_chain(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    steps = StepNames()

    answer = bot.chain.invoke(QUESTION, [], config={"callbacks": [steps]})

    assert "retrieve" in steps.names and "ExtractiveAnswerer" in steps.names
    assert steps.names.index("retrieve") < steps.names.index("ExtractiveAnswerer")
    assert answer.found and answer.mode == "extractive"
    assert "MLflow" in answer.answer and answer.sources
    # The chain adds steps, not behaviour: the answerer alone gives the same answer.
    direct = bot.extractive.answer(QUESTION, retriever=bot.index.retriever(), history=[])
    assert answer == direct == bot.ask(QUESTION)


def test_a_follow_up_goes_through_the_chain_with_its_history(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    first = bot.ask(QUESTION)
    history = [Turn("user", QUESTION), Turn("assistant", first.answer)]

    follow_up = bot.chain.invoke("and for monitoring?", history)

    assert follow_up.found and follow_up.answer != first.answer


def test_with_a_model_the_same_chain_grows_a_generative_step(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    bot = llm_rolebot(settings, model, embedder)
    model.set_replies(["Use MLflow and Kubeflow for the ML lifecycle [1]."])
    steps = StepNames()

    answer = bot.chain.invoke(QUESTION, [], config={"callbacks": [steps]})

    assert answer.mode == "llm" and answer.note is None
    assert answer.answer == "Use MLflow and Kubeflow for the ML lifecycle [1]."
    assert [n for n in steps.names if n in {"retrieve", "ground", "generate", "quote"}] == [
        "retrieve",
        "ground",
        "generate",
    ]


def test_a_failed_model_is_replaced_by_the_quote_step_and_the_user_is_told(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    bot = llm_rolebot(settings, model, embedder, llm_timeout=2)
    model.set_replies([FakeReply(status=500)])
    steps = StepNames()

    answer = bot.chain.invoke(QUESTION, [], config={"callbacks": [steps]})

    assert "generate" in steps.names and steps.names[-1] == "quote"
    assert answer.mode == "extractive" and answer.found and "MLflow" in answer.answer
    assert answer.note is not None and "returned 500" in answer.note


def test_a_question_the_knowledge_does_not_cover_never_reaches_the_model(
    settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings
) -> None:
    bot = llm_rolebot(settings, model, embedder)
    model.set_replies(["should not be asked [1]"])

    answer = bot.chain.invoke("what is the best pizza topping in Naples?", [])

    assert not answer.found and answer.mode == "extractive"
    assert model.requests == []
