"""Slack's retries, as a user and Slack's rate limiter see them: one reply, one thread read.

Slack re-sends an event (same ``event_id``, ``X-Slack-Retry-Num`` set) whenever our 200
was slow or lost. Each retry below is sent after the first delivery's handlers have all
finished (``wait_idle``), so the assertions are about what the retry did, not about a race.
"""

from __future__ import annotations

from bot.models import HelpReply
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import CannedBot, StartSlack, with_slack
from tests.slack.harness import CHANNEL, SlackClientSide, visible_text

QUESTION = "what does a lead MLOps engineer own for monitoring?"


def _deliver_with_retries(slack: SlackClientSide, event: dict, *, event_id: str) -> None:
    """The first delivery, its handlers run to the end, then Slack's three retries."""
    assert slack.event(event, event_id=event_id).status == 200
    slack.wait_idle()
    for attempt in (1, 2, 3):
        assert slack.event(event, event_id=event_id, retry_num=attempt).status == 200
    slack.wait_idle()


def test_retried_question_from_a_workspace_not_served_is_refused_once(
    start_slack: StartSlack, fake_slack: FakeSlack, settings
) -> None:
    bot = CannedBot(HelpReply("answer"))
    slack = start_slack(bot, with_slack(settings, fake_slack, slack_allowed_teams=["TOTHER"]))
    dm = slack.user_message(QUESTION, channel="D1", channel_type="im")

    _deliver_with_retries(slack, dm, event_id="EvREFUSED")

    [refusal] = slack.bot_messages("D1", dm["ts"])
    assert "isn't enabled for your workspace" in refusal["text"]
    assert bot.requests == []


def test_retried_thread_follow_up_is_answered_once_and_reads_the_thread_once(
    start_slack: StartSlack, fake_slack: FakeSlack
) -> None:
    bot = CannedBot(HelpReply("one answer"))
    slack = start_slack(bot)
    question = slack.mention(QUESTION)
    slack.wait_answer(CHANNEL, question["ts"])
    follow_up = slack.user_message("and what tools are used for it?", thread_ts=question["ts"])

    _deliver_with_retries(slack, follow_up, event_id="EvFOLLOW")

    answers = slack.bot_messages(CHANNEL, question["ts"])
    assert [visible_text(a) for a in answers] == ["one answer", "one answer"]
    assert len(bot.requests) == 2  # the question and the follow-up, never a retry
    assert len(fake_slack.calls_to("conversations.replies")) == 1


def test_retried_mention_is_answered_once(start_slack: StartSlack, fake_slack: FakeSlack) -> None:
    bot = CannedBot(HelpReply("one answer"))
    slack = start_slack(bot)
    event = slack.user_message(f"<@UBOT> {QUESTION}", event_type="app_mention")

    _deliver_with_retries(slack, event, event_id="EvMENTION")

    [answer] = slack.bot_messages(CHANNEL, event["ts"])
    assert visible_text(answer) == "one answer"
    assert len(bot.requests) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # not even a second "Thinking…"


def test_retried_slash_command_is_answered_once(
    start_slack: StartSlack, fake_slack: FakeSlack
) -> None:
    bot = CannedBot(HelpReply("once"))
    slack = start_slack(bot)

    _, first = slack.command("/ask", QUESTION, trigger_id="trigger-retried")
    slack.wait_idle()
    _, again = slack.command("/ask", QUESTION, trigger_id="trigger-retried")
    slack.wait_idle()

    assert [r["text"] for r in slack.responses(first)] == ["once"]
    assert slack.responses(again) == []
    assert len(bot.requests) == 1
