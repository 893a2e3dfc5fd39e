"""Mentions, thread follow-ups and DMs, end to end over HTTP against a fake Slack."""

from __future__ import annotations

from tests.fakes.slack_api import BOT_ID, BOT_USER_ID, FakeSlack
from tests.slack.harness import CHANNEL, SlackClientSide, feedback, visible_text

QUESTION = "what does a lead MLOps engineer own for monitoring?"


def test_mention_is_answered_in_a_thread_with_sources_and_feedback_buttons(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    question = slack.mention(QUESTION)

    [answer] = slack.wait_answer(CHANNEL, question["ts"])
    text = visible_text(answer)
    assert "monitoring" in text.lower()
    assert "[1]" in text
    assert "*Sources*" in text
    assert "[1] Lead MLOps Engineer" in text
    assert set(feedback(answer)) == {"up", "down"}
    # The "thinking…" status message was turned into the answer, not left behind.
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert len(fake_slack.calls_to("chat.update")) == 1


def test_mention_sent_as_app_mention_and_message_gets_one_reply(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    question = slack.mention(QUESTION)
    slack.wait_answer(CHANNEL, question["ts"])
    slack.wait_idle()  # both deliveries' handlers have run to the end

    assert len(slack.bot_messages(CHANNEL, question["ts"])) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_follow_up_in_the_thread_is_answered_without_a_mention(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    question = slack.mention(QUESTION)
    slack.wait_answer(CHANNEL, question["ts"])

    follow_up = slack.user_message("and what tools are used for it?", thread_ts=question["ts"])
    assert slack.event(follow_up).status == 200

    fake_slack.wait_for(
        lambda: len(slack.wait_answer(CHANNEL, question["ts"])) == 2, what="second answer"
    )
    print([c.args for c in fake_slack.calls_to("conversations.replies")])
    [replies_call] = fake_slack.calls_to("conversations.replies")
    assert replies_call.args["ts"] == question["ts"]
    second = slack.bot_messages(CHANNEL, question["ts"])[1]
    assert second["thread_ts"] == question["ts"]
    text = visible_text(second)
    assert "[1]" in text and "*Sources*" in text  # a cited answer, not an error or help text
    assert "Something went wrong" not in text


def test_thread_history_gives_the_engine_the_conversation(
    start_slack, fake_slack: FakeSlack
) -> None:
    from bot.models import HelpReply
    from tests.slack.conftest import CannedBot

    bot = CannedBot(HelpReply("ok"))
    slack = start_slack(bot)
    question = slack.mention(QUESTION)
    slack.wait_answer(CHANNEL, question["ts"])
    fake_slack.add_message(
        CHANNEL,
        user="U2",
        text="unrelated bot chatter",
        ts=fake_slack.next_ts(),
        thread_ts=question["ts"],
        bot_id="BOTHER",
    )

    follow_up = slack.user_message("and for drift?", thread_ts=question["ts"])
    slack.event(follow_up)
    fake_slack.wait_for(lambda: len(bot.requests) == 2, what="the follow-up request")

    request = bot.requests[1]
    assert request.text == "and for drift?"
    assert [(t.role, t.text) for t in request.history] == [
        ("user", QUESTION),
        ("assistant", "ok"),
    ]


def test_reply_in_a_thread_the_bot_is_not_in_is_ignored(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    root = slack.user_message("lunch anyone?")
    slack.event(root)
    reply = slack.user_message("yes please", thread_ts=root["ts"])
    slack.event(reply)
    slack.wait_idle()

    assert slack.bot_messages(CHANNEL, root["ts"]) == []
    assert fake_slack.calls_to("chat.postMessage") == []
    # It did look: the thread was read to see whether the bot was in it.
    assert [c.args["ts"] for c in fake_slack.calls_to("conversations.replies")] == [root["ts"]]


def test_direct_message_is_answered_without_a_mention(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    dm = slack.user_message(QUESTION, channel="D1", channel_type="im")
    assert slack.event(dm).status == 200

    [answer] = slack.wait_answer("D1", None)
    assert "[1] Lead MLOps Engineer" in visible_text(answer)


def test_direct_message_thread_follow_up_is_answered_in_that_thread(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    dm = slack.user_message(QUESTION, channel="D1", channel_type="im")
    slack.event(dm)
    slack.wait_answer("D1", None)

    follow_up = slack.user_message(
        "and for drift?", channel="D1", channel_type="im", thread_ts=dm["ts"]
    )
    slack.event(follow_up)

    [answer] = slack.wait_answer("D1", dm["ts"])
    assert "drift" in visible_text(answer).lower()  # the follow-up was understood in context
    # The thread was read up to the follow-up (Bolt's Assistant middleware, which treats DM
    # threads as assistant threads, also looks up the thread's context: a separate call).
    [replies_call] = [c for c in fake_slack.calls_to("conversations.replies") if "latest" in c.args]
    assert (replies_call.args["channel"], replies_call.args["ts"]) == ("D1", dm["ts"])
    assert replies_call.args["latest"] == follow_up["ts"]


def test_own_messages_and_other_bots_messages_get_no_reply(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    own = {
        "type": "message",
        "channel": "D1",
        "channel_type": "im",
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "text": QUESTION,
        "ts": fake_slack.next_ts(),
    }
    other_bot = {
        "type": "message",
        "subtype": "bot_message",
        "channel": "D1",
        "channel_type": "im",
        "bot_id": "BOTHER",
        "text": QUESTION,
        "ts": fake_slack.next_ts(),
    }
    other_mention = {
        "type": "app_mention",
        "channel": CHANNEL,
        "user": "U9",
        "bot_id": "BOTHER",
        "text": f"<@{BOT_USER_ID}> {QUESTION}",
        "ts": fake_slack.next_ts(),
    }
    for event in (own, other_bot, other_mention):
        assert slack.event(event).status == 200

    slack.wait_idle()
    assert fake_slack.calls_to("chat.postMessage") == []
    assert fake_slack.calls_to("chat.update") == []


def test_salary_follow_up_in_the_thread_looks_up_the_new_level(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    question = slack.mention("how much does a lead MLOps engineer make in New York?")
    [first] = slack.wait_answer(CHANNEL, question["ts"])
    assert "$190,000–$230,000" in visible_text(first)

    follow_up = slack.user_message("what about a senior one?", thread_ts=question["ts"])
    assert slack.event(follow_up).status == 200
    fake_slack.wait_for(
        lambda: len(slack.wait_answer(CHANNEL, question["ts"])) == 2, what="second answer"
    )
    second = visible_text(slack.bot_messages(CHANNEL, question["ts"])[1])
    assert "$172,820–$180,000" in second and "MLOps Engineer (senior)" in second
    assert "$190,000–$230,000" not in second
