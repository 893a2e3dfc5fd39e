"""The guide: suggested prompts and coverage come from the knowledge, and are answerable."""

from __future__ import annotations

from pathlib import Path

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.guide import KnowledgeGuide
from bot.knowledge.documents import load_knowledge
from bot.models import Answer, JobDescription, Request, SalaryResult
from bot.salary_policy import SalaryPolicy
from bot.settings import PROJECT_ROOT, Settings, load_settings

SLACK_USER = Request("", platform="slack", user_id="U1")


def test_every_suggested_prompt_is_answered_from_the_knowledge(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    assert bot.guide is not None
    prompts = bot.guide.suggested_prompts(SLACK_USER)

    assert 3 <= len(prompts) <= 4
    assert len({p.message for p in prompts}) == len(prompts)
    for prompt in prompts:
        assert len(prompt.title) <= 40
        reply = bot.handle(Request(prompt.message, platform="slack", user_id="U1"))
        assert isinstance(reply, Answer | SalaryResult | JobDescription), prompt
        assert reply.found, prompt


def test_prompts_follow_the_documents_headings_and_front_matter(tmp_path: Path) -> None:
    (tmp_path / "sre.md").write_text(
        "---\ntitle: Site Reliability Engineer\nrole: Staff SRE\nlast_reviewed: 2026-01-02\n---\n"
        "# Site Reliability Engineer\n\n## Common Challenges\n\nToil.\n\n"
        "## Career Ladder\n\nSenior, staff.\n",
        encoding="utf-8",
    )
    docs = load_knowledge(tmp_path)
    guide = KnowledgeGuide(documents=lambda: docs, salary_policy=SalaryPolicy())

    messages = [p.message for p in guide.suggested_prompts(SLACK_USER)]
    assert "What are the common challenges for a Staff SRE?" in messages
    assert "How does a Staff SRE grow their career?" in messages
    assert not any("responsibilities" in m for m in messages)  # no such heading
    [doc] = guide.coverage()
    assert (doc.title, doc.last_reviewed) == ("Site Reliability Engineer", "2026-01-02")
    assert doc.topics == ("Common Challenges", "Career Ladder")


def test_salary_prompt_is_offered_only_to_people_who_may_see_figures() -> None:
    docs = load_knowledge(PROJECT_ROOT / "knowledge")
    policy = SalaryPolicy(users={"slack": frozenset({"UBOSS"})})
    guide = KnowledgeGuide(documents=lambda: docs, salary_policy=policy)

    boss = [
        p.message for p in guide.suggested_prompts(Request("", platform="slack", user_id="UBOSS"))
    ]
    other = [p.message for p in guide.suggested_prompts(SLACK_USER)]
    assert any("salary" in m for m in boss)
    assert not any("salary" in m for m in other)


def test_salary_access_lists_few_ids_and_counts_many() -> None:
    few = SalaryPolicy(
        users={"slack": frozenset({"U2", "U3"})}, channels={"slack": frozenset({"C9"})}
    )
    many = SalaryPolicy(users={"slack": frozenset(f"U{n}" for n in range(20))})
    docs = load_knowledge(PROJECT_ROOT / "knowledge")

    short = KnowledgeGuide(documents=lambda: docs, salary_policy=few).salary_access(SLACK_USER)
    assert short.restricted and not short.viewer_allowed
    assert (short.users, short.channels) == (("U2", "U3"), ("C9",))
    long = KnowledgeGuide(documents=lambda: docs, salary_policy=many).salary_access(SLACK_USER)
    assert long.users == () and long.user_count == 20
    everyone = KnowledgeGuide(documents=lambda: docs, salary_policy=SalaryPolicy())
    assert everyone.salary_access(SLACK_USER).viewer_allowed


def test_guide_still_covers_the_documents_when_the_salary_table_is_broken(
    knowledge_copy: Path, data_dir: Path, embedder: MiniLMEmbeddings
) -> None:
    (knowledge_copy / "salaries.yaml").write_text("roles: [unclosed", encoding="utf-8")
    settings = load_settings(data_dir=data_dir, knowledge_dir=knowledge_copy)
    bot = build_rolebot(settings, embedder=embedder)

    assert bot.guide is not None
    assert [d.title for d in bot.guide.coverage()] == ["Lead MLOps Engineer"]
    assert not any("job description" in p.message for p in bot.guide.suggested_prompts(SLACK_USER))
