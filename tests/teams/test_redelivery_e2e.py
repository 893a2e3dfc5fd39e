"""Re-delivered activities through the real server: answered once, counted once, and only
a true repeat (same channel, conversation and id) is taken for one."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from adapters.teams.app import build_teams_app
from bot.feedback import FeedbackStore
from bot.models import HelpReply
from bot.settings import Settings
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.activities import message
from tests.teams.engines import RecordingEngine
from tests.teams.running import RunningServer

pytestmark = pytest.mark.slow


@pytest.fixture
def engine() -> RecordingEngine:
    return RecordingEngine(HelpReply("ok"))


@pytest.fixture
def repeats() -> list[int]:
    return []


@pytest.fixture
def server(settings: Settings, feedback: FeedbackStore, engine: RecordingEngine, repeats):
    app = build_teams_app(
        settings, engine=engine, feedback=feedback, on_duplicate=lambda: repeats.append(1)
    )
    with RunningServer(app) as running:
        yield running


def ask(text: str, connector: FakeBotConnector, **changes: Any) -> dict[str, Any]:
    activity = message(text, service_url=connector.url, activity_id="act-1")
    for key, value in changes.items():
        if key == "conversation_id":
            activity["conversation"]["id"] = value
        else:
            activity[key] = value
    return activity


def test_a_redelivered_activity_is_answered_once_and_counted(
    server: RunningServer,
    connector: FakeBotConnector,
    engine: RecordingEngine,
    repeats,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="rolebot.teams")
    activity = ask("who owns drift?", connector)

    statuses = [server.post(activity).status_code for _ in range(3)]

    assert statuses == [201, 200, 200]
    assert [m.text for m in connector.messages] == ["ok"]
    assert len(engine.requests) == 1
    assert repeats == [1, 1]  # what /metrics shows as duplicate deliveries
    said = [r.getMessage() for r in caplog.records if r.name == "rolebot.teams"]
    assert said.count("ignored a re-delivered activity") == 2


def test_the_same_id_in_another_conversation_or_channel_is_a_new_message(
    server: RunningServer, connector: FakeBotConnector, engine: RecordingEngine, repeats
) -> None:
    server.post(ask("first", connector))
    server.post(ask("second", connector, conversation_id="a:personal-2"))
    server.post(ask("third", connector, channelId="webchat"))

    assert [r.text for r in engine.requests] == ["first", "second", "third"]
    assert len(connector.messages) == 3 and repeats == []


def test_activities_without_an_id_are_all_answered(
    server: RunningServer, connector: FakeBotConnector, engine: RecordingEngine
) -> None:
    for text in ("one", "two"):
        activity = ask(text, connector)
        del activity["id"]
        assert server.post(activity).status_code == 201

    assert [r.text for r in engine.requests] == ["one", "two"]
