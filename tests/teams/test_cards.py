"""Reply rendering: what each reply type looks like as Teams cards, and the size limit."""

from __future__ import annotations

import asyncio

from botbuilder.schema import Activity, ConversationAccount

from adapters.teams.cards.adaptive import activity_bytes
from adapters.teams.endpoint import RecentActivities
from adapters.teams.render import MAX_ACTIVITIES, render_reply
from bot.models import Answer, ErrorReply, HelpReply, Source
from bot.toolkit import DeliveryClaims, split_text

SOURCE = Source(
    n=1, title="Lead MLOps Engineer", section="Monitoring", path="k.md", score=0.9, text=""
)


def test_answer_card_shows_text_note_numbered_sources_and_vote_buttons() -> None:
    answer = Answer("They own alerting [1].", True, "llm", [SOURCE], note="Quoted directly.")

    [activity] = render_reply(answer, answer_id="abc")

    card = activity.attachments[0].content
    assert card["version"] == "1.5"
    texts = [b["text"] for b in card["body"]]
    assert texts == [
        "They own alerting [1].",
        "Quoted directly.",
        "Sources",
        "[1] Lead MLOps Engineer › Monitoring",
    ]
    assert [a["type"] for a in card["actions"]] == ["Action.Submit", "Action.Submit"]
    assert [a["data"]["vote"] for a in card["actions"]] == ["up", "down"]
    assert {a["data"]["answer_id"] for a in card["actions"]} == {"abc"}


def test_help_and_errors_are_plain_text_messages() -> None:
    [help_message] = render_reply(HelpReply("I answer questions."))
    [error_message] = render_reply(ErrorReply("The index is unavailable."))

    assert (help_message.text, help_message.attachments) == ("I answer questions.", None)
    assert error_message.text == "The index is unavailable."


def test_a_single_enormous_line_is_still_split_under_the_limit() -> None:
    answer = Answer("é" * 60_000, True, "extractive", [SOURCE])

    activities = render_reply(answer, answer_id="abc")

    assert len(activities) > 1
    assert all(activity_bytes(a) < 25_000 for a in activities)
    first, *rest = (a.attachments[0].content["body"] for a in activities)
    shown = first[0]["text"] + "".join(body[1]["text"] for body in rest)
    assert shown == answer.answer
    assert all(body[0]["text"] == "(continued)" for body in rest)


def test_split_text_keeps_every_character_and_prefers_line_breaks() -> None:
    text = "\n".join(f"- line {i} " + "x" * 50 for i in range(1000))

    chunks = split_text(text, limit=5_000, encoding="utf-8")

    assert all(len(c.encode()) <= 5_000 for c in chunks)
    assert "\n".join(chunks) == text


def test_recent_activities_forget_ids_after_their_ttl() -> None:
    now = [0.0]
    recent = RecentActivities(DeliveryClaims(namespace="teams", ttl=60, clock=lambda: now[0]))
    activity = Activity(id="1", channel_id="msteams", conversation=ConversationAccount(id="c"))

    assert asyncio.run(recent.claim(activity))
    assert not asyncio.run(recent.claim(activity))
    now[0] = 61.0
    assert asyncio.run(recent.claim(activity))


def test_only_links_the_sources_contain_stay_links_on_a_card() -> None:
    source = Source(1, "Lead MLOps Engineer", "Tools", "k.md", 0.9, "See https://mlflow.org.")
    text = (
        "[Verify your account](https://evil.example/login), then [MLflow](https://mlflow.org) [1]"
    )

    [activity] = render_reply(Answer(text, True, "llm", [source]), answer_id="a")

    shown = activity.attachments[0].content["body"][0]["text"]
    assert shown == "Verify your account, then [MLflow](https://mlflow.org) [1]"


def test_a_runaway_reply_is_a_handful_of_activities() -> None:
    answer = Answer(("- word " + "x" * 90 + "\n") * 20_000, True, "llm", [SOURCE])

    activities = render_reply(answer, answer_id="a")

    assert len(activities) <= MAX_ACTIVITIES
    assert "shortened" in activities[-1].text
