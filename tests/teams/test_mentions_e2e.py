"""The bot's @mention, end to end: what reaches the engine and what the user gets back.

In channels and group chats Teams puts ``<at>RoleBot</at>`` into the text and describes it
in a ``mention`` entity. Only that markup is the mention; the bot's name used as a word
in the question is part of the question.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.models import HelpReply
from bot.service import RoleBot
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.activities import BOT, message
from tests.teams.conftest import StartServer
from tests.teams.engines import RecordingEngine

pytestmark = pytest.mark.slow

MENTION = f"<at>{BOT['name']}</at>"


def mentioning(
    text: str, *, service_url: str, conversation_type: str = "channel"
) -> dict[str, Any]:
    """A message whose ``text`` already holds the bot's mention markup where the user put it."""
    activity = message(
        "", service_url=service_url, conversation_type=conversation_type, mention_bot=True
    )
    activity["text"] = text
    return activity


def words(text: str) -> list[str]:
    return text.replace(",", " ").split()


TYPED_AND_MEANT = [
    (f"{MENTION} what is model drift?", "what is model drift?"),
    (f"hey {MENTION}, what is model drift?", "hey, what is model drift?"),
    (f"what is model drift? {MENTION}", "what is model drift?"),
    (f"{MENTION}\u00a0what is model drift?", "what is model drift?"),
    (
        f"{MENTION} would a {BOT['name']}-style assistant need MLOps?",
        f"would a {BOT['name']}-style assistant need MLOps?",
    ),
]


@pytest.mark.parametrize("conversation_type", ["channel", "groupChat", "personal"])
def test_the_engine_gets_the_question_without_the_bots_mention(
    conversation_type: str, connector: FakeBotConnector, start_server: StartServer
) -> None:
    engine = RecordingEngine(HelpReply("ok"))
    server = start_server(engine)

    for n, (typed, _) in enumerate(TYPED_AND_MEANT):
        activity = mentioning(typed, service_url=connector.url, conversation_type=conversation_type)
        activity["conversation"]["id"] += f"-{n}"
        server.post(activity)

    asked = [words(r.text) for r in engine.requests]
    assert asked == [words(meant) for _, meant in TYPED_AND_MEANT]
    assert all("<at>" not in r.text for r in engine.requests)
    assert [m.text for m in connector.messages] == ["ok"] * len(TYPED_AND_MEANT)


def test_command_word_after_the_mention_gets_the_salary_card(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)

    server.post(
        mentioning(f"{MENTION} salary lead mlops engineer new york", service_url=connector.url)
    )

    [reply] = connector.messages
    [card] = reply.cards
    [facts] = [e for e in card["body"] if e["type"] == "FactSet"]
    titles = [f["title"] for f in facts["facts"]]
    assert titles and all("Lead MLOps Engineer" in t for t in titles)


def test_follow_up_history_keeps_what_the_user_asked_without_the_mention(
    connector: FakeBotConnector, start_server: StartServer
) -> None:
    engine = RecordingEngine(HelpReply("ok"))
    server = start_server(engine)

    server.post(mentioning(f"{MENTION} who owns drift?", service_url=connector.url))
    server.post(mentioning(f"{MENTION} and alerts?", service_url=connector.url))

    first, follow_up = engine.requests
    assert first.text == "who owns drift?"
    assert [t.text for t in follow_up.history] == ["who owns drift?", "ok"]


ADA = {"id": "29:ada-2", "name": "Ada"}


def test_a_mention_after_other_entities_still_addresses_the_bot(
    connector: FakeBotConnector, start_server: StartServer
) -> None:
    engine = RecordingEngine(HelpReply("ok"))
    server = start_server(engine)
    activity = mentioning(f"{MENTION} what is model drift?", service_url=connector.url)
    client_info = {"type": "clientInfo", "locale": "en-US", "platform": "Web"}
    activity["entities"] = [client_info, *activity["entities"]]

    server.post(activity)

    assert [r.text for r in engine.requests] == ["what is model drift?"]


def test_mentioning_someone_else_in_a_channel_does_not_wake_the_bot(
    connector: FakeBotConnector, start_server: StartServer
) -> None:
    engine = RecordingEngine(HelpReply("ok"))
    server = start_server(engine)
    activity = mentioning("<at>Ada</at> what is model drift?", service_url=connector.url)
    activity["entities"] = [{"type": "mention", "mentioned": ADA, "text": "<at>Ada</at>"}]

    server.post(activity)

    assert engine.requests == [] and connector.posted == []


def test_only_the_bots_own_mention_is_removed(
    connector: FakeBotConnector, start_server: StartServer
) -> None:
    engine = RecordingEngine(HelpReply("ok"))
    server = start_server(engine)
    activity = mentioning(f"{MENTION} does <at>Ada</at> own drift?", service_url=connector.url)
    activity["entities"].append({"type": "mention", "mentioned": ADA, "text": "<at>Ada</at>"})

    server.post(activity)

    [request] = engine.requests
    assert BOT["name"] not in request.text and "Ada" in request.text


def test_someone_elses_mention_reaches_the_core_as_a_typed_mention(
    connector: FakeBotConnector, start_server: StartServer
) -> None:
    # The core drops "@Name" mentions as it does Slack's; "<at>Ada Lovelace</at>" left as
    # markup was declined for the words "at", "ada" and "lovelace".
    engine = RecordingEngine(HelpReply("ok"))
    server = start_server(engine)
    lovelace = {"type": "mention", "mentioned": ADA, "text": "<at>Ada Lovelace</at>"}
    activity = mentioning(
        f"{MENTION} what is model drift? cc <at>Ada Lovelace</at>", service_url=connector.url
    )
    activity["entities"].append(lovelace)

    server.post(activity)

    assert [r.text for r in engine.requests] == ["what is model drift? cc @Ada_Lovelace"]
