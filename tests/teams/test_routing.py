"""Which messages reach the engine, and as what request, driven through botbuilder's TestAdapter."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from botbuilder.core import ConversationState, MemoryStorage, Storage
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount

from adapters.teams.activity_handler import RoleBotActivityHandler
from adapters.teams.delivery import AnswerDelivery
from adapters.teams.file_storage import FileStorage
from adapters.teams.history import ConversationHistory
from bot.feedback import FeedbackStore
from bot.models import Answer, Turn
from tests.teams.engines import RecordingEngine

BOT = ChannelAccount(id="28:bot", name="RoleBot")
ANSWER = Answer("MLOps engineers own monitoring [1].", found=True, mode="extractive")


def adapter_for(
    tmp_path: Path,
    engine: RecordingEngine,
    *,
    conversation_type: str = "personal",
    storage: Storage | None = None,
) -> TestAdapter:
    template = Activity(
        channel_id="msteams",
        service_url="https://example.invalid",
        from_property=ChannelAccount(id="29:ada", name="Ada"),
        recipient=BOT,
        conversation=ConversationAccount(id="conv-1", conversation_type=conversation_type),
    )
    feedback = FeedbackStore(tmp_path / "feedback.sqlite3")
    history = ConversationHistory(ConversationState(storage or MemoryStorage()))
    delivery = AnswerDelivery(engine=engine, feedback=feedback, history=history, app_id=None)
    handler = RoleBotActivityHandler(delivery=delivery, history=history, feedback=feedback)
    return TestAdapter(handler.on_turn, template)


def mentioning_bot(text: str) -> Activity:
    return Activity().deserialize(
        {
            "type": "message",
            "text": f"<at>RoleBot</at> {text}",
            "entities": [
                {
                    "type": "mention",
                    "mentioned": {"id": BOT.id, "name": BOT.name},
                    "text": "<at>RoleBot</at>",
                }
            ],
        }
    )


def say(adapter: TestAdapter, *activities: Activity | str) -> None:
    async def run() -> None:
        for activity in activities:
            await adapter.send(activity)

    asyncio.run(run())


def sent_messages(adapter: TestAdapter) -> list[Activity]:
    return [a for a in adapter.activity_buffer if a.type == "message"]


def test_group_chat_mention_is_stripped_but_the_bots_name_inside_the_question_is_kept(
    tmp_path: Path,
) -> None:
    engine = RecordingEngine(ANSWER)
    adapter = adapter_for(tmp_path, engine, conversation_type="groupChat")

    say(adapter, mentioning_bot("what would a RoleBot-style assistant need from MLOps?"))

    [request] = engine.requests
    assert request.text == "what would a RoleBot-style assistant need from MLOps?"
    assert request.intent is None and request.platform == "teams"


def test_group_chat_message_without_mention_is_ignored(tmp_path: Path) -> None:
    engine = RecordingEngine(ANSWER)
    adapter = adapter_for(tmp_path, engine, conversation_type="groupChat")

    say(adapter, "what does an MLOps engineer do?")

    assert engine.requests == []
    assert adapter.activity_buffer == []


@pytest.mark.parametrize(
    ("text", "intent", "rest"),
    [
        ("salary lead mlops new york", "salary", "lead mlops new york"),
        ("Salary  senior MLOps", "salary", "senior MLOps"),
        (
            "jd senior MLOps engineer, healthcare, remote",
            "job_description",
            "senior MLOps engineer, healthcare, remote",
        ),
        ("help", "help", ""),
        ("ask what is salary banding?", "question", "what is salary banding?"),
        ("what is the salary of a lead?", None, "what is the salary of a lead?"),
        ("jdk upgrade duties?", None, "jdk upgrade duties?"),
    ],
)
def test_first_word_command_sets_the_intent_and_everything_else_is_routed(
    text: str, intent: str | None, rest: str, tmp_path: Path
) -> None:
    engine = RecordingEngine(ANSWER)
    adapter = adapter_for(tmp_path, engine)

    say(adapter, text)

    [request] = engine.requests
    assert (request.intent, request.text) == (intent, rest)


def test_follow_up_carries_the_earlier_turns_of_the_conversation(tmp_path: Path) -> None:
    engine = RecordingEngine(ANSWER)
    adapter = adapter_for(tmp_path, engine)

    say(adapter, "what does a lead MLOps engineer own?", "and for monitoring?")

    first, follow_up = engine.requests
    assert first.history == []
    assert follow_up.history == [
        Turn("user", "what does a lead MLOps engineer own?"),
        Turn("assistant", ANSWER.answer),
    ]


def test_history_survives_a_restart_with_the_file_store(tmp_path: Path) -> None:
    state_dir = tmp_path / "teams-state"
    say(
        adapter_for(tmp_path, RecordingEngine(ANSWER), storage=FileStorage(state_dir)),
        "who owns drift?",
    )

    engine = RecordingEngine(ANSWER)  # a new process: fresh adapter, same directory
    say(adapter_for(tmp_path, engine, storage=FileStorage(state_dir)), "and alerts?")

    assert engine.requests[0].history[0] == Turn("user", "who owns drift?")


def test_personal_reply_is_typing_then_one_card(tmp_path: Path) -> None:
    adapter = adapter_for(tmp_path, RecordingEngine(ANSWER))

    say(adapter, "who owns monitoring?")

    kinds = [a.type for a in adapter.activity_buffer]
    assert kinds == ["typing", "message"]
    [card_message] = sent_messages(adapter)
    assert card_message.attachments[0].content["body"][0]["text"] == ANSWER.answer


def test_unknown_card_submit_is_ignored_and_unknown_answer_vote_is_explained(
    tmp_path: Path,
) -> None:
    engine = RecordingEngine(ANSWER)
    adapter = adapter_for(tmp_path, engine)
    foreign = Activity(type="message", value={"action": "something-else"})
    stale = Activity(
        type="message", value={"kind": "rolebot.vote", "answer_id": "gone", "vote": "up"}
    )

    say(adapter, foreign, stale)

    assert engine.requests == []
    [reply] = sent_messages(adapter)
    assert reply.text == "I couldn't find that answer any more, so the vote wasn't recorded."
