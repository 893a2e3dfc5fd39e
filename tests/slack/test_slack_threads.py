"""Threads in group DMs, a missing history scope, and long threads read 15 messages a page."""

from __future__ import annotations

from pathlib import Path

import yaml

from adapters.slack.history import PAGE_SIZE
from bot.models import HelpReply
from bot.toolkit import DEFAULT_HISTORY_TURNS as MAX_TURNS
from tests.fakes.slack_api import REPLIES_PAGE_LIMIT, FakeSlack
from tests.slack.conftest import CannedBot
from tests.slack.harness import SlackClientSide, visible_text

GROUP_DM = "G1"
MANIFEST = Path(__file__).resolve().parents[2] / "adapters" / "slack" / "manifest.yaml"
QUESTION = "what does a lead MLOps engineer own for monitoring?"


def test_manifest_subscribes_to_group_dm_messages_and_has_the_scope_to_read_them() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    assert "message.mpim" in manifest["settings"]["event_subscriptions"]["bot_events"]
    assert "mpim:history" in manifest["oauth_config"]["scopes"]["bot"]


def test_group_dm_thread_follow_up_is_answered_with_the_thread_as_context(
    start_slack, fake_slack: FakeSlack
) -> None:
    bot = CannedBot(HelpReply("ok"))
    slack = start_slack(bot)
    question = slack.mention(QUESTION, channel=GROUP_DM)
    slack.wait_answer(GROUP_DM, question["ts"])

    follow_up = slack.user_message(
        "and for drift?", channel=GROUP_DM, channel_type="mpim", thread_ts=question["ts"]
    )
    assert slack.event(follow_up).status == 200
    fake_slack.wait_for(lambda: len(bot.requests) == 2, what="the follow-up request")

    assert [t.role for t in bot.requests[1].history] == ["user", "assistant"]
    fake_slack.wait_for(
        lambda: len(slack.bot_messages(GROUP_DM, question["ts"])) == 2, what="second answer"
    )


def test_mention_in_a_thread_without_the_history_scope_answers_and_names_the_scope(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    fake_slack.missing_scopes[GROUP_DM] = "mpim:history"
    root = slack.user_message("quick question, folks", channel=GROUP_DM, channel_type="mpim")
    question = slack.mention(QUESTION, channel=GROUP_DM, thread_ts=root["ts"])

    [answer] = slack.wait_answer(GROUP_DM, root["ts"])
    text = visible_text(answer)
    assert "`mpim:history` scope" in text and "reinstall the app" in text
    assert "Something went wrong" not in text
    assert "[1] Lead MLOps Engineer" in text  # the question is still answered
    assert question["thread_ts"] == root["ts"]


def test_thread_follow_up_without_the_history_scope_gets_no_reply_in_someone_elses_thread(
    start_slack, fake_slack: FakeSlack
) -> None:
    bot = CannedBot(HelpReply("ok"))
    slack = start_slack(bot)
    fake_slack.missing_scopes[GROUP_DM] = "mpim:history"
    root = slack.user_message("lunch?", channel=GROUP_DM, channel_type="mpim")
    reply = slack.user_message("yes", channel=GROUP_DM, channel_type="mpim", thread_ts=root["ts"])
    assert slack.event(reply).status == 200
    fake_slack.wait_for(lambda: fake_slack.calls_to("conversations.replies"), what="the read")
    barrier = slack.mention(QUESTION)  # a later event: the first one has been handled by then
    fake_slack.wait_for(lambda: bot.requests, what="the barrier question")

    assert [r.text for r in bot.requests] == [QUESTION]
    assert slack.bot_messages(GROUP_DM, root["ts"]) == []
    assert barrier


def test_long_thread_is_read_in_pages_of_15_up_to_the_current_message(
    start_slack, fake_slack: FakeSlack
) -> None:
    bot = CannedBot(HelpReply("ok"))
    slack = start_slack(bot)
    question = slack.mention(QUESTION)
    slack.wait_answer("C1", question["ts"])
    for n in range(40):
        fake_slack.add_message(
            "C1", user="U2", text=f"remark {n}", ts=fake_slack.next_ts(), thread_ts=question["ts"]
        )
    follow_up = slack.user_message("and for drift?", thread_ts=question["ts"])
    later = fake_slack.next_ts()  # posted after the follow-up: never part of its history
    fake_slack.add_message("C1", user="U2", text="too late", ts=later, thread_ts=question["ts"])

    slack.event(follow_up)
    fake_slack.wait_for(lambda: len(bot.requests) == 2, what="the follow-up request")

    history = [t.text for t in bot.requests[1].history]
    assert len(history) == MAX_TURNS
    assert history[-1] == "remark 39" and "too late" not in history
    pages = fake_slack.calls_to("conversations.replies")
    assert PAGE_SIZE <= REPLIES_PAGE_LIMIT
    assert all(int(call.args["limit"]) <= REPLIES_PAGE_LIMIT for call in pages)
    # 1 question + 1 answer + 40 remarks = 42 messages before the follow-up: 3 pages.
    assert len(pages) == 3 and all(call.args["latest"] == follow_up["ts"] for call in pages)
