"""Teams: streamed answers in personal chats, finished cards elsewhere, prompts on welcome."""

from __future__ import annotations

import itertools

import pytest

from bot.embeddings.minilm import MiniLMEmbeddings
from bot.service import RoleBot
from bot.settings import Settings
from tests.conftest import llm_rolebot
from tests.fakes.bot_connector import FakeBotConnector
from tests.fakes.openai_server import FakeOpenAIServer, FakeReply
from tests.teams.activities import BOT, USER, members_added, message
from tests.teams.conftest import StartServer

QUESTION = "which MLOps tools should a lead know?"
GENERATED = (
    "A lead should know MLflow and Kubeflow for the ML lifecycle [1], and Docker with "
    "Kubernetes to ship models [2]. Monitoring in production matters as much as training [1]."
)


@pytest.fixture
def llm_bot(settings: Settings, model: FakeOpenAIServer, embedder: MiniLMEmbeddings) -> RoleBot:
    return llm_rolebot(settings, model, embedder, llm_timeout=10)


def _card_text(card: dict) -> str:
    parts = [b.get("text", "") for b in card["body"]]
    parts += [a["title"] for a in card.get("actions", [])]
    return "\n".join(parts)


def test_personal_chat_streams_informative_then_text_then_the_final_card(
    connector: FakeBotConnector,
    start_server: StartServer,
    llm_bot: RoleBot,
    model: FakeOpenAIServer,
) -> None:
    model.set_replies([FakeReply(GENERATED, first_token_delay=0.1, tokens_per_second=20)])
    server = start_server(llm_bot)

    assert server.post(message(QUESTION, service_url=connector.url)).status_code in (200, 201)
    updates = connector.wait_for_stream_end()

    first, *middle, final = updates
    assert (first.type, first.stream_type, first.sequence) == ("typing", "informative", 1)
    assert first.text == "Searching the knowledge base…"
    assert middle and all(u.type == "typing" and u.stream_type == "streaming" for u in middle)
    assert [u.sequence for u in middle] == list(range(2, len(middle) + 2))
    texts = [u.text for u in middle]
    assert all(b.startswith(a) for a, b in itertools.pairwise(texts))  # it grows
    gaps = [b.received_at - a.received_at for a, b in itertools.pairwise(middle)]
    assert all(gap >= 0.9 for gap in gaps)  # about one update a second, as Teams asks
    assert (final.type, final.stream_type, final.sequence) == ("message", "final", None)
    assert final.text == GENERATED
    [card] = final.activity.cards
    shown = _card_text(card)
    assert "Sources" in shown and "[1] Lead MLOps Engineer" in shown
    assert {a["title"] for a in card["actions"]} == {"👍 Helpful", "👎 Not helpful"}
    stream_id = final.activity.body["entities"][0]["streamId"]
    assert all(u.activity.body["entities"][0].get("streamId") == stream_id for u in middle)


def test_model_failing_mid_stream_ends_with_the_grounded_answer_and_a_note(
    connector: FakeBotConnector,
    start_server: StartServer,
    llm_bot: RoleBot,
    model: FakeOpenAIServer,
) -> None:
    model.set_replies([FakeReply(GENERATED, fail_after=10, tokens_per_second=50)])
    server = start_server(llm_bot)

    server.post(message(QUESTION, service_url=connector.url))
    *_, final = connector.wait_for_stream_end()

    assert final.stream_type == "final"
    assert "MLflow" in final.text and "A lead should know" not in final.text
    [card] = final.activity.cards
    assert "Generation was unavailable (the model server failed mid-answer)" in _card_text(card)


def test_chat_that_refuses_streaming_gets_the_finished_card(
    connector: FakeBotConnector,
    start_server: StartServer,
    llm_bot: RoleBot,
    model: FakeOpenAIServer,
) -> None:
    connector.reject_streaming()
    model.set_replies([FakeReply(GENERATED)])
    server = start_server(llm_bot)

    server.post(message(QUESTION, service_url=connector.url))
    [answer] = connector.wait_for_messages(1)

    assert answer.stream_info is None
    [card] = answer.cards
    assert "MLflow and Kubeflow" in _card_text(card)


def test_group_chat_gets_typing_then_the_finished_card_without_streaming(
    connector: FakeBotConnector,
    start_server: StartServer,
    llm_bot: RoleBot,
    model: FakeOpenAIServer,
) -> None:
    model.set_replies([FakeReply(GENERATED)])
    server = start_server(llm_bot)

    server.post(
        message(
            QUESTION, service_url=connector.url, conversation_type="groupChat", mention_bot=True
        )
    )
    [answer] = connector.wait_for_messages(1)

    assert connector.posted[0].type == "typing"
    assert not connector.streams and all(p.stream_info is None for p in connector.posted)
    assert "MLflow and Kubeflow" in _card_text(answer.cards[0])


def test_extractive_answer_in_a_personal_chat_is_sent_whole(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)

    server.post(message(QUESTION, service_url=connector.url))
    [answer] = connector.wait_for_messages(1)

    assert not connector.streams
    assert "Sources" in _card_text(answer.cards[0])


def test_welcome_card_offers_the_same_prompts_as_slack_and_they_are_answered(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)

    server.post(members_added(BOT, USER, service_url=connector.url))
    [welcome] = connector.wait_for_messages(1)

    [card] = welcome.cards
    assert "Lead MLOps Engineer" in card["body"][0]["text"]
    actions = card["actions"]
    assert 3 <= len(actions) <= 4
    assert all(a["type"] == "Action.Submit" for a in actions)
    assert all(a["data"]["msteams"]["type"] == "imBack" for a in actions)
    guide = rolebot.guide
    assert guide is not None
    from bot.models import Request

    expected = guide.suggested_prompts(Request("", platform="teams", user_id="aad-ada"))
    assert [a["data"]["msteams"]["value"] for a in actions] == [p.message for p in expected]

    # Teams posts an imBack's value as the user's message: it is answered like one.
    server.post(message(actions[0]["data"]["msteams"]["value"], service_url=connector.url))
    _, answer = connector.wait_for_messages(2)
    assert answer.cards and "Sources" in _card_text(answer.cards[0])
