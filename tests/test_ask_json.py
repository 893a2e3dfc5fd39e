"""``ask --json``: one envelope whatever the intent, embedding exactly what ``salary --json``
and ``jd --format json`` print, so a tool that calls ``ask --json`` never meets a new shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_rolebot
from bot.cli import main
from bot.cli.ask import reply_json
from bot.models import Request
from bot.service import RoleBot
from bot.settings import Settings

ENVELOPE = {"answer", "found", "mode", "intent", "sources"}
SOURCE_KEYS = {"n", "title", "section", "path", "score", "text"}
MONITORING = "what does a lead MLOps engineer own for monitoring?"
SALARY = "how much does a lead MLOps engineer make in New York?"
JD = "draft a JD for a junior mlops engineer in austin"


@pytest.fixture
def bot(settings: Settings, embedder: object) -> RoleBot:
    return build_rolebot(settings, embedder=embedder)  # type: ignore[arg-type]


def _ask(bot: RoleBot, text: str) -> dict[str, Any]:
    data = reply_json(bot.handle(Request(text=text)))
    # What is printed is what a tool parses: it must survive a JSON round trip unchanged.
    assert json.loads(json.dumps(data)) == data
    return data


def _cli_json(capsys: pytest.CaptureFixture[str], args: list[str]) -> Any:
    main(args)
    return json.loads(capsys.readouterr().out)


def _cli_text(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    main(args)
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "intent", "found"),
    [
        (MONITORING, "answer", True),
        ("how do I bake sourdough bread?", "answer", False),
        (SALARY, "salary", True),
        ("what is a good pastry chef salary?", "salary", False),
        (JD, "jd", True),
        ("draft a job description for a pastry chef", "jd", False),
        ("help", "help", False),
    ],
)
def test_every_intent_has_the_same_envelope(
    bot: RoleBot, text: str, intent: str, found: bool
) -> None:
    data = _ask(bot, text)
    assert set(data) - {"note", "salary", "jd"} == ENVELOPE
    assert data["intent"] == intent and data["found"] is found
    assert isinstance(data["answer"], str) and data["answer"].strip()
    assert data["mode"] in {"extractive", "llm"}
    for source in data["sources"]:
        assert set(source) == SOURCE_KEYS
        assert isinstance(source["n"], int) and source["title"] and source["section"]
    assert ("salary" in data) is (intent == "salary")
    assert ("jd" in data) is (intent == "jd")


def test_salary_envelope_holds_what_salary_json_prints_and_the_readable_table(
    bot: RoleBot, capsys: pytest.CaptureFixture[str], settings: Settings
) -> None:
    data = _ask(bot, SALARY)
    assert data["salary"] == _cli_json(capsys, ["salary", SALARY, "--json"])
    assert data["answer"] == _cli_text(capsys, ["salary", SALARY]).rstrip("\n")
    # New York has no figure of its own: the first line says so before the table
    assert data["answer"].startswith(
        "The knowledge base has no salary figures for New York; here are its figures for Lead MLOps"
    )
    assert "$190,000–$230,000" in data["answer"]
    # Sources are the sections the figures came from, numbered, each with its lines.
    cited = {r["source"]["section"] for r in data["salary"]["ranges"]}
    assert {s["section"] for s in data["sources"]} == cited
    assert [s["n"] for s in data["sources"]] == list(range(1, len(cited) + 1))
    typical = next(s for s in data["sources"] if "Estimated Salary Range" in s["section"])
    assert "- Typical range: $190,000–$230,000 a year" in typical["text"]
    assert typical["path"] == "lead-mlops-engineer.md" and typical["score"] is None


def test_jd_envelope_holds_what_jd_format_json_prints_and_the_posting(
    bot: RoleBot, capsys: pytest.CaptureFixture[str], settings: Settings
) -> None:
    data = _ask(bot, JD)
    assert data["jd"] == _cli_json(capsys, ["jd", JD, "--format", "json"])
    assert data["answer"] == _cli_text(capsys, ["jd", JD]).rstrip("\n")
    assert data["answer"].startswith("# Junior MLOps Engineer\n")
    bullet_sections = {b["source"]["section"] for s in data["jd"]["sections"] for b in s["bullets"]}
    assert {s["section"] for s in data["sources"]} == bullet_sections
    benefits = next(s for s in data["sources"] if s["section"].endswith("Additional Compensation"))
    assert "- Performance bonuses" in benefits["text"]


def test_nothing_drafted_is_found_false_with_no_sources(bot: RoleBot) -> None:
    data = _ask(bot, "draft a job description for a pastry chef")
    assert data["answer"].startswith("I have no knowledge for the role “pastry chef”")
    assert data["sources"] == [] and data["jd"]["found"] is False


def test_an_error_reply_is_an_answer_that_found_nothing(settings: Settings, embedder) -> None:
    bot = build_rolebot(settings.model_copy(update={"max_question_chars": 50}), embedder=embedder)
    data = _ask(bot, "x" * 60)
    assert data == {
        "answer": data["answer"],
        "found": False,
        "mode": "extractive",
        "intent": "answer",
        "sources": [],
    }
    assert "60 characters long" in data["answer"]


def test_ask_json_on_the_command_line_prints_the_envelope_for_a_jd(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ROLEBOT_DATA_DIR", str(data_dir))
    data = _cli_json(capsys, ["ask", JD, "--json"])
    assert data["intent"] == "jd" and data["found"] is True
    assert data["jd"]["title"] == "Junior MLOps Engineer"
    assert "## Reviewer notes — delete this block before posting" in data["answer"]
