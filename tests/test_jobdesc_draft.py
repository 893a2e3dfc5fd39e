"""Job-description drafts without an LLM: complete, grounded in the knowledge, honest notes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.cli import main
from bot.jobdesc import draft_job_description
from bot.knowledge.documents import Document, load_knowledge
from bot.models import JobDescription
from bot.salary import SALARY_TABLE_FILE, SalaryTable, load_salary_table
from bot.settings import PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"
PROMPTS = PROJECT_ROOT / "prompts"
HEADINGS = [
    "About the role",
    "Responsibilities",
    "Required qualifications",
    "Preferred qualifications",
    "Skills and tools",
    "Compensation",
    "What total compensation includes",
]


@pytest.fixture(scope="module")
def documents():
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="module")
def table(documents):
    return load_salary_table(KNOWLEDGE / SALARY_TABLE_FILE, documents)


def _draft(documents: list[Document], table: SalaryTable, **kwargs: Any) -> JobDescription:
    return draft_job_description(documents, table, prompts_dir=PROMPTS, **kwargs)


def test_lead_draft_has_every_section_in_order(documents, table):
    draft = _draft(documents, table, role="Lead MLOps Engineer")
    assert draft.title == "Lead MLOps Engineer"
    assert [s.heading for s in draft.sections] == HEADINGS
    assert draft.mode == "extractive"
    markdown = draft.markdown
    assert markdown.startswith("# Lead MLOps Engineer\n")
    for heading in HEADINGS:
        assert f"\n## {heading}\n" in markdown


def test_every_bullet_is_text_from_the_section_it_cites(documents, table):
    document = documents[0]
    sections = {s.name: " ".join(b.text for b in s.blocks) for s in document.sections}
    draft = _draft(documents, table, role="MLOps engineer", level="senior", industry="finance")
    for section in draft.sections:
        if section.heading == "Compensation":
            continue
        for bullet in section.bullets:
            assert bullet.source.title == "Lead MLOps Engineer"
            source_text = sections[bullet.source.section]
            # Skill lines join a subsection's items under its heading; each item is verbatim.
            body = (
                bullet.text.split(": ", 1)[1]
                if section.heading == "Skills and tools"
                else bullet.text
            )
            for part in body.split("; "):
                assert part.removeprefix("Solution: ") in source_text, bullet


def test_skills_name_the_knowledges_tools(documents, table):
    draft = _draft(documents, table, role="Lead MLOps Engineer")
    skills = next(s for s in draft.sections if s.heading == "Skills and tools")
    text = " ".join(b.text for b in skills.bullets)
    for tool in ("Kubernetes", "Docker", "MLflow", "Kubeflow", "Terraform", "Jenkins", "SageMaker"):
        assert tool in text


def test_compensation_is_the_tables_figure_for_role_and_level_with_its_source(documents, table):
    draft = _draft(documents, table, role="Lead MLOps Engineer")
    pay = next(s for s in draft.sections if s.heading == "Compensation")
    typical = next(r.figure for r in table.rows if r.statistic == "typical range")
    assert pay.bullets[0].text.startswith("$190,000–$230,000 a year (Typical range")
    assert (typical.low, typical.high) == (190000, 230000)
    assert pay.bullets[0].source == typical.source
    assert (
        "_Source: Lead MLOps Engineer › Salary Ranges (US Market, 2024) › Estimated"
        in draft.markdown
    )
    # The other figures are named for the hiring team, not averaged into the posting.
    assert any("$165,000–$207,125" in n and "$180,000–$244,210" in n for n in draft.notes)


def test_senior_draft_uses_senior_figures_and_says_it_reuses_the_lead_guide(documents, table):
    draft = _draft(documents, table, role="MLOps engineer", level="senior")
    assert draft.title == "Senior MLOps Engineer"
    assert "$172,820–$180,000 a year" in draft.markdown
    assert any("reuses its requirements" in n for n in draft.notes)
    about = draft.sections[0]
    assert any(
        b.text.startswith("Senior MLOps Engineer: Assume leadership roles") for b in about.bullets
    )
    responsibilities = next(s for s in draft.sections if s.heading == "Responsibilities")
    assert not any("Team Leadership" in b.text for b in responsibilities.bullets)


def test_no_figure_for_the_level_omits_compensation_with_a_note(documents, table):
    draft = _draft(documents, table, role="mlops", level="director")
    assert draft.title == "Director of MLOps"
    assert "Compensation" not in [s.heading for s in draft.sections]
    assert "$" not in draft.markdown
    assert any("no salary figure for Director of MLOps" in n for n in draft.notes)


def test_team_lead_compensation_carries_the_conservative_caveat(documents, table):
    draft = _draft(documents, table, role="MLOps", level="team lead")
    assert draft.title == "MLOps Team Lead"
    assert "$137,700 a year" in draft.markdown
    assert any("may be conservative for lead positions" in n for n in draft.notes)


@pytest.mark.parametrize("industry", ["healthcare", "finance", "fintech"])
def test_regulated_industries_add_compliance_emphasis(documents, table, industry):
    draft = _draft(documents, table, role="Lead MLOps Engineer", industry=industry)
    focus = next(s for s in draft.sections if s.heading == "Industry focus")
    assert any("regulated industries" in b.text for b in focus.bullets)
    assert any("comply with relevant laws" in b.text for b in focus.bullets)


def test_e_commerce_adds_scale_emphasis(documents, table):
    draft = _draft(documents, table, role="Lead MLOps Engineer", industry="e-commerce")
    focus = next(s for s in draft.sections if s.heading == "Industry focus")
    assert any("scalable" in b.text or "at scale" in b.text for b in focus.bullets)
    assert "**Industry:** E-commerce" in draft.markdown


def test_an_unknown_industry_is_accepted_and_noted(documents, table):
    draft = _draft(documents, table, role="Lead MLOps Engineer", industry="gaming")
    assert "Industry focus" not in [s.heading for s in draft.sections]
    assert any("no guidance specific to the “gaming” industry" in n for n in draft.notes)
    assert "**Industry:** Gaming" in draft.markdown


def test_location_and_remote_appear_in_the_posting(documents, table):
    draft = _draft(documents, table, role="Lead MLOps Engineer", location="nyc", remote=True)
    assert draft.title == "Lead MLOps Engineer (Remote)"
    assert "**Location:** Remote (New York)" in draft.markdown
    assert any(
        "No salary figure in the knowledge base is specific to New York" in n for n in draft.notes
    )


@pytest.mark.parametrize("role", ["Lead Machine Learning Engineer", "pastry chef"])
def test_an_unknown_role_drafts_nothing_and_lists_known_roles(documents, table, role):
    draft = _draft(documents, table, role=role)
    assert draft.sections == []
    assert f"I have no knowledge for the role “{role}”" in draft.markdown
    assert "I can draft: Lead MLOps Engineer" in draft.markdown


def test_cli_json_gives_sources_for_every_bullet(capsys):
    code = main(["jd", "senior MLOps engineer", "--industry", "healthcare", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(data) == {"title", "found", "mode", "sections", "markdown", "notes"}
    assert data["title"] == "Senior MLOps Engineer" and data["found"] is True
    assert data["mode"] == "extractive"
    for section in data["sections"]:
        assert section["bullets"], section["heading"]
        for bullet in section["bullets"]:
            assert bullet["source"]["title"] == "Lead MLOps Engineer"
            assert bullet["source"]["section"]


def test_cli_markdown_prints_the_posting_and_notes_on_stderr(capsys):
    code = main(["jd", "mlops", "--level", "director"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out.startswith("# Director of MLOps\n")
    assert "Note: The knowledge base has no salary figure for Director of MLOps" in captured.err


def test_cli_rejects_an_unknown_level(capsys):
    assert main(["jd", "mlops", "--level", "wizard"]) == 2
    assert "--level 'wizard' is not one of" in capsys.readouterr().err


def test_cli_unknown_role_exits_1(capsys):
    assert main(["jd", "data scientist"]) == 1
    assert "I have no knowledge for the role “data scientist”" in capsys.readouterr().out
