"""The sentences a salary lookup adds when the knowledge cannot answer exactly what was
asked, and the order figures are listed in (from the real salary table and guide).

These notes are what keeps a user from reading a general figure as the one they asked
for, so their wording is checked in full.
"""

from __future__ import annotations

import pytest

from bot.cli.render import format_reply
from bot.knowledge.documents import load_knowledge
from bot.models import SalaryResult
from bot.salary import SALARY_TABLE_FILE, load_salary_table, lookup_salary
from bot.salary.table import SalaryTable
from bot.settings import PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"
ROLES = "Lead MLOps Engineer, MLOps Engineer, Lead Machine Learning Engineer and MLOps Team Lead"
ESTIMATE = "Salary Ranges (US Market, 2024) › Estimated Salary Range for Lead MLOps Engineer"


@pytest.fixture(scope="module")
def table() -> SalaryTable:
    return load_salary_table(KNOWLEDGE / SALARY_TABLE_FILE, load_knowledge(KNOWLEDGE))


def levels(result: SalaryResult) -> list[str | None]:
    return [f.level for f in result.ranges]


def test_a_level_the_knowledge_lacks_gives_the_general_figures_and_says_so(table) -> None:
    result = lookup_salary(table, "junior mlops engineer")

    assert result.found and levels(result) == [None, None]
    # The note comes after the figures in every layout, so it does not say "below"; the
    # reply's first line says it too.
    assert result.notes == [
        "The knowledge base has no junior figure for MLOps Engineer; these figures are "
        "for the role in general, not that level."
    ]
    assert result.message == (
        "The knowledge base has no junior figure; here are its salary figures for MLOps Engineer."
    )


def test_a_missing_level_next_to_a_known_one_gives_the_known_figures_and_says_so(table) -> None:
    result = lookup_salary(table, "junior or senior mlops engineer")

    assert levels(result) == ["senior", "senior"]
    assert result.notes == ["The knowledge base has no junior figure for MLOps Engineer."]


def test_a_level_a_role_has_no_figure_for_at_all_is_not_found(table) -> None:
    result = lookup_salary(table, "junior machine learning engineer")

    assert result.found is False and result.ranges == []
    assert (
        result.message == "The knowledge base has no junior figure for Machine Learning Engineer."
    )
    assert result.notes == [result.message]


def test_several_missing_levels_are_named_with_or(table) -> None:
    result = lookup_salary(table, "junior or director mlops engineer")

    assert result.notes[0].startswith("The knowledge base has no junior or director figure")


def test_figures_are_listed_from_unstated_level_up_to_team_lead(table) -> None:
    # (the family by its short name: "mlops engineer" names the MLOps Engineer title alone)
    result = lookup_salary(table, "mlops")

    assert levels(result) == [
        None,
        None,
        "mid-level",
        "senior",
        "senior",
        "lead",
        "lead",
        "lead",
        "team lead",
    ]


def test_a_place_without_figures_keeps_every_figure_and_says_so(table) -> None:
    result = lookup_salary(table, "senior mlops engineer in london")

    assert levels(result) == ["senior", "senior"]
    assert result.notes == [
        "None of these figures is specific to London; each is shown with the location the "
        "knowledge gives for it."
    ]


def test_a_place_named_in_a_figures_examples_selects_that_figure(table) -> None:
    result = lookup_salary(table, "lead machine learning engineer in new york")

    [figure] = result.ranges
    assert figure.location == "Major tech hubs (e.g., New York, NY)"
    assert result.notes == []


def test_a_related_role_at_the_asked_level_and_place_is_mentioned_not_listed(table) -> None:
    lead = lookup_salary(table, "lead mlops engineer in new york")
    senior = lookup_salary(table, "senior mlops engineer in new york")

    related = [n for n in lead.notes if n.startswith("Related role")]
    assert related == [
        "Related role, not included above: the knowledge gives $201,400–$244,210 a year for "
        "Lead Machine Learning Engineer (Range in major tech hubs; Major tech hubs (e.g., New "
        "York, NY); source: Lead MLOps Engineer › Salary Ranges (US Market, 2024) › Lead "
        "Machine Learning Engineer Salaries)."
    ]
    assert {f.role for f in lead.ranges} == {"Lead MLOps Engineer"}
    assert not [n for n in senior.notes if n.startswith("Related role")]  # a lead figure


def test_different_figures_from_different_sections_are_named_not_averaged(table) -> None:
    result = lookup_salary(table, "lead mlops engineer")

    [conflict] = [n for n in result.notes if "different figures" in n]
    # The amounts are in the table beside their sources; the note names where they differ.
    assert conflict == (
        "The knowledge base gives different figures for Lead MLOps Engineer in Overview › "
        f"Career Path and Salary and {ESTIMATE}. Each is shown with its source; none has been "
        "averaged."
    )
    assert {(f.low, f.high) for f in result.ranges} == {
        (165000, 207125),
        (180000, 244210),
        (190000, 230000),
    }


def test_a_conflict_is_named_also_when_the_whole_family_is_asked_for(table) -> None:
    family = lookup_salary(table, "mlops salary")
    lead = lookup_salary(table, "lead mlops engineer")

    [conflict] = [n for n in family.notes if "different figures" in n]
    assert conflict in lead.notes


def test_an_unknown_role_is_not_found_and_lists_the_roles_there_are(table) -> None:
    result = lookup_salary(table, "pastry chef")

    assert result.found is False and result.ranges == []
    assert result.query == "pastry chef"
    assert result.message == (
        f"I don't have salary figures for “pastry chef”. I can look up: {ROLES}."
    )
    assert result.notes == [result.message]


@pytest.mark.parametrize(
    "text",
    [
        "what's a typical salary range?",
        # pointing at the role is naming none: not a role called "this role well"
        "is this role well paid?",
        "how much does this position pay?",
        "what's a reasonable budget for this hire?",
        "what salary should I put in the job posting?",
        "thanks. and what about their salary in seattle?",
    ],
)
def test_no_role_at_all_is_the_role_the_guide_describes_and_says_so(table, text) -> None:
    result = lookup_salary(table, text)

    assert result.found
    assert {f.role for f in result.ranges} == {"Lead MLOps Engineer"}
    assert result.notes[0] == (
        "No role was named; the knowledge base describes the Lead MLOps Engineer role, so "
        "this looks up Lead MLOps Engineer."
    )


@pytest.mark.parametrize(
    ("text", "level"),
    [("how much does a principal ml engineer make?", "principal"), ("staff mlops salary", "staff")],
)
def test_a_rung_the_table_never_has_is_said_to_be_missing(table, text, level) -> None:
    result = lookup_salary(table, text)
    # The figures it has for the family, never passed off as that rung's.
    assert result.found
    assert any(n.startswith(f"The knowledge base has no {level} level;") for n in result.notes)


@pytest.mark.parametrize(
    ("asked", "first"),
    [
        (
            "lead mlops salary in Denver",
            "The knowledge base has no salary figures for Denver; here are its figures for "
            "Lead MLOps Engineer, each with its location.",
        ),
        (
            # (all nine figures of every level, 3,180 characters, were shown)
            "principal mlops engineer salary?",
            "The knowledge base has no principal level; here are its salary figures for Lead "
            "MLOps Engineer.",
        ),
        (
            "how much do mlops leads make in london in pounds",
            "The knowledge base has no salary figures for London; here are its figures for "
            "Lead MLOps Engineer, each with its location (it gives its figures in US dollars, "
            "none in pounds).",
        ),
    ],
)
def test_what_the_figures_are_not_is_said_before_the_table(table, asked: str, first: str) -> None:
    # It was only in a note under a wide table ("specific to London In Pounds").
    result = lookup_salary(table, asked)
    assert result.found and result.message == first
    assert format_reply(result).startswith(first)


@pytest.mark.parametrize(
    ("asked", "labels"),
    [
        ("whats the typical salary range for lead mlops engineer", ["Typical range"]),
        (
            "lower end of salary for a lead mlops?",
            ["Estimated range (approximate)"],
        ),
        ("global median pay for mlops engineers", ["Global median"]),
        # no figure of that kind: every figure
        (
            "what is the typical senior mlops salary?",
            ["US range for senior roles", "Senior-level US, up to"],
        ),
    ],
)
def test_the_kind_of_figure_asked_for_is_the_one_shown(
    table: SalaryTable, asked: str, labels: list[str]
) -> None:
    # All three lead figures were shown for "typical", "lower end" and "top end".
    result = lookup_salary(table, asked)
    assert result.found and [f.label for f in result.ranges] == labels


def test_an_offered_amount_is_placed_against_each_figure_when_it_sits_differently(
    table: SalaryTable,
) -> None:
    result = lookup_salary(table, "is 185k a fair offer for a lead mlops in the us")
    assert result.message.startswith("$185,000 is within 1 of the 2 figures shown and below 1.")
    assert result.notes[:2] == [
        "$185,000 is within the Estimated range (approximate) ($180,000–$244,210 a year, US).",
        "$185,000 is below the Typical range ($190,000–$230,000 a year, US).",
    ]


def test_an_amount_inside_every_figure_is_said_once(table: SalaryTable) -> None:
    # "$200,000 is within all 3 figures shown." was followed by one note per figure saying
    # it again (a 2,000-character reply).
    result = lookup_salary(table, "is 200k a fair offer for a lead mlops in the us")
    assert result.message.startswith("$200,000 is within both figures shown.")
    assert not any(note.startswith("$200,000") for note in result.notes)
    low = lookup_salary(table, "is $150,000 fair for a lead mlops in the us?")
    assert low.message.startswith("$150,000 is below both figures shown.")


@pytest.mark.parametrize(
    "asked", ["lead mlops pay back in 2019", "how much does a lead make in 2020?"]
)
def test_a_year_the_figures_are_not_from_is_said_first(table: SalaryTable, asked: str) -> None:
    # The year was ignored, or read as a role ("no salary figures for 2020").
    result = lookup_salary(table, asked)
    year = asked.rstrip("?")[-4:]
    assert result.found
    assert result.message.startswith(f"The knowledge base has no figure from {year};")
    assert not any(f.year == int(year) for f in result.ranges)


def test_an_amount_under_a_ceiling_is_not_called_below_it(table: SalaryTable) -> None:
    # "$150,000 is below the Senior-level US, up to ($180,000 a year, US)": a ceiling read
    # as a floor.
    result = lookup_salary(table, "is 150k too low for a senior mlops engineer in the US?")
    assert result.notes[:2] == [
        "$150,000 is below the US range for senior roles ($172,820–$180,000 a year, US).",
        "$150,000 is under the ceiling of the Senior-level US figure ($180,000 a year, US).",
    ]
    assert result.message.startswith("$150,000 is below 1 of the 2 figures shown and within 1.")


def test_the_verdict_on_an_offered_amount_comes_first(table: SalaryTable) -> None:
    # It was only in the notes below a three-row table.
    fair = lookup_salary(table, "is 200k a fair offer for a lead mlops engineer?")
    assert fair.message.startswith("$200,000 is within all 3 figures shown. ")
    low = lookup_salary(table, "is 150k too low for a lead mlops engineer in nyc")
    assert low.message.startswith(
        "$150,000 is below all 3 figures shown. The knowledge base has no salary figures "
        "for New York;"
    )


def test_a_level_without_figures_does_not_deny_the_places_figures(table: SalaryTable) -> None:
    # "The knowledge base has no salary figures for US" although it has US figures for
    # other levels.
    result = lookup_salary(table, "What does a Junior MLOps Engineer earn in the US?")
    assert result.found
    assert "no salary figures for US" not in result.message
    assert "has no junior figure and has US figures only for senior" in result.message


def test_a_kind_of_figure_asked_for_keeps_each_compared_party(table: SalaryTable) -> None:
    # Only the team lead's average was shown: the senior figures are not averages, so
    # nothing was left to compare with.
    result = lookup_salary(
        table, "Who earns more in the US on average, an MLOps Team Lead or a senior MLOps engineer?"
    )
    levels = {f.level for f in result.ranges}
    assert {"team lead", "senior"} <= levels


def test_one_kind_of_figure_for_a_whole_family_is_still_that_kind(table: SalaryTable) -> None:
    result = lookup_salary(table, "what's the median mlops engineer salary")
    assert [f.label for f in result.ranges] == ["Global median"]


@pytest.mark.parametrize(
    ("asked", "first"),
    [
        # The whole "$180,000–$244,210" range was shown for "just the top end".
        (
            "lead mlops salary, just the top end",
            "Upper end: $244,210 a year (Estimated range (approximate)). ",
        ),
        ("what's the lower end for a lead mlops engineer?", "Lower end: $180,000 a year ("),
        (
            "what is the max salary for a senior mlops engineer?",
            "Upper end: $180,000 a year (US range for senior roles; Senior-level US, up to). ",
        ),
    ],
)
def test_the_end_of_a_range_asked_for_is_said_first(
    table: SalaryTable, asked: str, first: str
) -> None:
    assert lookup_salary(table, asked).message.startswith(first)
