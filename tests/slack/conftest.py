"""Fixtures for the Slack tests: a fake Slack, settings pointing at it, the running app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.feedback import FeedbackStore
from bot.models import Reply, Request
from bot.service import RoleBot
from bot.settings import Settings
from bot.toolkit import Handler
from tests.fakes.slack_api import TOKEN, FakeSlack
from tests.slack.harness import SIGNING_SECRET, SlackClientSide, running_slack_app


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def slack_settings(settings: Settings, fake_slack: FakeSlack) -> Settings:
    return with_slack(settings, fake_slack)


def with_slack(settings: Settings, fake: FakeSlack, **changes: Any) -> Settings:
    """``settings`` talking to ``fake``, signed with the test secret, plus ``changes``."""
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr(TOKEN),
            "slack_signing_secret": SecretStr(SIGNING_SECRET),
            "slack_api_url": fake.api_url,
            **changes,
        }
    )


@pytest.fixture
def engine(slack_settings: Settings, embedder: MiniLMEmbeddings) -> RoleBot:
    return build_rolebot(slack_settings, embedder=embedder)


@pytest.fixture
def feedback(slack_settings: Settings) -> FeedbackStore:
    return FeedbackStore(slack_settings.feedback_path)


StartSlack = Callable[..., SlackClientSide]


@pytest.fixture
def start_slack(
    slack_settings: Settings, feedback: FeedbackStore, fake_slack: FakeSlack
) -> Iterator[StartSlack]:
    """Start the app with the given engine (and optionally other settings)."""
    with ExitStack() as stack:

        def start(bot: Handler, settings: Settings | None = None) -> SlackClientSide:
            return stack.enter_context(
                running_slack_app(settings or slack_settings, bot, feedback, fake_slack)
            )

        yield start


@pytest.fixture
def slack(start_slack: StartSlack, engine: RoleBot) -> SlackClientSide:
    """The app answering from the real knowledge base."""
    return start_slack(engine)


class CannedBot:
    """An engine that always gives the same reply and remembers what it was asked."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        self.requests: list[Request] = []

    def handle(self, request: Request) -> Reply:
        self.requests.append(request)
        return self.reply
