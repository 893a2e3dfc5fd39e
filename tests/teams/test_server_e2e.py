"""End to end: real activity JSON into the real server, replies read back from a fake connector."""

from __future__ import annotations

from typing import Any

import pytest

from bot.feedback import FeedbackStore
from bot.service import RoleBot
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.activities import BOT, CHANNEL_THREAD, USER, members_added, message
from tests.teams.conftest import StartServer

QUESTION = "what does a lead MLOps engineer own for monitoring?"

pytestmark = pytest.mark.slow


def card_texts(card: dict[str, Any]) -> list[str]:
    return [str(e["text"]) for e in card["body"] if e.get("type") == "TextBlock"]


def test_personal_question_gets_typing_then_a_cited_answer_card(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)
    sent = message(QUESTION, service_url=connector.url)

    response = server.post(sent)

    assert response.status_code in (200, 201)
    posted = connector.posted
    assert posted[0].type == "typing"
    [reply] = connector.messages
    assert reply.conversation_id == "a:personal-1"
    assert reply.reply_to_id == sent["id"]
    [card] = reply.cards
    assert card["version"] == "1.5"
    texts = card_texts(card)
    assert "[1]" in texts[0]  # the answer cites its sources
    assert "Sources" in texts
    assert any(t.startswith("[1] ") and "›" in t for t in texts)
    assert [a["title"] for a in card["actions"]] == ["👍 Helpful", "👎 Not helpful"]


def test_thumbs_up_submit_is_stored_in_the_shared_feedback_store(
    connector: FakeBotConnector,
    start_server: StartServer,
    rolebot: RoleBot,
    feedback: FeedbackStore,
) -> None:
    server = start_server(rolebot)
    server.post(message(QUESTION, service_url=connector.url))
    [answer] = connector.messages
    up = answer.cards[0]["actions"][0]["data"]

    server.post(message(None, service_url=connector.url, value=up))

    summary = feedback.summary()
    assert (summary.up, summary.down) == (1, 0)
    assert connector.messages[-1].text == "Thanks for the 👍, noted."


def test_channel_mention_is_answered_in_the_same_reply_chain(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)
    sent = message(
        QUESTION, service_url=connector.url, conversation_type="channel", mention_bot=True
    )

    server.post(sent)

    [reply] = connector.messages
    assert reply.conversation_id == CHANNEL_THREAD
    assert reply.reply_to_id == sent["id"]
    assert "[1]" in card_texts(reply.cards[0])[0]


def test_channel_message_without_mention_gets_no_reply(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)

    response = server.post(
        message(QUESTION, service_url=connector.url, conversation_type="channel")
    )

    assert response.status_code in (200, 201)
    assert connector.posted == []


def test_redelivered_activity_is_answered_once(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)
    sent = message(QUESTION, service_url=connector.url)

    first = server.post(sent)
    again = server.post(sent)

    assert first.status_code == 201 and again.status_code == 200
    assert len(connector.messages) == 1


def test_non_json_body_gets_415_and_reaches_no_handler(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)

    response = server.post(data=b"hello", headers={"Content-Type": "text/plain"})

    assert response.status_code == 415
    assert response.text == "Expected an application/json activity."  # says what to send
    assert connector.posted == []


@pytest.mark.parametrize("body", [b'{"text": "no type", "id": "1"}', b"{not json", b"[1, 2]"])
def test_activity_without_a_type_or_broken_json_gets_400(
    body: bytes, connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)

    response = server.post(data=body)

    assert response.status_code == 400
    assert response.text == "Expected a JSON activity with a type."  # no traceback, no echo
    assert connector.posted == []


def test_personal_install_greets_once_and_ignores_other_members_and_own_messages(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)

    server.post(members_added(BOT, USER, service_url=connector.url))
    server.post(members_added(BOT, service_url=connector.url))  # reinstall / repeat update
    server.post(members_added({"id": "29:grace"}, service_url=connector.url))
    server.post(members_added(BOT, service_url=connector.url, conversation_type="groupChat"))
    server.post(message("echo of my own answer", service_url=connector.url, sender=BOT))

    [greeting] = connector.messages
    [card] = greeting.cards
    assert card["body"][0]["text"].startswith("Hi, I'm rolebot")
