"""👍/👎 clicks are stored with question, sources and mode; `rolebot feedback` shows them."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.cli import main
from bot.feedback import FeedbackStore
from bot.settings import Settings
from tests.fakes.slack_api import FakeSlack
from tests.slack.harness import CHANNEL, SlackClientSide, buttons
from tests.slack.harness import feedback as native_feedback
from tests.slack.test_slack_reliability import GatedBot

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

    result, reply_to = slack.click_feedback(native_feedback(answer)["down"], user="U5")

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
    # the sections the answer cited, as the voter saw them
    assert "Lead MLOps Engineer › Core Responsibilities › Performance Monitoring" in out


def test_changing_a_vote_keeps_one_vote_per_person(
    slack: SlackClientSide, fake_slack: FakeSlack, feedback: FeedbackStore
) -> None:
    question = slack.mention(QUESTION)
    [answer] = slack.wait_answer(CHANNEL, question["ts"])

    _, first = slack.click_feedback(native_feedback(answer)["down"])
    slack.wait_responses(first)
    _, second = slack.click_feedback(native_feedback(answer)["up"])
    slack.wait_responses(second)

    summary = feedback.summary()
    assert (summary.up, summary.down) == (1, 0)


def test_vote_for_an_unknown_answer_says_it_was_not_saved(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    _, reply_to = slack.click("feedback_up", "no-such-answer")

    [response] = slack.wait_responses(reply_to)
    assert "couldn't find that answer" in response["text"]


def stored_votes(path: Path) -> list[tuple[str, str, str]]:
    """The votes as another connection sees them (what survives this process dying)."""
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT answer_id, voter, vote FROM votes").fetchall()


def test_vote_is_stored_before_slack_gets_its_200(
    start_slack, feedback: FeedbackStore, slack_settings: Settings
) -> None:
    bot = GatedBot()
    slack = start_slack(bot)
    answer_id = feedback.remember_answer(
        platform="slack", question=QUESTION, sources=[], mode="extractive"
    )
    for n in range(10):  # every worker thread busy answering: nothing queued runs for now
        slack.event(slack.user_message(f"slow question {n}", channel=f"D{n}", channel_type="im"))
    assert bot.started.wait(timeout=10)

    result, reply_to = slack.click("feedback_up", answer_id, user="U7")

    assert result.status == 200
    assert stored_votes(slack_settings.feedback_path) == [(answer_id, "U7", "up")]
    bot.release.set()
    [thanks] = slack.wait_responses(reply_to)
    assert thanks["text"] == "Thanks, your feedback was saved."


def test_vote_that_cannot_be_stored_is_not_thanked(
    slack: SlackClientSide, fake_slack: FakeSlack, slack_settings: Settings
) -> None:
    question = slack.mention(QUESTION)
    [answer] = slack.wait_answer(CHANNEL, question["ts"])
    with closing(sqlite3.connect(slack_settings.feedback_path)) as db, db:
        db.execute("DROP TABLE votes")  # the store breaks under the running app

    result, reply_to = slack.click_feedback(native_feedback(answer)["up"])

    assert result.status == 200
    [response] = slack.wait_responses(reply_to)
    assert "Something went wrong on my side" in response["text"]
    assert "Thanks" not in response["text"]


def test_buttons_on_messages_from_before_native_feedback_still_store_votes(
    slack: SlackClientSide, feedback_store_path: Path
) -> None:
    question = slack.mention(QUESTION)
    [answer] = slack.wait_answer(CHANNEL, question["ts"])
    answer_id = native_feedback(answer)["up"].removeprefix("up:")

    result, reply_to = slack.click("feedback_down", answer_id, user="U8")

    assert result.status == 200
    [thanks] = slack.wait_responses(reply_to)
    assert thanks["text"] == "Thanks, your feedback was saved."
    assert stored_votes(feedback_store_path) == [(answer_id, "U8", "down")]


def test_surface_without_native_feedback_gets_classic_buttons_that_work(
    slack: SlackClientSide, fake_slack: FakeSlack, feedback_store_path: Path
) -> None:
    fake_slack.unsupported_blocks.add("context_actions")
    question = slack.mention(QUESTION)
    [answer] = slack.wait_answer(CHANNEL, question["ts"])

    assert native_feedback(answer) == {}
    classic = buttons(answer)
    assert set(classic) == {"feedback_up", "feedback_down"}
    _, reply_to = slack.click("feedback_up", classic["feedback_up"], user="U9")
    slack.wait_responses(reply_to)
    assert stored_votes(feedback_store_path) == [(classic["feedback_up"], "U9", "up")]


@pytest.fixture
def feedback_store_path(slack_settings: Settings) -> Path:
    return slack_settings.feedback_path
