"""Each [n] in a Teams answer card points at the listed source holding the cited line.

Checked on the cards the Bot Connector stand-in received, for many questions, with the
invariant in ``tests/citations.py``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from adapters.teams.messages import SOURCES
from bot.service import RoleBot
from bot.settings import PROJECT_ROOT
from tests.citations import USER_QUESTIONS, KnowledgeSections, citation_problems, heading_questions
from tests.fakes.bot_connector import FakeBotConnector, PostedActivity
from tests.teams.activities import message
from tests.teams.conftest import StartServer

pytestmark = pytest.mark.slow

SOURCE_LINE = re.compile(r"^\[(\d+)\] (.+)$")


def shown_answer(replies: list[PostedActivity]) -> tuple[str, list[tuple[int, str]]] | None:
    """The answer text and listed (number, source label) across the reply's cards; None
    when the reply lists no sources (a refusal, a salary card)."""
    body: list[str] = []
    footer: list[dict[str, Any]] | None = None
    for reply in replies:
        for card in reply.cards:
            blocks = [b for b in card["body"] if b.get("type") == "TextBlock"]
            texts = [b["text"] for b in blocks]
            if SOURCES in texts:
                cut = texts.index(SOURCES)
                blocks, footer = blocks[:cut], blocks[cut + 1 :]
            body += [b["text"] for b in blocks if not b.get("isSubtle")]  # "(continued)", notes
    if footer is None:
        return None
    listed = [(int(m[1]), m[2]) for b in footer if (m := SOURCE_LINE.match(b["text"]))]
    return "\n".join(body), listed


def test_every_citation_in_teams_points_at_the_listed_source_holding_the_line(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    knowledge = KnowledgeSections(PROJECT_ROOT / "knowledge")
    questions = USER_QUESTIONS[1::3] + heading_questions(PROJECT_ROOT / "knowledge")[3::8]
    server = start_server(rolebot)

    problems: dict[str, list[str]] = {}
    cited = 0
    for i, question in enumerate(questions):
        before = len(connector.messages)
        conversation = f"a:personal-{i}"  # a fresh chat each time: no follow-up context
        # ...with a different person each time: one asker is rate limited past 20 a minute
        sender = {"id": f"29:user-{i}", "name": f"User {i}", "aadObjectId": f"aad-{i}"}
        server.post(
            message(
                question, service_url=connector.url, conversation_id=conversation, sender=sender
            )
        )
        shown = shown_answer(connector.messages[before:])
        if shown is None:
            continue
        cited += 1
        if found := citation_problems(*shown, knowledge):
            problems[question] = found
    assert problems == {}
    assert cited >= 0.8 * len(questions)
