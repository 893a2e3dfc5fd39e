"""A workspace the bot does not serve: one polite, private refusal where the person asked,
and nothing at all for messages that were not addressed to the bot.

With ``ROLEBOT_SLACK_ALLOWED_TEAMS`` set, a shared channel or an org-wide install can
deliver events from other workspaces; answering those would leak the knowledge, and
refusing every message in them (or another bot's) would be spam or a bot-to-bot loop.
"""

from __future__ import annotations

from typing import Any

import pytest

from adapters.slack.messages import TEAM_NOT_ALLOWED
from bot.models import HelpReply
from tests.fakes.slack_api import BOT_USER_ID, FakeSlack
from tests.slack.conftest import CannedBot, StartSlack, with_slack
from tests.slack.harness import CHANNEL, SlackClientSide

REFUSAL = "isn't enabled for your workspace"


@pytest.fixture
def bot() -> CannedBot:
    return CannedBot(HelpReply("answer"))


@pytest.fixture
def slack(start_slack: StartSlack, fake_slack: FakeSlack, settings, bot) -> SlackClientSide:
    return start_slack(bot, with_slack(settings, fake_slack, slack_allowed_teams=["TOTHER"]))


def test_slash_command_gets_a_private_refusal_as_json(slack: SlackClientSide, bot) -> None:
    result, reply_to = slack.command("/ask", "what does a lead do?")

    assert result.status == 200
    assert result.headers["content-type"].startswith("application/json")
    assert result.json() == {"response_type": "ephemeral", "text": TEAM_NOT_ALLOWED}
    assert slack.wait_idle() == 0 and slack.responses(reply_to) == [] and bot.requests == []


def test_mention_is_refused_once_in_its_thread(
    slack: SlackClientSide, fake_slack: FakeSlack, bot
) -> None:
    question = slack.mention("what does a lead do?")  # as app_mention and as message
    slack.wait_idle()

    [refusal] = fake_slack.calls_to("chat.postMessage")
    assert refusal.args["channel"] == CHANNEL
    assert refusal.args["thread_ts"] == question["ts"]
    assert REFUSAL in refusal.args["text"]
    assert bot.requests == []


def test_reply_in_a_thread_is_refused_in_that_thread(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    root = fake_slack.next_ts()
    dm = slack.user_message("and for drift?", channel="D1", channel_type="im", thread_ts=root)
    slack.event(dm)
    slack.wait_idle()

    [refusal] = fake_slack.calls_to("chat.postMessage")
    assert (refusal.args["channel"], refusal.args["thread_ts"]) == ("D1", root)


def test_file_shared_in_a_direct_message_is_refused(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    dm = slack.user_message("see attached", channel="D1", channel_type="im")
    slack.event({**dm, "subtype": "file_share"})
    slack.wait_idle()

    [refusal] = fake_slack.calls_to("chat.postMessage")
    assert REFUSAL in refusal.args["text"]


def test_button_click_is_refused_through_its_response_url(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    result, reply_to = slack.click("feedback_up", "answer-1")
    slack.wait_idle()

    assert result.status == 200
    [response] = slack.responses(reply_to)
    assert REFUSAL in response["text"]
    assert fake_slack.calls_to("chat.postMessage") == []


def _unaddressed(slack: SlackClientSide) -> list[dict[str, Any]]:
    chatter = slack.user_message("lunch anyone?")
    dm = slack.user_message("what does a lead do?", channel="D1", channel_type="im")
    return [
        chatter,  # ordinary channel chatter: not for the bot
        {**dm, "bot_id": "BOTHER"},  # another bot's direct message
        {**dm, "subtype": "message_changed"},  # an edit
        {**dm, "subtype": "channel_join"},
        {**chatter, "text": f"<@{BOT_USER_ID}> hi", "bot_id": "BOTHER", "type": "app_mention"},
    ]


def test_messages_not_addressed_to_the_bot_get_no_refusal(
    slack: SlackClientSide, fake_slack: FakeSlack, bot
) -> None:
    for event in _unaddressed(slack):
        assert slack.event(event).status == 200
    slack.wait_idle()

    assert fake_slack.calls_to("chat.postMessage") == []
    assert bot.requests == []
