"""A second role needs only knowledge files: a small "Lead Data Engineer" guide and its
salary rows (tests/fixtures/second-role/, not shipped) are ingested next to the shipped
Lead MLOps guide into a real Chroma index, and the real bot routes, answers, cites, declines,
looks up salaries and drafts job descriptions for it. No code names the role: its words,
aliases, ladder and example requests all come from the fixture's front matter and table.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.errors import KnowledgeError
from bot.index.chroma import open_chroma
from bot.index.ingest import ingest
from bot.knowledge.documents import load_document
from bot.knowledge.roles import covered_roles, role_examples, role_ladder
from bot.models import Answer, HelpReply, Intent, JobDescription, Reply, Request, SalaryResult
from bot.service import RoleBot
from bot.settings import PROJECT_ROOT, load_settings

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "second-role"
SECOND = "lead-data-engineer.md"
SHIPPED = "lead-mlops-engineer.md"


def _knowledge_with_second_role(target: Path) -> Path:
    """The shipped knowledge plus the fixture guide; the fixture's salary rows merged in."""
    shutil.copytree(PROJECT_ROOT / "knowledge", target)
    shutil.copy(FIXTURE / SECOND, target / SECOND)
    table = yaml.safe_load((target / "salaries.yaml").read_text(encoding="utf-8"))
    extra = yaml.safe_load((FIXTURE / "salaries.yaml").read_text(encoding="utf-8"))
    table["roles"] += extra["roles"]
    table["figures"] += extra["figures"]
    (target / "salaries.yaml").write_text(yaml.safe_dump(table, sort_keys=False), "utf-8")
    return target


@pytest.fixture(scope="module")
def two_roles(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbeddings
) -> Iterator[RoleBot]:
    root = tmp_path_factory.mktemp("second-role")
    settings = load_settings(
        data_dir=root / "data", knowledge_dir=_knowledge_with_second_role(root / "knowledge")
    )
    ingest(
        client=open_chroma(settings),
        embedder=embedder,
        knowledge_dir=settings.knowledge_dir,
        progress=False,
    )
    yield build_rolebot(settings, embedder=embedder)


def ask(bot: RoleBot, text: str, intent: Intent | None = None) -> Reply:
    """What a Slack user sees for ``text`` (``intent="salary"`` is the ``/salary`` command)."""
    return bot.handle(Request(text, platform="slack", user_id="U1", intent=intent))


def test_a_question_about_the_second_role_is_answered_and_cited_from_its_guide(
    two_roles: RoleBot,
) -> None:
    reply = ask(two_roles, "what does a lead data engineer own for data quality?")

    assert isinstance(reply, Answer) and reply.found, reply
    assert "Great Expectations" in reply.answer and "[1]" in reply.answer
    assert reply.sources and {s.path for s in reply.sources} == {SECOND}
    assert reply.sources[0].title == "Lead Data Engineer"


def test_the_second_roles_own_shorthand_reaches_its_guide(two_roles: RoleBot) -> None:
    reply = ask(two_roles, "how should a data engineering lead handle schema drift?")

    assert isinstance(reply, Answer) and reply.found, reply
    assert "data contracts" in reply.answer.lower()
    assert {s.path for s in reply.sources} == {SECOND}


def test_the_shipped_role_is_still_answered_from_its_own_guide(two_roles: RoleBot) -> None:
    reply = ask(two_roles, "what does a lead MLOps engineer own for monitoring?")

    assert isinstance(reply, Answer) and reply.found, reply
    assert "monitor" in reply.answer.lower()
    assert {s.path for s in reply.sources} == {SHIPPED}


def test_a_role_neither_guide_describes_is_declined(two_roles: RoleBot) -> None:
    reply = ask(two_roles, "what skills does a lead data scientist need?")

    assert isinstance(reply, Answer) and not reply.found, reply
    assert "lead data scientist" in reply.answer and not reply.sources
    assert "describes the Lead Data Engineer and Lead MLOps Engineer roles" in reply.answer
    # The decline suggests a question from the knowledge, not one about the MLOps guide only.
    assert 'Try e.g. "what does a lead data engineer own for data quality?"' in reply.answer


def test_a_comparison_with_an_undescribed_role_names_the_guide_it_answers_from(
    two_roles: RoleBot,
) -> None:
    reply = ask(two_roles, "how is a lead data engineer different from a data scientist?")

    assert isinstance(reply, Answer) and reply.found, reply
    assert "here is what it says about the Lead Data Engineer role" in reply.answer
    assert {s.path for s in reply.sources} == {SECOND}


def test_salary_slash_command_for_the_second_role_gives_its_figures(two_roles: RoleBot) -> None:
    reply = ask(two_roles, "lead data engineer us", intent="salary")

    assert isinstance(reply, SalaryResult) and reply.found, reply
    assert [(f.low, f.high) for f in reply.ranges] == [(150000, 190000)]
    assert reply.ranges[0].source.path == SECOND
    assert "Lead Data Engineer" in reply.known_roles


def test_with_two_guides_a_salary_question_naming_no_role_asks_which(two_roles: RoleBot) -> None:
    reply = ask(two_roles, "salary in new york", intent="salary")
    assert isinstance(reply, SalaryResult) and not reply.found
    assert reply.message.startswith("Which role do you mean? I have salary figures for:")
    assert "Lead Data Engineer" in reply.message and "Lead MLOps Engineer" in reply.message


def test_a_pay_question_about_the_second_role_is_routed_to_its_salary_rows(
    two_roles: RoleBot,
) -> None:
    reply = ask(two_roles, "how much does a lead data engineer make?")

    assert isinstance(reply, SalaryResult) and reply.found, reply
    assert {f.source.path for f in reply.ranges} == {SECOND}


def test_a_job_description_for_the_second_role_is_drafted_from_its_guide(
    two_roles: RoleBot,
) -> None:
    reply = ask(two_roles, "draft a job description for a lead data engineer, remote")

    assert isinstance(reply, JobDescription) and reply.sections, reply
    assert reply.title == "Lead Data Engineer (Remote)"
    bullets = [b for s in reply.sections for b in s.bullets]
    assert bullets and {b.source.path for b in bullets} == {SECOND}
    assert "Apache Airflow" in reply.markdown and "$150,000" in reply.markdown
    assert "MLOps" not in reply.markdown


def test_a_draft_naming_no_role_asks_which_when_the_knowledge_has_two(two_roles: RoleBot) -> None:
    reply = ask(two_roles, "draft a JD for a senior one")

    assert isinstance(reply, JobDescription) and not reply.sections
    assert reply.markdown.startswith("Which role should the job description be for?")
    assert "Lead MLOps Engineer" in reply.markdown and "Data Engineer" in reply.markdown


def test_a_draft_at_another_rung_takes_its_title_and_duties_from_the_ladder(
    two_roles: RoleBot,
) -> None:
    director = ask(two_roles, "jd director data engineer")
    senior = ask(two_roles, "jd senior data engineer")

    # The fixture's ladder calls the director rung "Head of Data Engineering".
    assert isinstance(director, JobDescription) and director.title == "Head of Data Engineering"
    assert "As a Head of Data Engineering, you will set the data platform strategy and budget." in (
        director.markdown
    )
    assert isinstance(senior, JobDescription) and senior.title == "Senior Data Engineer"
    assert "you will design pipelines across domains" in senior.markdown
    # Another rung gets no lead's years of experience, and the notes say so.
    assert "7+ years" not in senior.markdown.split("Reviewer notes")[0]


def test_help_shows_example_requests_from_the_knowledge(two_roles: RoleBot) -> None:
    reply = ask(two_roles, "help")

    assert isinstance(reply, HelpReply)
    assert '"what does a lead data engineer own for data quality?"' in reply.text
    assert '"salary lead data engineer"' in reply.text
    # "what topics do you cover?" is help too, naming every role the knowledge describes
    covered = ask(two_roles, "what topics do you cover?")
    assert isinstance(covered, HelpReply)
    assert covered.text.splitlines()[1] == "Roles covered: Lead Data Engineer, Lead MLOps Engineer."


def test_no_code_names_the_second_role() -> None:
    """What makes the role work is the fixture, not a special case somewhere in the code."""
    for path in [*(PROJECT_ROOT / "bot").rglob("*.py"), *(PROJECT_ROOT / "adapters").rglob("*.py")]:
        text = path.read_text(encoding="utf-8").lower()
        assert "data engineer" not in text, path


def test_with_only_the_second_role_the_mlops_guide_is_nowhere_in_the_bot(
    tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(FIXTURE / SECOND, knowledge / SECOND)
    shutil.copy(FIXTURE / "salaries.yaml", knowledge / "salaries.yaml")
    settings = load_settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    ingest(client=open_chroma(settings), embedder=embedder, knowledge_dir=knowledge, progress=False)
    bot = build_rolebot(settings, embedder=embedder)

    answered = ask(bot, "what does a lead data engineer own for data quality?")
    declined = ask(bot, "what does a lead MLOps engineer own for monitoring?")
    helped = ask(bot, "help")

    assert isinstance(answered, Answer) and answered.found
    assert isinstance(declined, Answer) and not declined.found
    assert "describes the Lead Data Engineer role, not a lead mlops engineer" in declined.answer
    assert isinstance(helped, HelpReply) and "mlops" not in helped.text.lower()


# Front matter the role words come from is checked like the rest: the file is named.


def _guide(tmp_path: Path, front_matter: str) -> Path:
    path = tmp_path / "guide.md"
    path.write_text(
        f"---\nrole: Lead Data Engineer\n{front_matter}---\n\n# Lead Data Engineer\n\n"
        "## Overview\n\nA Lead Data Engineer runs pipelines.\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("front_matter", "problem"),
    [
        ("ladder: senior\n", "must be a non-empty list"),
        ("ladder: []\n", "must be a non-empty list"),
        ("ladder:\n  - lead: Lead Data Engineer\n  - chief: Chief Data Officer\n", "unknown level"),
        ("ladder:\n  - lead: Lead Data Engineer\n  - lead: Data Lead\n", "'lead' twice"),
        ("ladder:\n  - lead: Lead Data Engineer\n  - senior: ''\n", "no job title"),
        ("ladder:\n  - lead: Lead Data Engineer\n  - Senior Data Engineer\n", "rung 2 is not"),
        ("ladder:\n  - senior: Senior Data Engineer\n", "own role 'Lead Data Engineer'"),
        (f"ladder:\n  - lead: Lead Data Engineer\n  - senior: {'x' * 300}\n", "over 200"),
        ("examples: what does it do?\n", "'examples' must map"),
        ("examples:\n  faq: what?\n", "unknown key 'faq'"),
        ("examples:\n  salary: how much do they make?\n", "must start with 'salary'"),
        (f"examples:\n  question: {'why ' * 100}\n", "at most 200 characters"),
    ],
)
def test_a_bad_ladder_or_examples_is_refused_naming_the_file(
    tmp_path: Path, front_matter: str, problem: str
) -> None:
    document = load_document(_guide(tmp_path, front_matter), tmp_path)

    with pytest.raises(KnowledgeError) as raised:
        covered_roles([document])

    assert str(raised.value).startswith("guide.md: front matter")
    assert problem in str(raised.value)


def test_a_hostile_ladder_key_is_refused_and_not_echoed_at_length(tmp_path: Path) -> None:
    key = "x" * 1000  # YAML's longest plain key
    document = load_document(_guide(tmp_path, f"ladder:\n  - {key}: A\n"), tmp_path)

    with pytest.raises(KnowledgeError) as raised:
        role_ladder(document)

    assert "guide.md" in str(raised.value) and len(str(raised.value)) < 400


def test_the_fixture_declares_its_ladder_and_examples() -> None:
    document = load_document(FIXTURE / SECOND, FIXTURE)
    ladder = role_ladder(document)

    assert ladder.title("director") == "Head of Data Engineering"
    assert ladder.level_of("Lead Data Engineer") == "lead"
    assert not ladder.same_rung("lead", "senior")
    assert role_examples(document).salary == "salary lead data engineer"
    assert "Head of Data Engineering" in covered_roles([document]).names


def test_a_bad_ladder_stops_ingest_and_the_previous_index_keeps_serving(
    tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    knowledge = _knowledge_with_second_role(tmp_path / "knowledge")
    settings = load_settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    client = open_chroma(settings)
    ingest(client=client, embedder=embedder, knowledge_dir=knowledge, progress=False)
    guide = knowledge / SECOND
    guide.write_text(
        guide.read_text(encoding="utf-8").replace("- director:", "- chief:"), encoding="utf-8"
    )

    with pytest.raises(KnowledgeError, match=rf"^{SECOND}: front matter 'ladder'.*unknown level"):
        ingest(client=client, embedder=embedder, knowledge_dir=knowledge, progress=False)

    reply = build_rolebot(settings, embedder=embedder).handle(
        Request("what does a lead data engineer own for data quality?")
    )
    assert isinstance(reply, Answer) and reply.found
