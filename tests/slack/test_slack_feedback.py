"""👍/👎 clicks are stored with question, sources and mode; `rolebot feedback` shows them."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.feedback import FeedbackStore
from bot.settings import Settings
from tests.fakes.slack_api import FakeSlack
from tests.slack.harness import CHANNEL, SlackClientSide, buttons

QUESTION = "what does a lead MLOps engineer own for monitoring?"


def test_thumbs_down_is_stored_and_shown_by_rolebot_feedback(
    slack: SlackClientSide,
    fake_slack: FakeSlack,
    slack_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    question = slack.mention(QUESTION)
    [answer] = slack.wait_answer(CHANNEL, question["ts"])

    result, reply_to = slack.click("feedback_down", buttons(answer)["feedback_down"], user="U5")

    assert result.status == 200
    [thanks] = slack.wait_responses(reply_to)
    assert thanks["response_type"] == "ephemeral"
    assert "Thanks, your feedback was saved." in thanks["text"]
    monkeypatch.setenv("ROLEBOT_DATA_DIR", str(slack_settings.data_dir))
    assert main(["feedback"]) == 0
    out = capsys.readouterr().out
    assert "1 votes, 0 👍 / 1 👎" in out
    assert "extractive: 0 👍 / 1 👎" in out
    assert QUESTION in out
    assert "Lead MLOps Engineer › Common Challenges" in out


def test_changing_a_vote_keeps_one_vote_per_person(
    slack: SlackClientSide, fake_slack: FakeSlack, feedback: FeedbackStore
) -> None:
    question = slack.mention(QUESTION)
    [answer] = slack.wait_answer(CHANNEL, question["ts"])

    _, first = slack.click("feedback_down", buttons(answer)["feedback_down"])
    slack.wait_responses(first)
    _, second = slack.click("feedback_up", buttons(answer)["feedback_up"])
    slack.wait_responses(second)

    summary = feedback.summary()
    assert (summary.up, summary.down) == (1, 0)


def test_vote_for_an_unknown_answer_says_it_was_not_saved(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    _, reply_to = slack.click("feedback_up", "no-such-answer")

    [response] = slack.wait_responses(reply_to)
    assert "couldn't find that answer" in response["text"]
