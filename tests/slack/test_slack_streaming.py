"""Answers the model writes stream into Slack; everything else is posted whole."""

from __future__ import annotations

import pytest

from bot.app import build_rolebot
from tests.fakes.openai_server import FakeOpenAIServer, FakeReply
from tests.fakes.slack_api import TEAM_ID, FakeSlack
from tests.slack.conftest import with_slack
from tests.slack.harness import CHANNEL, USER, SlackClientSide, feedback, visible_text

QUESTION = "which MLOps tools should a lead know?"
GENERATED = (
    "A lead should know MLflow and Kubeflow for the ML lifecycle [1], and Docker with "
    "Kubernetes to ship models [2]. Monitoring in production matters as much as training [1]."
)


@pytest.fixture
def slack_llm(
    start_slack, fake_slack: FakeSlack, settings, embedder, model: FakeOpenAIServer
) -> SlackClientSide:
    configured = with_slack(settings, fake_slack, openai_base_url=model.base_url, llm_timeout=10)
    return start_slack(build_rolebot(configured, embedder=embedder), configured)


def _finished(slack: SlackClientSide, channel: str, thread_ts: str) -> dict:
    [answer] = slack.fake.wait_for(
        lambda: [
            m
            for m in slack.bot_messages(channel, thread_ts)
            if m.get("blocks") and m.get("streaming") != "in_progress"
        ],
        what="the finished answer",
    )
    return answer


def test_mention_streams_the_answer_then_adds_sources_and_feedback(
    slack_llm: SlackClientSide, fake_slack: FakeSlack, model: FakeOpenAIServer
) -> None:
    model.set_replies([FakeReply(GENERATED, first_token_delay=0.1, tokens_per_second=30)])
    question = slack_llm.mention(QUESTION)

    answer = _finished(slack_llm, CHANNEL, question["ts"])

    [start] = fake_slack.calls_to("chat.startStream")
    assert start.args["thread_ts"] == question["ts"]
    assert (start.args["recipient_user_id"], start.args["recipient_team_id"]) == (USER, TEAM_ID)
    assert len(fake_slack.calls_to("chat.appendStream")) >= 1  # it grew while being written
    [stop] = fake_slack.calls_to("chat.stopStream")
    assert answer["text"] == GENERATED  # the streamed text is the answer, not replaced
    assert "*Sources*" in visible_text(answer) and set(feedback(answer)) == {"up", "down"}
    assert stop.args["blocks"][-1]["type"] == "context_actions"
    # The "thinking…" status went when the text started; nothing else is in the thread.
    assert slack_llm.bot_messages(CHANNEL, question["ts"]) == [answer]
    assert not fake_slack.calls_to("chat.update")


def test_stream_updates_are_paced_not_one_call_per_word(
    slack_llm: SlackClientSide, fake_slack: FakeSlack, model: FakeOpenAIServer
) -> None:
    long_text = " ".join(["MLflow tracks experiments [1]."] * 30)  # 120 words at 60/s: 2 s
    model.set_replies([FakeReply(long_text, tokens_per_second=60)])
    question = slack_llm.mention(QUESTION)
    _finished(slack_llm, CHANNEL, question["ts"])

    writes = fake_slack.calls_to("chat.startStream") + fake_slack.calls_to("chat.appendStream")
    assert 2 <= len(writes) <= 4  # first text at once, then about one update a second


def test_model_failing_mid_stream_ends_with_the_grounded_answer_and_a_note(
    slack_llm: SlackClientSide, fake_slack: FakeSlack, model: FakeOpenAIServer
) -> None:
    model.set_replies([FakeReply(GENERATED, fail_after=8, tokens_per_second=50)])
    question = slack_llm.mention(QUESTION)

    answer = _finished(slack_llm, CHANNEL, question["ts"])

    assert fake_slack.calls_to("chat.startStream")  # part of the answer was shown
    shown = visible_text(answer)
    assert "Generation was unavailable (the model server failed mid-answer)" in shown
    assert "MLflow" in shown and "*Sources*" in shown
    assert "A lead should know" not in str(answer["blocks"])  # the half answer was replaced
    assert slack_llm.bot_messages(CHANNEL, question["ts"]) == [answer]


def test_workspace_that_refuses_streaming_gets_post_and_update(
    slack_llm: SlackClientSide, fake_slack: FakeSlack, model: FakeOpenAIServer
) -> None:
    fake_slack.reject_streaming()
    model.set_replies([FakeReply(GENERATED, tokens_per_second=40)])
    question = slack_llm.mention(QUESTION)

    [answer] = slack_llm.wait_answer(CHANNEL, question["ts"])

    assert not fake_slack.calls_to("chat.stopStream")
    updates = fake_slack.calls_to("chat.update")
    assert len(updates) >= 2  # the growing text, then the finished answer
    assert updates[0].args["text"].endswith(" …")
    assert "MLflow and Kubeflow" in visible_text(answer)
    assert set(feedback(answer)) == {"up", "down"}


def test_direct_message_streams_into_the_thread_of_the_question(
    slack_llm: SlackClientSide, fake_slack: FakeSlack, model: FakeOpenAIServer
) -> None:
    model.set_replies([FakeReply(GENERATED)])
    event = slack_llm.user_message(QUESTION, channel="D1", channel_type="im")
    slack_llm.event(event)

    answer = _finished(slack_llm, "D1", event["ts"])
    assert answer["text"] == GENERATED
    assert slack_llm.bot_messages("D1", None) == []  # the status message is gone


def test_extractive_answers_are_posted_whole(slack: SlackClientSide, fake_slack: FakeSlack) -> None:
    question = slack.mention(QUESTION)
    [answer] = slack.wait_answer(CHANNEL, question["ts"])

    assert "MLflow" in visible_text(answer)
    assert not [c for c in fake_slack.method_names() if c.startswith("chat.") and "Stream" in c]
