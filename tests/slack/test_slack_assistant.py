"""The assistant pane and the Home tab, end to end against the fake Slack."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.app import build_rolebot
from tests.fakes.slack_api import TEAM_ID, FakeSlack
from tests.slack.conftest import CannedBot, with_slack
from tests.slack.harness import USER, SlackClientSide, feedback, visible_text

DM = "D0ASSIST"


def start_assistant_thread(
    slack: SlackClientSide, *, viewing: str | None = "C1", user: str = USER
) -> str:
    """Slack's ``assistant_thread_started``: the user opened the pane; returns the thread."""
    thread_ts = slack.fake.next_ts()
    context = {"channel_id": viewing, "team_id": TEAM_ID} if viewing else {}
    event = {
        "type": "assistant_thread_started",
        "assistant_thread": {
            "user_id": user,
            "context": context,
            "channel_id": DM,
            "thread_ts": thread_ts,
        },
        "event_ts": thread_ts,
    }
    assert slack.event(event).status == 200
    return thread_ts


def ask_in_thread(slack: SlackClientSide, thread_ts: str, text: str, user: str = USER) -> dict:
    event = slack.user_message(text, channel=DM, channel_type="im", thread_ts=thread_ts, user=user)
    assert slack.event(event).status == 200
    return event


def greeting(slack: SlackClientSide, thread_ts: str) -> dict[str, Any]:
    [message] = slack.fake.wait_for(lambda: slack.bot_messages(DM, thread_ts), what="the greeting")
    return message


def test_new_thread_gets_a_greeting_and_prompts_from_the_knowledge(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    thread_ts = start_assistant_thread(slack)

    hello = greeting(slack, thread_ts)
    assert "Lead MLOps Engineer" in hello["text"] and "\n" not in hello["text"]
    [call] = fake_slack.wait_for(
        lambda: fake_slack.calls_to("assistant.threads.setSuggestedPrompts"), what="prompts"
    )
    prompts = call.args["prompts"]
    assert 3 <= len(prompts) <= 4
    assert all(p["title"] and "Lead MLOps Engineer" in p["message"] for p in prompts)
    assert call.args["thread_ts"] == thread_ts
    # bolt keeps the viewed channel with the thread, in the greeting's metadata.
    assert hello["metadata"]["event_payload"]["channel_id"] == "C1"


def test_question_in_the_pane_gets_status_title_and_a_cited_answer(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    thread_ts = start_assistant_thread(slack)
    greeting(slack, thread_ts)

    ask_in_thread(slack, thread_ts, "what does a lead MLOps engineer own for monitoring?")

    answer = fake_slack.wait_for(
        lambda: [m for m in slack.bot_messages(DM, thread_ts) if m.get("blocks")], what="answer"
    )[-1]
    shown = visible_text(answer)
    assert "[1]" in shown and "*Sources*" in shown and set(feedback(answer)) == {"up", "down"}
    [status] = fake_slack.calls_to("assistant.threads.setStatus")
    assert status.args["thread_ts"] == thread_ts and status.args["status"]
    [title] = fake_slack.calls_to("assistant.threads.setTitle")
    assert title.args["title"] == "what does a lead MLOps engineer own for monitoring?"
    # No "thinking…" message: the pane's own status line stands in for it.
    hello, _ = slack.bot_messages(DM, thread_ts)
    assert hello["text"].startswith("Hi, I'm rolebot")


def test_follow_up_in_the_pane_uses_the_thread_and_keeps_the_title(
    start_slack, slack_settings, fake_slack: FakeSlack
) -> None:
    bot = CannedBot(_answer())
    slack = start_slack(bot)
    thread_ts = start_assistant_thread(slack)
    greeting(slack, thread_ts)
    ask_in_thread(slack, thread_ts, "what does a lead MLOps engineer own for monitoring?")
    fake_slack.wait_for(lambda: len(bot.requests) == 1, what="first answer")
    fake_slack.wait_for(lambda: len(slack.bot_messages(DM, thread_ts)) == 2, what="posted")

    ask_in_thread(slack, thread_ts, "and for drift?")
    fake_slack.wait_for(lambda: len(bot.requests) == 2, what="second answer")

    follow_up = bot.requests[1]
    assert [t.role for t in follow_up.history] == ["user", "assistant"]  # no greeting turn
    assert "monitoring" in follow_up.history[0].text
    assert len(fake_slack.calls_to("assistant.threads.setTitle")) == 1


@pytest.mark.parametrize(("viewing", "sees_figures"), [("CHR", True), ("CRANDOM", False)])
def test_the_channel_being_viewed_decides_who_sees_salary_figures(
    start_slack, slack_settings, fake_slack: FakeSlack, embedder, viewing: str, sees_figures: bool
) -> None:
    settings = with_slack(slack_settings, fake_slack, salary_allowed_channels=["CHR"])
    slack = start_slack(build_rolebot(settings, embedder=embedder), settings)
    thread_ts = start_assistant_thread(slack, viewing=viewing)
    greeting(slack, thread_ts)

    ask_in_thread(slack, thread_ts, "salary lead mlops engineer")

    answer = fake_slack.wait_for(
        lambda: [m for m in slack.bot_messages(DM, thread_ts) if m.get("blocks")], what="answer"
    )[-1]
    shown = visible_text(answer)
    assert ("$" in shown) is sees_figures
    assert ("restricted" in shown) is not sees_figures


def test_context_change_is_kept_for_the_next_question(
    start_slack, slack_settings, fake_slack: FakeSlack
) -> None:
    bot = CannedBot(_answer())
    slack = start_slack(bot)
    thread_ts = start_assistant_thread(slack, viewing="C1")
    greeting(slack, thread_ts)
    changed = {
        "type": "assistant_thread_context_changed",
        "assistant_thread": {
            "user_id": USER,
            "context": {"channel_id": "C2", "team_id": TEAM_ID},
            "channel_id": DM,
            "thread_ts": thread_ts,
        },
        "event_ts": fake_slack.next_ts(),
    }
    assert slack.event(changed).status == 200
    fake_slack.wait_for(
        lambda: greeting(slack, thread_ts)["metadata"]["event_payload"]["channel_id"] == "C2",
        what="the saved context",
    )

    ask_in_thread(slack, thread_ts, "anything")
    fake_slack.wait_for(lambda: bot.requests, what="the question")
    assert bot.requests[0].channel_id == "C2"


def test_home_tab_shows_coverage_prompts_commands_and_salary_access(
    start_slack, slack_settings, fake_slack: FakeSlack, embedder
) -> None:
    settings = with_slack(slack_settings, fake_slack, salary_allowed_users=["UBOSS"])
    slack = start_slack(build_rolebot(settings, embedder=embedder), settings)
    opened = {"type": "app_home_opened", "user": USER, "channel": "DHOME", "tab": "home"}

    assert slack.event(opened).status == 200

    view = fake_slack.wait_for(lambda: fake_slack.home_views.get(USER), what="the Home tab")
    text = visible_text(view)
    assert "Lead MLOps Engineer" in text and "last reviewed 2026-11-26" in text
    for command in ("/ask", "/salary", "/jd"):
        assert command in text
    assert "<@UBOSS>" in text and "You can't see them" in text
    questions = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert 3 <= len(questions) <= 4
    assert not any("salary" in json.loads(q["value"])["q"] for q in questions)


def test_home_question_button_asks_it_in_the_dm(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    slack.event({"type": "app_home_opened", "user": USER, "channel": "DHOME", "tab": "home"})
    view = fake_slack.wait_for(lambda: fake_slack.home_views.get(USER), what="the Home tab")
    button = next(e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"])

    result, _ = slack.click(button["action_id"], button["value"])

    assert result.status == 200
    asked = fake_slack.wait_for(lambda: slack.bot_messages("DHOME", None), what="the question")
    assert asked[0]["text"].startswith("*You asked:*")
    [answer] = slack.wait_answer("DHOME", asked[0]["ts"])
    assert "*Sources*" in visible_text(answer)


def _answer():  # type: ignore[no-untyped-def]
    from bot.models import Answer, Source

    source = Source(1, "Lead MLOps Engineer", "Monitoring", "lead-mlops-engineer.md", 0.9, "x")
    return Answer("Watch drift and latency [1].", True, "extractive", [source])
