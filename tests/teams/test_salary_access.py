"""Teams: the salary allow-list keyed by AAD object id, and echoed text that stays plain.

The same four inputs that leaked figures on Slack, sent as real Bot Framework activities to
the real server; what the fake connector received is what the user would see.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import HelpReply
from bot.settings import Settings
from tests.fakes.bot_connector import FakeBotConnector, PostedActivity
from tests.teams.activities import CHANNEL_THREAD, USER, message
from tests.teams.conftest import StartServer
from tests.teams.engines import RecordingEngine

pytestmark = pytest.mark.slow

HR = {"id": "29:hr", "name": "Hiring Manager", "aadObjectId": "aad-hr"}
FIGURE = re.compile(r"\$\d|\d{3},\d{3}")
LEAKED_BEFORE = [
    "ask salary lead mlops engineer new york",
    "jd lead mlops engineer, new york",
    "draft a jd for a lead mlops engineer",
    "why is the compensation attractive, and how high does it go?",
]


def _texts(element: Any) -> list[str]:
    """Every string a person could read in a card element (text, runs, facts), recursively."""
    if isinstance(element, list):
        return [t for e in element for t in _texts(e)]
    if not isinstance(element, dict):
        return []
    found = [str(element[k]) for k in ("text", "title", "value") if isinstance(element.get(k), str)]
    for key in ("body", "inlines", "facts", "items", "columns"):
        found += _texts(element.get(key))
    return found


def shown(activity: PostedActivity) -> str:
    return "\n".join([activity.text, *(t for card in activity.cards for t in _texts(card))])


def _ask(server: Any, connector: FakeBotConnector, text: str, sender: dict[str, str]) -> str:
    before = len(connector.messages)
    server.post(message(text, service_url=connector.url, sender=sender))
    return "\n".join(shown(m) for m in connector.messages[before:])


@pytest.fixture
def restricted_server(
    settings: Settings, embedder: MiniLMEmbeddings, start_server: StartServer
) -> Any:
    configured = settings.model_copy(update={"teams_salary_allowed_users": ["aad-hr"]})
    return start_server(build_rolebot(configured, embedder=embedder), app_settings=configured)


@pytest.mark.parametrize("text", LEAKED_BEFORE)
def test_figures_reach_only_people_on_the_teams_allow_list(
    restricted_server: Any, connector: FakeBotConnector, text: str
) -> None:
    refused = _ask(restricted_server, connector, text, USER)
    allowed = _ask(restricted_server, connector, text, HR)

    assert refused.strip() and not FIGURE.search(refused), refused
    assert "restricted" in refused
    assert FIGURE.search(allowed)


def test_salary_lookup_is_refused_politely_on_teams(
    restricted_server: Any, connector: FakeBotConnector
) -> None:
    refused = _ask(restricted_server, connector, "salary lead mlops engineer new york", USER)
    assert "salary figures are restricted" in refused and not FIGURE.search(refused)
    assert "$190,000" in _ask(restricted_server, connector, "salary lead mlops engineer", HR)


def test_echoed_user_text_in_a_card_heading_is_never_a_link(
    rolebot: object, start_server: StartServer, connector: FakeBotConnector
) -> None:
    server = start_server(rolebot)
    hostile = "[Verify your account](https://evil.example/login) astronaut"

    server.post(message(f"salary {hostile}", service_url=connector.url))

    [reply] = connector.messages
    [card] = reply.cards
    markdown = [e["text"] for e in card["body"] if e["type"] == "TextBlock"]
    assert not any("evil.example" in text for text in markdown)  # nothing rendered as Markdown
    [heading] = [e for e in card["body"] if e["type"] == "RichTextBlock"][:1]
    assert heading["inlines"][0]["type"] == "TextRun"  # TextRun never renders Markdown
    assert heading["inlines"][0]["text"] == f"Salary: {hostile}"


def test_the_adapter_passes_the_aad_object_id_and_channel_to_the_engine(
    start_server: StartServer, connector: FakeBotConnector
) -> None:
    engine = RecordingEngine(HelpReply("hi"))
    server = start_server(engine)

    server.post(
        message(
            "help",
            service_url=connector.url,
            conversation_type="channel",
            mention_bot=True,
            sender=HR,
        )
    )

    [request] = engine.requests
    assert request.platform == "teams" and request.user_id == "aad-hr"
    assert request.channel_id == CHANNEL_THREAD.split(";")[0]


def test_a_lone_surrogate_gets_an_answer_on_teams(
    rolebot: object, start_server: StartServer, connector: FakeBotConnector
) -> None:
    server = start_server(rolebot)
    text = "what does a lead MLOps engineer own for monitoring? \ud800"

    server.post(message(text, service_url=connector.url))

    [reply] = connector.messages
    assert "[1] Lead MLOps Engineer" in shown(reply)
    assert "index is unavailable" not in shown(reply)
