"""End to end through the real server: slow answers, failures, long replies, salary and JD cards."""

from __future__ import annotations

import pytest

from bot.models import (
    Answer,
    JDBullet,
    JDSection,
    JobDescription,
    SalaryFigure,
    SalaryResult,
    Source,
    SourceRef,
)
from bot.service import RoleBot
from tests.conftest import JsonLog
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.activities import message
from tests.teams.conftest import StartServer
from tests.teams.engines import BrokenEngine, GatedEngine, RecordingEngine

pytestmark = pytest.mark.slow

REF = SourceRef(title="Lead MLOps Engineer", section="Overview › Career Path and Salary")


def test_slow_answer_says_working_on_it_then_arrives_proactively(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    engine = GatedEngine(rolebot)
    server = start_server(engine, answer_timeout=0.3)
    sent = message("what does a lead MLOps engineer own for monitoring?", service_url=connector.url)

    response = server.post(sent)

    assert response.status_code == 201
    assert engine.answered == 0  # the HTTP turn ended before the answer existed
    [working] = connector.messages
    assert working.text.startswith("Working on it")
    engine.release.set()
    working_then_answer = connector.wait_for_messages(2, timeout=15)
    late = working_then_answer[1]
    assert late.conversation_id == "a:personal-1"
    assert "[1]" in late.cards[0]["body"][0]["text"]
    assert late.cards[0]["actions"][0]["title"] == "👍 Helpful"


def test_failure_while_answering_gets_a_plain_reply_and_logs_no_message_text(
    connector: FakeBotConnector, start_server: StartServer, json_log: JsonLog
) -> None:
    server = start_server(BrokenEngine())
    secret = "is my colleague Bob underpaid"

    response = server.post(message(secret, service_url=connector.url))

    assert response.status_code == 201
    [reply] = connector.messages
    assert reply.text.startswith("Sorry, something went wrong on my side (reference ")
    ref = reply.text.split("(reference ")[1].split(")")[0]
    [failed] = [line for line in json_log.lines() if ref in line["event"]]
    assert failed["error"] == "RuntimeError" and failed["stack"]  # the failure is logged...
    assert "Bob" not in json_log.getvalue()  # ...without what the user wrote


def test_long_answer_is_split_into_messages_under_25_kb_without_losing_text(
    connector: FakeBotConnector, start_server: StartServer
) -> None:
    lines = [f"- point {i}: " + "monitoring and drift detection " * 6 for i in range(400)]
    source = Source(
        n=1, title="Lead MLOps Engineer", section="Duties", path="x.md", score=1, text=""
    )
    answer = Answer("\n".join(lines) + " [1]", found=True, mode="extractive", sources=[source])
    server = start_server(RecordingEngine(answer))

    server.post(message("everything please", service_url=connector.url))

    replies = connector.messages
    assert len(replies) > 1
    assert all(r.size < 25_000 for r in replies)
    shown = "\n".join(b["text"] for r in replies for b in r.cards[0]["body"])
    assert all(line in shown for line in lines)
    assert "actions" in replies[-1].cards[0]  # the vote buttons come once, at the end
    assert all("actions" not in r.cards[0] for r in replies[:-1])


def test_salary_command_reaches_the_engine_as_salary_and_shows_a_factset(
    connector: FakeBotConnector, start_server: StartServer
) -> None:
    figure = SalaryFigure(
        role="Lead MLOps Engineer",
        level="lead",
        location="New York",
        label="base salary",
        low=180_000,
        high=240_000,
        currency="USD",
        period="year",
        year=2024,
        source=REF,
    )
    engine = RecordingEngine(SalaryResult(query="lead mlops new york", found=True, ranges=[figure]))
    server = start_server(engine)

    server.post(message("salary lead mlops new york", service_url=connector.url))

    [request] = engine.requests
    assert (request.intent, request.text) == ("salary", "lead mlops new york")
    [card] = connector.messages[0].cards
    [facts] = [e for e in card["body"] if e["type"] == "FactSet"]
    [fact] = facts["facts"]
    assert fact["title"] == "Lead MLOps Engineer, New York"
    assert fact["value"] == "$180,000–$240,000 a year (base salary, 2024)"


def test_jd_command_shows_sections_card_then_the_markdown(
    connector: FakeBotConnector, start_server: StartServer
) -> None:
    jd = JobDescription(
        title="Senior MLOps Engineer",
        sections=[JDSection("Responsibilities", [JDBullet("Own model monitoring", REF)])],
        markdown="# Senior MLOps Engineer\n\n## Responsibilities\n- Own model monitoring",
    )
    engine = RecordingEngine(jd)
    server = start_server(engine)

    server.post(message("jd senior MLOps engineer, remote", service_url=connector.url))

    assert engine.requests[0].intent == "job_description"
    assert engine.requests[0].text == "senior MLOps engineer, remote"
    card_reply, markdown_reply = connector.messages
    texts = [b["text"] for b in card_reply.cards[0]["body"]]
    assert texts == ["Senior MLOps Engineer", "Responsibilities", "- Own model monitoring"]
    assert markdown_reply.text == jd.markdown


def test_jd_for_an_unknown_role_sends_one_sentence_and_no_draft(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)

    server.post(message("jd pastry chef", service_url=connector.url))

    [reply] = connector.messages
    assert reply.cards == []
    assert reply.text.startswith("I have no knowledge for the role “pastry chef”")


def test_jd_card_shows_placeholders_and_reviewer_notes(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)

    server.post(message("jd junior mlops engineer in austin", service_url=connector.url))

    card_text = "\n".join(
        b["text"] for m in connector.messages for c in m.cards for b in c["body"] if "text" in b
    )
    assert "[TODO: company name" in card_text
    assert "Reviewer notes" in card_text
    markdown = "".join(m.text for m in connector.messages if not m.cards)
    assert markdown.startswith("# Junior MLOps Engineer\n\n**Location:** Austin")
    assert "## Reviewer notes — delete this block before posting" in markdown


def test_salary_follow_up_in_the_conversation_looks_up_the_new_level(
    connector: FakeBotConnector, start_server: StartServer, rolebot: RoleBot
) -> None:
    server = start_server(rolebot)

    server.post(message("salary lead mlops engineer new york", service_url=connector.url))
    server.post(message("what about a senior one?", service_url=connector.url))

    first, second = connector.messages
    senior = [f["value"] for c in second.cards for b in c["body"] for f in b.get("facts", [])]
    assert any("$172,820–$180,000" in value for value in senior)
    lead = [f["value"] for c in first.cards for b in c["body"] for f in b.get("facts", [])]
    assert not any("$172,820" in value for value in lead)
