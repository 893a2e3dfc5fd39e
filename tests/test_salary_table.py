"""The salary table matches the Markdown it cites, and a bad table is refused with a clear error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.errors import SalaryTableError
from bot.knowledge.documents import load_knowledge
from bot.salary import SALARY_TABLE_FILE, load_salary_table
from bot.settings import PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"
TABLE = KNOWLEDGE / SALARY_TABLE_FILE


def _table(knowledge: Path = KNOWLEDGE):
    return load_salary_table(knowledge / SALARY_TABLE_FILE, load_knowledge(knowledge))


def test_every_table_figure_appears_in_the_section_it_cites():
    documents = {d.title: d for d in load_knowledge(KNOWLEDGE)}
    table = _table()
    for row in table.rows:
        figure = row.figure
        section = next(
            s for s in documents[figure.source.title].sections if s.name == figure.source.section
        )
        text = " ".join(b.text for b in section.blocks)
        assert f"${figure.low:,}" in text, figure
        assert f"${figure.high:,}" in text, figure


def test_every_salary_figure_in_the_markdown_is_in_the_table():
    markdown = (KNOWLEDGE / "lead-mlops-engineer.md").read_text(encoding="utf-8")
    # Whole-dollar pay figures; market sizes like "$1.1 billion" are not salaries.
    in_text = {int(m.replace(",", "")) for m in re.findall(r"\$(\d{1,3}(?:,\d{3})+)", markdown)}
    in_table = {n for row in _table().rows for n in (row.figure.low, row.figure.high)}
    assert in_text == in_table


def test_table_rows_carry_role_level_location_and_year():
    rows = {(r.figure.role, r.figure.level, r.figure.label): r for r in _table().rows}
    team_lead = rows[("MLOps Team Lead", "team lead", "Average US salary")]
    assert (team_lead.figure.low, team_lead.figure.high) == (137700, 137700)
    assert team_lead.figure.year == 2024 and team_lead.figure.location == "US"
    assert team_lead.note == "This figure may be conservative for lead positions."
    overview = next(r for r in _table().rows if r.figure.source.section.startswith("Overview"))
    assert (overview.figure.low, overview.figure.high, overview.figure.year) == (
        165000,
        207125,
        None,
    )
    over = next(r for r in _table().rows if r.figure.low == 131158)
    assert over.figure.high == 200000 and "over $200,000" in over.figure.label
    assert len(_table().rows) == 10


def _edit_table(knowledge: Path, old: str, new: str) -> None:
    path = knowledge / SALARY_TABLE_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_figure_not_in_the_source_is_refused_naming_file_row_and_figure(knowledge_copy):
    _edit_table(knowledge_copy, "low: 165000", "low: 165001")
    with pytest.raises(SalaryTableError) as error:
        _table(knowledge_copy)
    message = str(error.value)
    assert "salaries.yaml" in message
    assert "figure 1 (Lead MLOps Engineer)" in message
    assert "$165,001 does not appear in lead-mlops-engineer.md › Overview › Career Path" in message


def test_a_section_that_does_not_exist_is_refused(knowledge_copy):
    _edit_table(
        knowledge_copy, "section: Overview › Career Path and Salary", "section: Overview › Pay"
    )
    with pytest.raises(SalaryTableError, match=r"has no section 'Overview › Pay'"):
        _table(knowledge_copy)


def test_an_unknown_level_is_refused_listing_the_levels(knowledge_copy):
    _edit_table(knowledge_copy, "level: mid-level", "level: middling")
    with pytest.raises(SalaryTableError, match=r"level 'middling' is not one of junior, mid-level"):
        _table(knowledge_copy)


def test_a_role_no_family_knows_is_refused(knowledge_copy):
    _edit_table(knowledge_copy, "role: MLOps Team Lead", "role: Pastry Team Lead")
    with pytest.raises(SalaryTableError, match=r"role 'Pastry Team Lead' must contain the name"):
        _table(knowledge_copy)


def test_invalid_yaml_is_refused_with_the_line(knowledge_copy):
    (knowledge_copy / SALARY_TABLE_FILE).write_text("figures: [\n  - role: x\n", encoding="utf-8")
    with pytest.raises(SalaryTableError, match=r"salaries.yaml: is not valid YAML at line"):
        _table(knowledge_copy)


def test_yaml_aliases_in_the_table_are_refused(knowledge_copy):
    # Each "*row" would be the same figure again: a few lines could make millions of rows.
    _edit_table(knowledge_copy, "figures:\n  - role:", "figures:\n  - &row\n    role:")
    with pytest.raises(SalaryTableError, match=r"salaries.yaml: uses a YAML anchor or alias"):
        _table(knowledge_copy)


def test_a_table_linked_from_outside_the_knowledge_directory_is_refused(knowledge_copy, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    (knowledge_copy / SALARY_TABLE_FILE).rename(outside)
    (knowledge_copy / SALARY_TABLE_FILE).symlink_to(outside)
    with pytest.raises(SalaryTableError, match=r"salaries.yaml: is a link to a file outside"):
        _table(knowledge_copy)
