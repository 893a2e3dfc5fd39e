"""Reading an ordered chain ("A → B → C") for "what comes after/before X" in whatever way a
curator writes it: with or without a lead-in, whose own text may hold a colon."""

from __future__ import annotations

import pytest

from bot.answering.shape import Shape, asked_measure, question_shape
from bot.answering.statements import chain_step, figure_kind, figure_kinds, figures, quotable
from bot.knowledge.chunking import Chunk

LADDER = "Junior MLOps Engineer → MLOps Engineer → Senior MLOps Engineer → Director of MLOps"


@pytest.mark.parametrize(
    "text",
    [
        LADDER,
        f"The career progression typically follows: {LADDER}.",
        f"Note: in most companies the ladder is: {LADDER}.",
    ],
)
def test_the_chain_is_read_whatever_leads_into_it(text: str) -> None:
    assert chain_step(text, Shape(before="senior")) == (
        "Before Senior MLOps Engineer: Junior MLOps Engineer → MLOps Engineer."
    )
    assert chain_step(text, Shape(after="junior")) == (
        "After Junior MLOps Engineer: MLOps Engineer → Senior MLOps Engineer → Director of MLOps."
    )
    top = chain_step(text, Shape(after="director"))
    assert top == "Director of MLOps is the last rung the knowledge names."


def test_a_rung_the_chain_does_not_name_or_a_two_step_list_gives_nothing() -> None:
    assert chain_step(LADDER, Shape(after="principal")) is None
    assert chain_step(LADDER, Shape(before="junior")) is None
    assert chain_step("Junior → Senior", Shape(after="junior")) is None


@pytest.mark.parametrize(
    ("text", "found", "kind"),
    [
        ("Salaries range from $165,000 to $207,125.", {"$165,000 to $207,125"}, "money"),
        ("Total experience of 7-9 years in related fields", {"7-9 years"}, "duration"),
        ("a 21% increase in jobs", {"21%"}, "percent"),
        ("Python 3 and the top 10 tools", set(), None),  # numbers that count nothing
    ],
)
def test_figures_are_read_with_what_they_count(
    text: str, found: set[str], kind: str | None
) -> None:
    assert figures(text) == found
    assert figure_kind(text) == kind


def _sentence(text: str) -> Chunk:
    return Chunk(
        id="u",
        text=text,
        title="Guide",
        section="S",
        path="g.md",
        section_key="g#S",
        part=1,
        parts=1,
        group=False,
        kind="sentence",
    )


@pytest.mark.parametrize(
    ("lead_in", "claim"),
    [
        (
            "The demand for Lead MLOps Engineers is robust and continues to grow, driven by "
            "several key factors:",
            "The demand for Lead MLOps Engineers is robust and continues to grow",
        ),
        (
            "The role is evolving rapidly, shaped by several industry trends:",
            "The role is evolving rapidly",
        ),
        (
            "Salaries are rising fast, reflecting the following factors:",
            "Salaries are rising fast",
        ),
        ("Their core responsibilities include:", None),
        ("Here's a comprehensive overview of the requirements:", None),
        ("Here is what matters most, ranked by importance:", None),
    ],
)
def test_a_lead_in_that_states_a_claim_is_quoted_up_to_its_comma(
    lead_in: str, claim: str | None
) -> None:
    assert quotable(_sentence(lead_in)) == claim


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Minimum 2-5 years, with at least 18 months focused on MLOps", ["duration"]),
        ("a 21% increase in jobs, $5.9 billion by 2027", ["percent", "money"]),
        ("one lead for every five engineers, a 1:5 ratio", ["percent"]),
        ("onboarding takes 6 weeks", ["duration"]),
        ("Proficiency in Python, Java, and Scala", []),
    ],
)
def test_every_kind_of_figure_a_line_states_is_read(text: str, kinds: list[str]) -> None:
    assert figure_kinds(text) == kinds


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("how long does it take to become a lead?", "duration"),
        ("how many weeks of vacation do they get?", "duration"),
        ("what percentage of leads work remotely?", "percent"),
        ("what's the ratio of leads to seniors?", "percent"),
        ("how much does an AWS certification cost?", "money"),
        ("how much is the market worth?", "money"),
        ("what's the budget for tooling?", "money"),
        ("what time do leads start work?", "clock"),
        # how much something counts, a count that a list may answer, or no figure at all
        ("how much does company size matter for pay?", None),
        ("how many tools should a lead know?", None),
        ("what tools do they use?", None),
    ],
)
def test_the_kind_of_figure_a_question_asks_for(question: str, measure: str | None) -> None:
    assert asked_measure(question) == measure


def test_a_question_for_a_percentage_wants_a_figure_not_the_list_its_noun_names() -> None:
    shape = question_shape("what percentage growth in jobs is predicted?", frozenset())
    assert (shape.fact, shape.measure, shape.wants_list, shape.listed) == (
        "number",
        "percent",
        False,
        None,
    )
    # a count may still be answered by the list it names
    assert question_shape("how many tools should a lead know?", frozenset()).fact == "number"
    assert not question_shape("how much does company size matter for pay?", frozenset()).fact


@pytest.mark.parametrize(
    ("typed", "listed"),
    [
        ("skills", "skill"),
        ("lead mlops skills?", "skill"),
        # a bare job title, or a question opened by "any", names no list
        ("lead mlops engineers", None),
        ("any infra expectations?", None),
    ],
)
def test_a_bare_plural_typed_as_a_search_names_its_list(typed: str, listed: str | None) -> None:
    assert question_shape(typed, frozenset()).listed == listed
