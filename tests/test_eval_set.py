"""The evaluation set itself: a held-out third chosen by rule, facts that are really in the
knowledge, enough near misses, follow-ups and managers' questions, and metrics that notice
repetition."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from bot.errors import EvalFileError
from bot.evaluation import (
    CATEGORIES,
    below_thresholds,
    load_cases,
    repeated_units,
)
from bot.knowledge.documents import load_knowledge
from bot.settings import PROJECT_ROOT

EVAL = PROJECT_ROOT / "eval" / "questions.yaml"


def test_held_out_third_of_every_category_is_chosen_by_hash_not_by_hand() -> None:
    cases, _ = load_cases(EVAL)
    for category in CATEGORIES:
        ids = sorted(
            (c.id for c in cases if c.category == category),
            key=lambda i: hashlib.sha256(i.encode()).hexdigest(),
        )
        expected = set(ids[: round(len(ids) / 3)])
        held = {c.id for c in cases if c.category == category and c.split == "heldout"}
        assert held == expected, category


def test_the_set_has_the_questions_the_answers_issue_asks_for() -> None:
    cases, _ = load_cases(EVAL)
    counts = Counter(c.category for c in cases)
    assert counts["near_miss"] >= 25
    assert counts["uncovered"] >= 24
    assert counts["everyday"] >= 12
    assert counts["followup"] >= 10 and all(c.history for c in cases if c.category == "followup")
    assert counts["manager"] >= 10
    assert len({c.id for c in cases}) == len(cases)


def test_every_fact_is_verbatim_in_one_of_its_sections() -> None:
    text: dict[str, str] = {}
    for doc in load_knowledge(PROJECT_ROOT / "knowledge"):
        for section in doc.sections:
            for depth in range(1, len(section.path) + 1):
                key = " › ".join(section.path[:depth])
                text[key] = text.get(key, "") + " ".join(b.text for b in section.blocks).lower()
    cases, _ = load_cases(EVAL)
    for case in cases:
        assert all(s in text for s in case.sections), case.id
        for fact in case.facts:
            assert any(fact.lower() in text[s] for s in case.sections), (case.id, fact)


def test_a_category_that_contradicts_out_of_scope_names_the_case(tmp_path: Path) -> None:
    bad = tmp_path / "q.yaml"
    bad.write_text(
        "questions:\n  - {id: x, question: 'who won?', category: near_miss}\n", encoding="utf-8"
    )
    with pytest.raises(EvalFileError, match="x is near_miss but out_of_scope is False"):
        load_cases(bad)


def test_repeated_units_catch_the_same_line_twice_and_near_duplicates() -> None:
    answer = (
        "Educational Background [1]:\n"
        "- Bachelor's or Master's degree in Computer Science or a related field\n"
        "Overview [2]:\n"
        "- Bachelor's or Master's degree in Computer Science, or a related field [2]\n"
        "- Experience in agile environments"
    )
    assert repeated_units(answer) == [
        "Bachelor's or Master's degree in Computer Science, or a related field"
    ]
    assert repeated_units("Tools [1]:\n- MLflow and Kubeflow\n- Docker and Kubernetes") == []


def test_length_and_repetition_thresholds_are_maxima() -> None:
    limits = {"answer_chars_p90": 1000, "repeated_unit_rate": 0.0, "hit_at_4": 0.9}
    assert (
        below_thresholds(
            {"answer_chars_p90": 999, "repeated_unit_rate": 0.0, "hit_at_4": 0.91}, limits
        )
        == []
    )
    bad = below_thresholds(
        {"answer_chars_p90": 1001, "repeated_unit_rate": 0.01, "hit_at_4": 0.91}, limits
    )
    assert [b.split(" ")[0] for b in bad] == ["answer_chars_p90", "repeated_unit_rate"]


def test_a_threshold_on_a_metric_that_is_not_measured_fails_the_gate() -> None:
    assert below_thresholds({"hit_at_4": 1.0}, {"hit_at_four": 0.9}) == [
        "hit_at_four is not measured (threshold 0.900)"
    ]
