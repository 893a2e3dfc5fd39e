"""How salary figures read as text (``rolebot salary``, Teams' text fallback).

Built from figures made up here, so each expectation follows from the input alone.
"""

from __future__ import annotations

from bot.models import SalaryFigure, SalaryResult, SourceRef
from bot.salary.format import describe_location, describe_role, format_amount, format_money
from bot.salary.render_text import render_salary_text

SOURCE = SourceRef(title="Guide", section="Pay › Leads")


def figure(**changes: object) -> SalaryFigure:
    base: dict[str, object] = {
        "role": "MLOps Engineer",
        "level": "senior",
        "location": "New York",
        "label": "Range",
        "low": 150_000,
        "high": 180_000,
        "currency": "USD",
        "period": "year",
        "year": 2024,
        "source": SOURCE,
    }
    return SalaryFigure(**{**base, **changes})  # type: ignore[arg-type]


def test_one_cited_line_per_figure_then_the_notes_then_the_sources() -> None:
    result = SalaryResult(
        query="senior mlops",
        found=True,
        ranges=[
            figure(),
            figure(
                role="Lead MLOps Engineer",
                level="lead",
                location=None,
                label="Estimate",
                low=190_000,
                high=190_000,
                year=None,
            ),
            figure(source=SourceRef(title="Guide", section="Pay › Seniors")),
        ],
        notes=["Figures differ by source."],
        message="Here is what the guide says.",
    )

    assert render_salary_text(result) == LISTING


LISTING = """\
Here is what the guide says.

- MLOps Engineer (senior), New York: $150,000–$180,000 a year (Range, 2024) [1]
- Lead MLOps Engineer, location not stated: $190,000 a year (Estimate) [1]
- MLOps Engineer (senior), New York: $150,000–$180,000 a year (Range, 2024) [2]

Note: Figures differ by source.

Sources:
  [1] Guide › Pay › Leads
  [2] Guide › Pay › Seniors
"""


def test_a_long_source_path_stays_off_the_figure_lines() -> None:
    """The old table padded every row to its longest source path (over 200 characters)."""
    long_source = SourceRef(title="Guide", section="Salary Ranges (US Market, 2024) › " + "x" * 80)
    result = SalaryResult(
        query="q", found=True, ranges=[figure(), figure(source=long_source, label="Typical")]
    )
    first, second = render_salary_text(result).splitlines()[:2]
    assert "x" * 80 not in first + second
    assert len(first) < 100 and len(second) < 100


def test_without_figures_the_message_and_notes_are_plain_sentences() -> None:
    result = SalaryResult(
        query="pastry chef",
        found=False,
        notes=["I can look up: MLOps Engineer."],
        message="I don't have salary figures for “pastry chef”.",
    )

    assert render_salary_text(result) == (
        "I don't have salary figures for “pastry chef”.\n\nI can look up: MLOps Engineer.\n"
    )


def test_a_message_that_is_also_a_note_is_shown_once() -> None:
    result = SalaryResult(query="x", found=False, notes=["Only this."], message="Only this.")
    assert render_salary_text(result) == "Only this.\n"


def test_figures_alone_start_with_the_first_figure() -> None:
    text = render_salary_text(SalaryResult(query="q", found=True, ranges=[figure()]))
    assert text.splitlines()[0].startswith("- MLOps Engineer (senior), New York: $150,000")
    assert text.endswith("Sources:\n  [1] Guide › Pay › Leads\n")


def test_money_amounts_and_periods() -> None:
    assert format_money(165_000) == "$165,000"
    assert format_money(165_000, "EUR") == "165,000 EUR"
    assert format_amount(figure()) == "$150,000–$180,000 a year"
    assert format_amount(figure(low=90, high=90, period="hour")) == "$90 a hour"
    assert format_amount(figure(period="")) == "$150,000–$180,000"
    assert format_amount(figure(currency="EUR")) == "150,000 EUR–180,000 EUR a year"


def test_the_level_is_added_only_when_the_title_does_not_say_it() -> None:
    assert describe_role(figure()) == "MLOps Engineer (senior)"
    assert describe_role(figure(level=None)) == "MLOps Engineer"
    assert describe_role(figure(role="Senior MLOps Engineer")) == "Senior MLOps Engineer"
    assert describe_role(figure(role="Mid-Level MLOps Engineer", level="mid-level")) == (
        "Mid-Level MLOps Engineer"
    )
    assert describe_role(figure(role="Mid Level MLOps Engineer", level="mid-level")) == (
        "Mid Level MLOps Engineer"
    )
    assert describe_role(figure(role="MLOps Team-Lead", level="team lead")) == "MLOps Team-Lead"


def test_a_figure_without_a_place_says_so() -> None:
    assert describe_location(figure(location=None)) == "not stated"
    assert describe_location(figure()) == "New York"
