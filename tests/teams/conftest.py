"""Fixtures for the Teams adapter: a fake Bot Connector and the real server around an engine."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest

from adapters.teams.app import build_teams_app
from bot.app import build_rolebot
from bot.feedback import FeedbackStore
from bot.service import RoleBot
from bot.settings import Settings
from bot.toolkit import Handler
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.running import RunningServer

StartServer = Callable[..., RunningServer]


@pytest.fixture
def connector() -> Iterator[FakeBotConnector]:
    with FakeBotConnector() as fake:
        yield fake


@pytest.fixture
def feedback(settings: Settings) -> FeedbackStore:
    return FeedbackStore(settings.feedback_path)


@pytest.fixture
def rolebot(settings: Settings, embedder: object) -> RoleBot:
    return build_rolebot(settings, embedder=embedder)  # type: ignore[arg-type]


@pytest.fixture
def start_server(settings: Settings, feedback: FeedbackStore) -> Iterator[StartServer]:
    """Starts the Teams app for ``engine``; every server started is stopped after the test."""
    with ExitStack() as stack:

        def start(
            engine: Handler, *, answer_timeout: float = 10.0, app_settings: Settings | None = None
        ) -> RunningServer:
            app = build_teams_app(
                app_settings or settings,
                engine=engine,
                feedback=feedback,
                answer_timeout=answer_timeout,
            )
            return stack.enter_context(RunningServer(app))

        yield start
