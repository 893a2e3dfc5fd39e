"""Each [n] in a Slack answer points at the source, listed under "Sources", holding the line.

Checked on what Slack shows (the posted blocks: escaped mrkdwn, "•" bullets, the grey
source list), for many questions, with the invariant in ``tests/citations.py``.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.slack.messages import SOURCES_HEADING
from bot.settings import PROJECT_ROOT
from tests.citations import USER_QUESTIONS, KnowledgeSections, citation_problems, heading_questions
from tests.fakes.slack_api import FakeSlack
from tests.slack.harness import SlackClientSide

SOURCE_LINE = re.compile(r"^\[(\d+)\] (.+)$")


def shown_answer(messages: list[dict[str, Any]]) -> tuple[str, list[tuple[int, str]]] | None:
    """The answer's text and its listed (number, source label), as the blocks show them;
    None when no sources are listed (a refusal, a salary card)."""
    body: list[str] = []
    footer: list[str] = []
    for message in messages:
        for block in message.get("blocks") or []:
            if block["type"] == "section" and "text" in block:
                body.append(block["text"]["text"])
            elif block["type"] == "context":
                footer += [ln for e in block["elements"] for ln in e["text"].splitlines()]
    if SOURCES_HEADING not in footer:
        return None
    after = footer[footer.index(SOURCES_HEADING) + 1 :]
    listed = [(int(m[1]), m[2]) for ln in after if (m := SOURCE_LINE.match(ln))]
    return "\n".join(body), listed


def test_every_citation_in_slack_points_at_the_listed_source_holding_the_line(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    knowledge = KnowledgeSections(PROJECT_ROOT / "knowledge")
    questions = USER_QUESTIONS[::3] + heading_questions(PROJECT_ROOT / "knowledge")[::8]
    sent = []
    for i, question in enumerate(questions):
        channel = f"D{i}"  # one person each: a single asker is rate limited past 20 a minute
        slack.event(slack.user_message(question, channel=channel, user=f"U{i}", channel_type="im"))
        sent.append((question, channel))

    problems: dict[str, list[str]] = {}
    cited = 0
    for question, channel in sent:
        shown = shown_answer(slack.wait_answer(channel, None))
        if shown is None:
            continue
        cited += 1
        if found := citation_problems(*shown, knowledge):
            problems[question] = found
    assert problems == {}
    assert cited >= 0.8 * len(questions)
