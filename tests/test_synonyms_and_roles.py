"""Curators' data that steers retrieval and refusals: the synonym table and the role names in
front matter. Both are read from knowledge/, checked, and named when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge.documents import load_document, load_knowledge
from bot.knowledge.roles import CoveredRoles, covered_roles, named_roles
from bot.retrieval.synonyms import SYNONYMS_FILE, Synonyms, load_synonyms
from bot.settings import PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"


def test_the_shipped_synonym_table_loads_and_is_not_a_document() -> None:
    table = load_synonyms(KNOWLEDGE / SYNONYMS_FILE)
    assert table.table["k8s"] == "kubernetes" and table.table["prod"] == "production"
    assert all(not d.path.endswith(".yaml") for d in load_knowledge(KNOWLEDGE))


def test_the_eval_only_infra_as_code_rule_is_gone() -> None:
    table = load_synonyms(KNOWLEDGE / SYNONYMS_FILE)
    assert not any("infra as code" in key for key in table.table)
    assert "infra-as-code" not in (KNOWLEDGE / SYNONYMS_FILE).read_text(encoding="utf-8")


def test_expansion_keeps_the_question_and_adds_whole_word_matches_once() -> None:
    table = Synonyms({"prod": "production", "ml ops": "mlops", "k8s": "kubernetes"})
    assert table.expand("is prod on k8s? prod!") == (
        "is prod on k8s? prod! (production; kubernetes)"
    )
    assert table.expand("ML-Ops lead") == "ML-Ops lead (mlops)"
    assert table.expand("production products") == "production products"  # no partial words
    assert table.expand("ci/cd tooling") == "ci/cd tooling"  # one token, not two shorthands


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("synonyms: [prod, infra]\n", "'synonyms' must be 'shorthand: spelled-out words'"),
        ("synonyms:\n  prod: ''\n", "the shorthand 'prod' needs spelled-out words"),
        ("synonyms:\n  prod: production\n  PROD: producing\n", "'PROD' is listed twice"),
        ("synonyms:\n  'pr!od': x\n", "must be letters, digits or '/'"),
        ("synonyms:\n  prod: [unclosed\n", "is not valid YAML at line"),
    ],
)
def test_a_bad_synonym_table_is_named_with_the_entry(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / SYNONYMS_FILE
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"synonyms\.yaml: ") as raised:
        load_synonyms(path)
    assert message in str(raised.value)


def test_a_hostile_synonym_table_is_refused_like_any_knowledge_file(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb" / SYNONYMS_FILE
    bomb.parent.mkdir()
    bomb.write_text('a: &a ["x","x"]\nb: &b [*a,*a]\nsynonyms:\n  prod: *b\n', encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"synonyms\.yaml: uses a YAML anchor or alias"):
        load_synonyms(bomb)

    linked = tmp_path / "linked" / SYNONYMS_FILE
    linked.parent.mkdir()
    linked.symlink_to("/etc/passwd")
    with pytest.raises(KnowledgeError, match="outside the knowledge directory"):
        load_synonyms(linked)

    big = tmp_path / "big" / SYNONYMS_FILE
    big.parent.mkdir()
    big.write_text("synonyms:\n" + "  prod: production\n" * 200, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="over the 1 KiB limit"):
        load_synonyms(big, max_bytes=1024)


def test_matches_name_each_shorthand_once_in_order() -> None:
    table = Synonyms({"prod": "production", "k8s": "kubernetes", "pain points": "challenges"})
    assert table.matches("k8s in prod, and prod pain-points?") == ["k8s", "prod", "pain points"]
    assert table.matches("production") == []


def test_no_synonym_file_means_no_expansion(tmp_path: Path) -> None:
    assert load_synonyms(tmp_path / SYNONYMS_FILE).expand("prod") == "prod"


def test_covered_roles_come_from_front_matter() -> None:
    roles = covered_roles(load_knowledge(KNOWLEDGE))
    assert roles.primary() == "Lead MLOps Engineer"
    assert "MLOps Team Lead" in roles.names and "Director of MLOps" in roles.names
    # the ladder's two names for one rung, read from its front matter
    assert roles.other_names("mlops team lead") == ("Lead MLOps Engineer",)
    assert roles.other_names("Lead MLOps Engineer") == ("MLOps Team Lead",)
    assert roles.other_names("Director of MLOps") == ()


def test_a_new_document_adds_its_role_without_code_changes(tmp_path: Path) -> None:
    doc = tmp_path / "ds.md"
    doc.write_text(
        "---\nrole: Data Scientist\naliases: [ML Scientist]\n---\n# Data Scientist\n## Duties\n"
        "- Model things\n",
        encoding="utf-8",
    )
    roles = covered_roles([load_document(doc, tmp_path)])
    assert roles.covers("senior data scientist") and roles.covers("lead ml scientist")
    assert not roles.covers("data engineer")


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("what skills does a lead data scientist need?", ["lead data scientist"]),
        ("what skills should an SRE have?", ["sre"]),
        ("what's the career path for a frontend engineer?", ["frontend engineer"]),
        ("what does a senior MLOps engineer do?", ["senior mlops engineer"]),
        ("who will they work with, engineers?", []),  # a bare head noun names no role
        ("how much of the job is talking to non-engineers?", []),  # "non-" is no title
    ],
)
def test_job_titles_in_a_question(question: str, named: list[str]) -> None:
    assert named_roles(question) == named


def test_levels_do_not_make_a_different_role() -> None:
    roles = CoveredRoles(("Lead MLOps Engineer", "MLOps Team Lead"))
    assert roles.covers("junior mlops engineer") and roles.covers("MLOps manager")
    assert not roles.covers("lead data scientist") and not roles.covers("sre")
