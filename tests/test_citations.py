"""Each [n] points at the source whose text holds the cited line: CLI ``ask --json``.

An invariant over many questions (every heading of the guide, asked as a user would, and
questions in users' words), not a list of expected answers: any layout that keeps its
citations honest passes, and any numbering or ordering mistake fails.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_rolebot
from bot.cli import main
from bot.cli.ask import reply_json
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Request
from bot.settings import PROJECT_ROOT, Settings
from tests.citations import (
    USER_QUESTIONS,
    KnowledgeSections,
    citation_problems,
    cited_lines,
    heading_questions,
    source_label,
)

KNOWLEDGE = PROJECT_ROOT / "knowledge"


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeSections:
    return KnowledgeSections(KNOWLEDGE)


def json_problems(data: dict[str, Any], knowledge: KnowledgeSections) -> list[str]:
    """The citation problems of one ``ask --json`` object, and of its sources' own text."""
    listed = [(s["n"], source_label(s["title"], s["section"])) for s in data["sources"]]
    problems = citation_problems(data["answer"], listed, knowledge)
    for source, (_, label) in zip(data["sources"], listed, strict=True):
        section = knowledge.text(label) or ""
        quoted = [ln.removeprefix("- ").strip() for ln in source["text"].splitlines()]
        problems += [
            f"source [{source['n']}] text {line!r} is not in {label!r}"
            for line in quoted
            # A sub-list's label is its heading path ("Technical Skills › Programming Languages:").
            if line and any(part not in section for part in line.rstrip(":").split(" › "))
        ]
    return problems


def test_every_citation_points_at_the_section_holding_the_line(
    settings: Settings, embedder: MiniLMEmbeddings, knowledge: KnowledgeSections
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    questions = heading_questions(KNOWLEDGE) + USER_QUESTIONS
    answered = checked = 0
    problems: dict[str, list[str]] = {}
    for question in questions:
        data = reply_json(bot.handle(Request(text=question)))
        # Salary tables and drafts name each figure's section in their own rows, not by [n].
        if data["intent"] != "answer" or not data["found"] or not data.get("sources"):
            continue
        answered += 1
        checked += len(cited_lines(data["answer"]))
        if found := json_problems(data, knowledge):
            problems[question] = found
    assert problems == {}
    # The invariant was tested on real answers, not vacuously: most questions are answered.
    assert answered >= 0.8 * len(questions) and checked >= 5 * answered


def test_sources_are_numbered_from_one_in_the_order_shown(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    for question in USER_QUESTIONS:
        data = reply_json(bot.handle(Request(text=question)))
        numbers = [s["n"] for s in data["sources"]]
        assert numbers == list(range(1, len(numbers) + 1)), question
        cited = sorted({line.numbers[0] for line in cited_lines(data["answer"])})
        assert cited == numbers, question


def ask_json(question: str) -> dict[str, Any]:
    """``rolebot ask QUESTION --json``, run in this process, parsed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["ask", question, "--json"]) == 0
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def test_cli_json_citations_hold(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, knowledge: KnowledgeSections
) -> None:
    monkeypatch.setenv("ROLEBOT_DATA_DIR", str(data_dir))
    for question in USER_QUESTIONS[::5]:
        data = ask_json(question)
        assert data["found"] and data["mode"] == "extractive", question
        assert json_problems(data, knowledge) == [], question


EXPERIENCE = "Lead MLOps Engineer › Requirements › Experience"
DRIFT = "Lead MLOps Engineer › Common Challenges › Model Drift and Versioning"
GROUPED = (
    "Requirements › Experience [1]:\n"
    "- Minimum 2-5 years of hands-on MLOps experience\n"
    "Common Challenges › Model Drift and Versioning [2]:\n"
    "- Challenge: Managing model performance degradation over time"
)
INLINE = (
    "Minimum 2-5 years of hands-on MLOps experience [1].\n"
    "- Solution: Implement iterative deployment processes and robust version control [2]"
)


@pytest.mark.parametrize("answer", [GROUPED, INLINE, GROUPED.replace("\n", "\n\n")])
def test_checker_accepts_lines_cited_to_their_own_section(
    answer: str, knowledge: KnowledgeSections
) -> None:
    assert citation_problems(answer, [(1, EXPERIENCE), (2, DRIFT)], knowledge) == []


@pytest.mark.parametrize(
    ("answer", "listed", "problem"),
    [
        (GROUPED, [(1, DRIFT), (2, EXPERIENCE)], "is not in that section"),
        (GROUPED, [(2, DRIFT), (1, EXPERIENCE)], "not 1..2 in order"),
        (
            GROUPED.replace("[1]", "[0]").replace("[2]", "[1]"),
            [(0, EXPERIENCE), (1, DRIFT)],
            "not 1..2",
        ),
        (
            GROUPED.replace("[2]", "[3]"),
            [(1, EXPERIENCE), (2, DRIFT)],
            "[3] is cited but no source",
        ),
        (GROUPED.split("\nCommon")[0], [(1, EXPERIENCE), (2, DRIFT)], "never cited"),
        (
            GROUPED.replace("Minimum 2-5", "Minimum 5-7"),
            [(1, EXPERIENCE), (2, DRIFT)],
            "not in that",
        ),
        (INLINE, [(1, DRIFT), (2, EXPERIENCE)], "is not in that section"),
        ("no citations at all", [], "no line of the answer is cited"),
    ],
)
def test_checker_flags_what_a_reader_would_find_wrong(
    answer: str, listed: list[tuple[int, str]], problem: str, knowledge: KnowledgeSections
) -> None:
    problems = citation_problems(answer, listed, knowledge)
    assert any(problem in p for p in problems), problems
