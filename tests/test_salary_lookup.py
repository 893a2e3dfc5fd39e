"""Salary lookups as a user sees them: the right figures, their sources, and honest notes."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from bot.knowledge.documents import load_knowledge
from bot.models import SalaryResult
from bot.salary import SALARY_TABLE_FILE, load_salary_table, lookup_salary, render_salary_text
from bot.salary.phrases import LEVELS
from bot.settings import PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"
ESTIMATE = "Salary Ranges (US Market, 2024) › Estimated Salary Range for Lead MLOps Engineer"


@pytest.fixture(scope="module")
def table():
    return load_salary_table(KNOWLEDGE / SALARY_TABLE_FILE, load_knowledge(KNOWLEDGE))


def _figures(result: SalaryResult) -> list[tuple[str, int, int]]:
    return [(f.role, f.low, f.high) for f in result.ranges]


def test_lead_mlops_shows_every_lead_figure_with_its_source_and_a_conflict_note(table):
    result = lookup_salary(table, "lead mlops engineer")
    assert result.found
    # the figure the knowledge calls typical answers first, then every other one
    assert result.message.startswith("Typical range: $190,000–$230,000 a year (US, 2024).")
    assert _figures(result) == [
        ("Lead MLOps Engineer", 190000, 230000),
        ("Lead MLOps Engineer", 165000, 207125),
        ("Lead MLOps Engineer", 180000, 244210),
    ]
    assert [f.source.section for f in result.ranges] == [
        ESTIMATE,
        "Overview › Career Path and Salary",
        ESTIMATE,
    ]
    conflict = next(n for n in result.notes if "different figures" in n)
    assert "Overview › Career Path and Salary" in conflict and ESTIMATE in conflict
    assert "none has been averaged" in conflict


def test_senior_mlops_gives_only_senior_figures(table):
    result = lookup_salary(table, "senior mlops")
    assert {f.level for f in result.ranges} == {"senior"}
    assert _figures(result) == [
        ("MLOps Engineer", 172820, 180000),
        ("MLOps Engineer", 180000, 180000),
    ]


def test_mlops_team_lead_gives_the_average_and_its_conservative_note(table):
    result = lookup_salary(table, "mlops team lead")
    assert _figures(result) == [("MLOps Team Lead", 137700, 137700)]
    assert any("may be conservative for lead positions" in n for n in result.notes)


def test_lead_ml_engineer_in_new_york_gets_the_tech_hub_figure(table):
    result = lookup_salary(table, "lead ML engineer new york")
    assert _figures(result) == [("Lead Machine Learning Engineer", 201400, 244210)]
    assert result.ranges[0].location == "Major tech hubs (e.g., New York, NY)"


def test_lead_mlops_in_new_york_says_no_figure_is_specific_and_never_swaps_roles(table):
    result = lookup_salary(table, "lead mlops engineer new york")
    assert {f.role for f in result.ranges} == {"Lead MLOps Engineer"}
    assert any("None of these figures is specific to New York" in n for n in result.notes)
    related = next(n for n in result.notes if n.startswith("Related role, not included above"))
    assert "Lead Machine Learning Engineer" in related and "$201,400–$244,210" in related


def test_mid_level_question_in_plain_words(table):
    result = lookup_salary(table, "what does a mid-level MLOps engineer make")
    assert _figures(result) == [("MLOps Engineer", 160000, 175000)]


def test_a_level_without_figures_shows_general_figures_and_says_so(table):
    result = lookup_salary(table, "junior mlops engineer")
    assert result.found
    assert {f.level for f in result.ranges} == {None}
    assert "no junior figure for MLOps Engineer" in result.notes[0]


def test_two_levels_without_figures_are_both_named(table):
    result = lookup_salary(table, "senior, junior or director mlops engineer")
    assert {f.level for f in result.ranges} == {"senior"}
    assert result.notes[0] == (
        "The knowledge base has no junior or director figure for MLOps Engineer."
    )


def test_general_figures_come_before_the_levels(table):
    result = lookup_salary(table, "mlops engineer")
    levels = [f.level for f in result.ranges]
    assert levels[0] is None and levels.index("mid-level") < levels.index("senior")
    assert levels == sorted(levels, key=lambda lv: -1 if lv is None else LEVELS.index(lv))


def test_a_location_option_the_knowledge_never_names_is_said_not_crashed_on(table):
    result = lookup_salary(table, "lead mlops engineer", location="Austin")
    assert result.found
    assert result.notes[0].startswith("None of these figures is specific to Austin;")


def test_location_option_selects_location_specific_figures(table):
    result = lookup_salary(table, "lead machine learning engineer", location="NYC")
    assert _figures(result) == [("Lead Machine Learning Engineer", 201400, 244210)]


@pytest.mark.parametrize("query", ["pastry chef", "what is a good pastry chef salary?"])
def test_an_unknown_role_gets_no_figure_a_friendly_sentence_and_known_roles(table, query):
    result = lookup_salary(table, query)
    assert not result.found and result.ranges == []
    assert result.notes == [result.message]
    assert result.message.startswith("I don't have salary figures for “pastry chef”.")
    assert "Lead MLOps Engineer" in result.known_roles
    assert "MLOps Team Lead" in result.message


def test_a_query_without_a_role_is_about_the_guides_role_at_the_levels_it_names(table):
    result = lookup_salary(table, "compare senior vs lead salary")
    assert result.found
    assert {f.level for f in result.ranges} == {"senior", "lead"}
    assert result.notes[0] == (
        "No role was named; the knowledge base describes the Lead MLOps Engineer role, so "
        "this looks up Senior or Lead MLOps Engineer."
    )


def test_text_shows_role_place_figure_and_a_cited_source(table):
    text = render_salary_text(lookup_salary(table, "senior mlops"))
    first, second = (line for line in text.splitlines() if line.startswith("- "))
    assert first.startswith("- MLOps Engineer (senior), US: $172,820–$180,000 a year")
    assert second.startswith("- MLOps Engineer (senior), US: $180,000 a year")
    assert first.endswith("[1]") and second.endswith("[2]")
    assert (
        "  [1] Lead MLOps Engineer › Salary Ranges (US Market, 2024) › MLOps Engineer Salaries"
        in (text)
    )


def test_cli_json_contract(capsys):
    code = main(["salary", "lead mlops engineer", "--location", "New York", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(data) == {"query", "found", "ranges", "notes", "known_roles"}
    assert data["query"] == "lead mlops engineer" and data["found"] is True
    first = data["ranges"][0]
    assert set(first) == {
        "role",
        "level",
        "location",
        "label",
        "low",
        "high",
        "currency",
        "period",
        "year",
        "source",
    }
    assert first == {
        "role": "Lead MLOps Engineer",
        "level": "lead",
        "location": None,
        "label": "Range, depending on location and company",
        "low": 165000,
        "high": 207125,
        "currency": "USD",
        "period": "year",
        "year": None,
        "source": {
            "title": "Lead MLOps Engineer",
            "section": "Overview › Career Path and Salary",
            "path": "lead-mlops-engineer.md",
        },
    }
    assert any("specific to New York" in n for n in data["notes"])
    assert all(isinstance(r, str) for r in data["known_roles"])


def test_a_place_typed_after_the_role_is_named_in_the_note_not_dropped(capsys):
    # "/salary lead mlops engineer austin": the knowledge has no Austin figure, and says so.
    assert main(["salary", "lead mlops engineer austin"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The knowledge base has no salary figures for Austin;")
    assert "Lead MLOps Engineer" in out and "$190,000" in out


def test_cli_unknown_role_prints_the_sentence_and_exits_1(capsys):
    code = main(["salary", "pastry chef"])
    out = capsys.readouterr().out
    assert code == 1
    assert "I don't have salary figures for “pastry chef”" in out
    assert "$" not in out


def test_cli_empty_query_is_a_usage_error(capsys):
    assert main(["salary", "  "]) == 2
    assert "the salary query is empty" in capsys.readouterr().err
