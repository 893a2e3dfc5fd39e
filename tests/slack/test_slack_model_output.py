"""A misbehaving model seen from Slack: its output never floods a thread or plants links."""

from __future__ import annotations

import pytest

from bot.app import build_rolebot
from tests.fakes.openai_server import FakeOpenAIServer
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import with_slack
from tests.slack.harness import CHANNEL, SlackClientSide, visible_text

QUESTION = "which MLOps tools should a lead know?"


@pytest.fixture
def slack_with_model(
    start_slack, fake_slack: FakeSlack, settings, embedder, model: FakeOpenAIServer
) -> SlackClientSide:
    configured = with_slack(settings, fake_slack, openai_base_url=model.base_url, llm_timeout=5)
    return start_slack(build_rolebot(configured, embedder=embedder), configured)


def test_a_2_mb_model_answer_is_one_message_not_hundreds(
    slack_with_model: SlackClientSide, fake_slack: FakeSlack, model: FakeOpenAIServer
) -> None:
    model.set_replies(["MLflow [1]. " + "blah " * 400_000])

    question = slack_with_model.mention(QUESTION)
    [answer] = slack_with_model.wait_answer(CHANNEL, question["ts"])

    assert (
        len(fake_slack.calls_to("chat.postMessage")) + len(fake_slack.calls_to("chat.update")) == 2
    )
    shown = visible_text(answer)
    assert "MLflow" in shown and "blah blah" not in shown
    assert "too long" in shown  # the fallback note says why


def test_a_markdown_link_from_the_model_is_not_a_live_slack_link(
    slack_with_model: SlackClientSide, fake_slack: FakeSlack, model: FakeOpenAIServer
) -> None:
    model.set_replies(["Use MLflow [1]. [Verify your account](https://evil.example/login) now."])

    question = slack_with_model.mention(QUESTION)
    [answer] = slack_with_model.wait_answer(CHANNEL, question["ts"])

    shown = visible_text(answer)
    assert "Verify your account" in shown
    assert "evil.example" not in str(answer["blocks"]) and "evil.example" not in shown
