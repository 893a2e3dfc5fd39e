"""The eval gate itself: a metric just on the wrong side of its threshold fails CI, one just
on the right side passes, for minimum metrics and for the one maximum (false refusals).

``rolebot eval --check`` is what ``make test`` runs; if it let a regression through, every
other quality number in the project would be decoration.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.errors import EvalFileError
from bot.evaluation import (
    MAXIMA,
    EvalCase,
    EvalResult,
    below_thresholds,
    evaluate,
    evaluate_splits,
    load_cases,
    repeated_units,
    section_matches,
)
from bot.models import Answer, Source, Turn
from bot.settings import PROJECT_ROOT

MINIMUMS = ["hit_at_4", "mrr", "fact_recall", "refusal_rate", "routing_accuracy"]
STEP = 0.001  # finer than any threshold in eval/questions.yaml is written


@pytest.mark.parametrize("name", MINIMUMS)
@pytest.mark.parametrize("limit", [0.05, 0.46, 0.89, 1.0])
def test_minimum_metric_just_below_its_threshold_fails_and_at_or_above_passes(
    name: str, limit: float
) -> None:
    thresholds = {name: limit}

    [failure] = below_thresholds({name: limit - STEP}, thresholds)
    assert failure.startswith(name)
    assert below_thresholds({name: limit}, thresholds) == []
    assert below_thresholds({name: limit + STEP}, thresholds) == []


@pytest.mark.parametrize("limit", [0.0, 0.06, 0.5])
def test_false_refusals_just_above_the_maximum_fails_and_at_or_below_passes(limit: float) -> None:
    thresholds = {"false_refusals": limit}

    [failure] = below_thresholds({"false_refusals": limit + STEP}, thresholds)
    assert failure.startswith("false_refusals")
    assert below_thresholds({"false_refusals": limit}, thresholds) == []
    if limit > 0:
        assert below_thresholds({"false_refusals": limit - STEP}, thresholds) == []


def test_every_metric_is_judged_on_its_own() -> None:
    metrics = {"hit_at_4": 0.95, "mrr": 0.70, "false_refusals": 0.10, "fact_recall": 0.80}
    thresholds = {"hit_at_4": 0.89, "mrr": 0.74, "false_refusals": 0.06, "fact_recall": 0.79}

    failed = [line.split(" ")[0] for line in below_thresholds(metrics, thresholds)]

    assert failed == ["mrr", "false_refusals"]


def test_a_threshold_for_a_metric_that_was_not_measured_fails() -> None:
    [failure] = below_thresholds({"hit_at_4": 0.95}, {"hit_at_4": 0.89, "hit_at_5": 0.9})
    assert failure.startswith("hit_at_5") and "not measured" in failure


def test_a_missing_metric_does_not_hide_the_thresholds_after_it() -> None:
    failed = below_thresholds({"mrr": 0.5}, {"hit_at_5": 0.9, "mrr": 0.74})
    assert [line.split(" ")[0] for line in failed] == ["hit_at_5", "mrr"]


def test_metrics_are_reported_under_the_names_the_thresholds_use() -> None:
    result = EvalResult(
        hit_at_4=0.9,
        mrr=0.8,
        fact_recall=0.7,
        refusal_rate=0.6,
        false_refusals=0.05,
        in_scope=10,
        out_of_scope=5,
        extra={"routing_accuracy": 0.97},
    )
    assert result.metrics() == {
        "hit_at_4": 0.9,
        "mrr": 0.8,
        "fact_recall": 0.7,
        "refusal_rate": 0.6,
        "near_miss_refusal": 0.0,
        "uncovered_refusal": 0.0,
        "false_refusals": 0.05,
        "followup_success": 0.0,
        "answer_chars_median": 0.0,
        "answer_chars_p90": 0.0,
        "repeated_unit_rate": 0.0,
        "routing_accuracy": 0.97,
    }


def test_the_maxima_are_metrics_that_exist() -> None:
    names = set(evaluate([], rank=lambda q, h: [], answer=lambda q, h: ANSWERS["q-a"]).metrics())
    assert names >= MAXIMA


def test_the_projects_gate_names_only_metrics_the_run_measures() -> None:
    _, thresholds = load_cases(PROJECT_ROOT / "eval" / "questions.yaml")
    assert thresholds, "the CI gate has no thresholds"
    measured = evaluate([], rank=lambda q, h: [], answer=lambda q, h: ANSWERS["q-a"]).metrics()
    assert set(thresholds) <= {*measured, "routing_accuracy"}


# ``rolebot eval --check`` end to end, on a small evaluation file of our own: one in-scope
# question it answers, one it refuses (a false refusal), one out-of-scope question. All are
# held out, because the gate applies to the held-out split.
CASES = [
    {
        "id": "tools",
        "question": "which MLOps tools should a lead know?",
        "sections": ["Requirements › Technical Skills"],
        "facts": ["MLflow"],
        "split": "heldout",
    },
    {
        "id": "refused-in-scope",
        "question": "who won the world cup?",
        "sections": ["Overview"],
        "facts": ["DevOps"],
        "split": "heldout",
    },
    {
        "id": "off-topic",
        "question": "what's the capital of Peru?",
        "out_of_scope": True,
        "split": "heldout",
    },
]


def run_eval(path: Path, *, check: bool) -> tuple[int, dict[str, float]]:
    """``rolebot eval --file PATH [--check]`` in this process: exit code and the printed
    held-out column (``name  tuning  held-out  [gate x]``)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["eval", "--file", str(path), *(["--check"] if check else [])])
    rows = re.finditer(r"^\s+(\w+)\s+[\d.]+\s+([\d.]+)(\s+gate [\d.]+)?$", out.getvalue(), re.M)
    return code, {m[1]: float(m[2]) for m in rows}


def write_eval(path: Path, thresholds: dict[str, float]) -> Path:
    path.write_text(yaml.safe_dump({"thresholds": thresholds, "questions": CASES}))
    return path


@pytest.fixture
def measured(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """What ``rolebot eval`` measures on CASES (no thresholds, so no gate)."""
    monkeypatch.setenv("ROLEBOT_DATA_DIR", str(data_dir))
    code, metrics = run_eval(write_eval(tmp_path / "measure.yaml", {}), check=True)
    assert code == 0
    assert metrics["false_refusals"] == pytest.approx(0.5)  # the CASES behave as designed
    assert metrics["hit_at_4"] > 0
    return metrics


@pytest.mark.slow
def test_eval_check_exits_1_when_a_metric_is_just_under_its_threshold_and_0_when_just_over(
    measured: dict[str, float], tmp_path: Path
) -> None:
    hit = measured["hit_at_4"]
    refusals = measured["false_refusals"]
    # Every metric the run measures, each just on the right side of its threshold (answer
    # lengths are printed in whole characters, so their margin is one character).
    passing = {
        name: value + (1 if name.startswith("answer_chars") else STEP)
        if name in MAXIMA
        else value - STEP
        for name, value in measured.items()
    }
    assert set(MINIMUMS) | MAXIMA <= set(passing)

    assert run_eval(write_eval(tmp_path / "pass.yaml", passing), check=True)[0] == 0
    for name, limit in [("hit_at_4", hit + STEP), ("false_refusals", refusals - STEP)]:
        failing = write_eval(tmp_path / f"fail-{name}.yaml", {**passing, name: limit})
        assert run_eval(failing, check=True)[0] == 1, name
        assert run_eval(failing, check=False)[0] == 0, name  # without --check it only reports


# What the metrics mean, on a small set of cases with a stand-in retriever and answerer.


def _answer(text: str, found: bool = True, scores: tuple[float, ...] = ()) -> Answer:
    sources = [Source(n, "T", f"S{n}", "t.md", score, "") for n, score in enumerate(scores, 1)]
    return Answer(text, found=found, mode="extractive", sources=sources)


RANKED = {
    "q-a": [("Elsewhere", False), ("S1 › Detail", False)],  # a subsection, second
    "q-b": [("S2", True)],  # a group chunk holding the expected subsection, first
    "q-c": [("X1", False), ("X2", False), ("X3", False), ("X4", False), ("S3", False)],
    "q-d": [],
    "q-e": [("S1", False)],
}
ANSWERS = {
    "q-a": _answer("ALPHA and Beta", scores=(0.3, 0.7)),
    "q-b": _answer("nothing useful"),
    "q-c": _answer("not covered", found=False),
    "q-d": _answer("not covered", found=False, scores=(0.1,)),
    "q-e": _answer("an answer anyway", scores=(0.2,)),
}
METRIC_CASES = [
    EvalCase("a", "q-a", history=["earlier"], sections=["S1"], facts=["alpha", "Beta"]),
    EvalCase("b", "q-b", sections=["S2 › Child"], facts=["gamma"]),
    EvalCase("c", "q-c", sections=["S3"]),
    EvalCase("d", "q-d", out_of_scope=True),
    EvalCase("e", "q-e", out_of_scope=True),
]


def test_evaluate_computes_each_metric_as_documented() -> None:
    seen: list[tuple[str, list[Turn]]] = []

    def rank(question: str, history: list[Turn]) -> list[tuple[str, bool]]:
        seen.append((question, history))
        return RANKED[question]

    result = evaluate(METRIC_CASES, rank=rank, answer=lambda q, h: ANSWERS[q])

    assert (result.in_scope, result.out_of_scope) == (3, 2)
    assert result.hit_at_4 == pytest.approx(2 / 3)  # c's section is ranked fifth
    assert result.mrr == pytest.approx((1 / 2 + 1 + 0) / 3)
    assert result.fact_recall == pytest.approx((1 + 0 + 1) / 3)  # case-insensitive; none = 1
    assert result.false_refusals == pytest.approx(1 / 3)
    assert result.refusal_rate == pytest.approx(1 / 2)
    assert result.top_similarity_in == [0.7, 0.0, 0.0]
    assert result.top_similarity_out == [0.1, 0.2]
    assert result.failures == [
        "b: missing facts gamma",
        "c: no expected section in top 4",
        "c: refused",
        "e: answered an out-of-scope question",
    ]
    assert seen[0] == ("q-a", [Turn("user", "earlier")])
    assert [q for q, _ in seen] == ["q-a", "q-b", "q-c", "q-d", "q-e"]


def test_evaluate_honours_k() -> None:
    result = evaluate(
        METRIC_CASES[2:3], rank=lambda q, h: RANKED[q], answer=lambda q, h: ANSWERS[q], k=5
    )
    assert (result.hit_at_4, result.mrr) == (1.0, pytest.approx(1 / 5))


def test_each_split_is_scored_on_its_own_cases_and_at_four() -> None:
    """What ``rolebot eval`` gates on: c's section, ranked fifth, is a miss for hit@4."""
    tuning = METRIC_CASES[2]
    heldout = EvalCase("c2", "q-a", sections=["S1"], facts=["alpha"], split="heldout")

    results = evaluate_splits(
        [tuning, heldout], rank=lambda q, h: RANKED[q], answer=lambda q, h: ANSWERS[q]
    )

    assert (results["tuning"].hit_at_4, results["tuning"].in_scope) == (0.0, 1)
    assert (results["heldout"].hit_at_4, results["heldout"].in_scope) == (1.0, 1)


NEW_ANSWERS = {
    "and for drift?": _answer("Drift is watched by the lead.", scores=(0.6,)),
    "who owns monitoring?": _answer("Monitoring belongs to the lead.", scores=(0.6,)),
    "and tools?": _answer("The same answer again.", scores=(0.6,)),
    "tools?": _answer("The same answer again.", scores=(0.6,)),
    "habits?": _answer("- Track model drift daily\n- Track model drift daily", scores=(0.5,)),
    "another role?": _answer("declined", found=False),
    "a tool how-to?": _answer("an answer anyway", scores=(0.4,)),
    "vacation weeks?": _answer("declined", found=False),
    "capital of Peru?": _answer("declined", found=False),
    "best pizza?": _answer("declined", found=False),
}
NEW_CASES = [
    EvalCase(
        "f1", "and for drift?", ["who owns monitoring?"], facts=["drift"], category="followup"
    ),
    EvalCase("f2", "and tools?", ["tools?"], category="followup"),  # repeats the last reply
    EvalCase("r", "habits?", facts=["drift"]),
    EvalCase("n1", "another role?", out_of_scope=True, category="near_miss"),
    EvalCase("n2", "a tool how-to?", out_of_scope=True, category="near_miss"),
    EvalCase("u", "vacation weeks?", out_of_scope=True, category="uncovered"),
    EvalCase("o", "capital of Peru?", out_of_scope=True, category="off_topic"),
    EvalCase("o2", "best pizza?", out_of_scope=True, category="off_topic"),
]


def test_the_answer_quality_metrics_count_what_they_say() -> None:
    asked: list[tuple[str, list[Turn]]] = []

    def answer(question: str, history: list[Turn]) -> Answer:
        asked.append((question, history))
        return NEW_ANSWERS[question]

    result = evaluate(NEW_CASES, rank=lambda q, h: [], answer=answer)

    assert result.followup_success == pytest.approx(1 / 2)  # f2 said the same thing again
    assert result.repeated_unit_rate == pytest.approx(1 / 3)  # "habits?" says a line twice
    assert result.near_miss_refusal == pytest.approx(1 / 2)
    assert result.uncovered_refusal == 1.0
    assert result.refusal_rate == pytest.approx(3 / 4)  # near misses and off-topic only
    lengths = sorted(
        len(NEW_ANSWERS[q].answer) for q in ("and for drift?", "and tools?", "habits?")
    )
    assert result.answer_chars_median == lengths[1]
    assert result.answer_chars_p90 == lengths[2]
    # The earlier reply a follow-up is compared with is asked with the history before it.
    assert ("who owns monitoring?", []) in asked
    assert "f2: follow-up repeated the previous reply" in result.failures
    assert any(f.startswith("r: repeats ") for f in result.failures)
    assert "n2: answered an out-of-scope question" in result.failures


def test_an_empty_set_scores_zero_instead_of_dividing_by_zero() -> None:
    result = evaluate([], rank=lambda q, h: [], answer=lambda q, h: ANSWERS["q-a"])
    assert set(result.metrics().values()) == {0.0}
    assert len(result.metrics()) == 11


@pytest.mark.parametrize(
    ("found", "expected", "group", "matches"),
    [
        ("Requirements", "Requirements", False, True),
        ("Requirements › Experience", "Requirements", False, True),  # a subsection answers
        ("Requirements", "Requirements › Experience", False, False),
        ("Requirements", "Requirements › Experience", True, True),  # a group holds it
        ("Requirements Extra", "Requirements", False, False),
        ("Requirements", "Requirements Extra › X", True, False),
        ("Overview", "Requirements", True, False),
    ],
)
def test_section_matches(found: str, expected: str, group: bool, matches: bool) -> None:
    assert section_matches(found, expected, group=group) is matches


def test_load_cases_reads_questions_with_defaults_and_the_thresholds(tmp_path: Path) -> None:
    path = tmp_path / "eval.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "thresholds": {"hit_at_4": 0.9, "false_refusals": "0.05"},
                "questions": [
                    {
                        "id": 7,
                        "question": "and for drift?",
                        "history": ["who owns monitoring?"],
                        "sections": ["Monitoring"],
                        "facts": ["drift"],
                    },
                    {"id": "off", "question": "capital of Peru?", "out_of_scope": True},
                ],
            }
        )
    )

    cases, thresholds = load_cases(path)

    assert thresholds == {"hit_at_4": 0.9, "false_refusals": 0.05}
    assert cases == [
        EvalCase("7", "and for drift?", ["who owns monitoring?"], ["Monitoring"], ["drift"]),
        EvalCase("off", "capital of Peru?", out_of_scope=True, category="off_topic"),
    ]
    assert cases[0].turns == [Turn("user", "who owns monitoring?")]


def test_an_eval_file_without_thresholds_gates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "eval.yaml"
    path.write_text(yaml.safe_dump({"questions": [{"id": "x", "question": "q"}]}))
    assert load_cases(path) == ([EvalCase("x", "q")], {})


def test_one_case_of_a_category_that_passes_scores_one() -> None:
    """Each rate is over its own category's cases: one near miss declined is 1.0."""
    cases = [
        EvalCase(
            "f", "and for drift?", ["who owns monitoring?"], facts=["drift"], category="followup"
        ),
        EvalCase("n", "another role?", out_of_scope=True, category="near_miss"),
    ]
    result = evaluate(cases, rank=lambda q, h: [], answer=lambda q, h: NEW_ANSWERS[q])
    assert (result.followup_success, result.near_miss_refusal) == (1.0, 1.0)


def test_a_follow_up_counts_only_when_it_answers_and_says_something_new() -> None:
    two_turns = ["what tools?", "who owns monitoring?"]
    answers = {**NEW_ANSWERS, "what tools?": _answer("MLflow.", scores=(0.5,))}
    asked: list[tuple[str, list[Turn]]] = []

    def answer(question: str, history: list[Turn]) -> Answer:
        asked.append((question, history))
        return answers[question]

    cases = [
        EvalCase("ok", "and for drift?", two_turns, facts=["drift"], category="followup"),
        EvalCase("same", "and tools?", ["tools?"], category="followup"),
        EvalCase("miss", "and for drift?", ["tools?"], facts=["kubeflow"], category="followup"),
    ]
    result = evaluate(cases, rank=lambda q, h: [], answer=answer)

    assert result.followup_success == pytest.approx(1 / 3)  # only "ok"
    # the earlier reply is asked with the turns before it, not fewer
    assert ("who owns monitoring?", [Turn("user", "what tools?")]) in asked


@pytest.mark.parametrize(
    ("text", "repeats"),
    [
        ("- Docker containers\n- Docker containers", ["Docker containers"]),  # two words
        ("- Python\n- Python", []),  # one word is not a statement
        # four of five words again: the same statement
        (
            "- alpha beta gamma delta epsilon\n- alpha beta gamma delta zeta",
            ["alpha beta gamma delta zeta"],
        ),
        ("- Cloud: AWS GCP Azure; AWS GCP Azure", ["AWS GCP Azure"]),  # a group line's parts
    ],
)
def test_a_repeated_statement_is_found(text: str, repeats: list[str]) -> None:
    assert repeated_units(text) == repeats


def test_evaluate_splits_honours_k() -> None:
    results = evaluate_splits(
        [METRIC_CASES[2]], rank=lambda q, h: RANKED[q], answer=lambda q, h: ANSWERS[q], k=5
    )
    assert results["tuning"].hit_at_4 == 1.0  # c's section, fifth, counts at k=5


@pytest.mark.parametrize(
    ("question", "error"),
    [
        (
            {"id": "q9", "question": "q", "category": "chitchat"},
            "q9 has category 'chitchat'; use one of",
        ),
        (
            {"id": "q8", "question": "q", "split": "test"},
            "q8 has split 'test'; use 'heldout' or omit it.",
        ),
    ],
)
def test_a_bad_category_or_split_is_named_with_what_to_use(
    tmp_path: Path, question: dict[str, str], error: str
) -> None:
    path = tmp_path / "eval.yaml"
    path.write_text(yaml.safe_dump({"questions": [question]}))
    with pytest.raises(EvalFileError) as raised:
        load_cases(path)
    assert error in str(raised.value) and str(path) in str(raised.value)
    if "category" in question:
        assert "engineer" in str(raised.value) and "near_miss" in str(raised.value)


def test_a_case_keeps_the_category_it_was_given(tmp_path: Path) -> None:
    path = tmp_path / "eval.yaml"
    path.write_text(
        yaml.safe_dump({"questions": [{"id": "m", "question": "q", "category": "manager"}]}),
        encoding="utf-8",
    )
    assert load_cases(path)[0][0].category == "manager"


def test_rates_count_every_case_of_their_kind() -> None:
    answers = {
        "in-1": _answer("declined", found=False),
        "in-2": _answer("declined", found=False),
        "in-3": _answer("an answer", scores=(0.5,)),
        "unc-1": _answer("declined", found=False),
        "unc-2": _answer("an answer anyway", scores=(0.3,)),
    }
    cases = [
        EvalCase("a", "in-1"),
        EvalCase("b", "in-2"),
        EvalCase("c", "in-3"),
        EvalCase("u1", "unc-1", out_of_scope=True, category="uncovered"),
        EvalCase("u2", "unc-2", out_of_scope=True, category="uncovered"),
    ]
    result = evaluate(cases, rank=lambda q, h: [], answer=lambda q, h: answers[q])
    assert result.false_refusals == pytest.approx(2 / 3)
    assert result.uncovered_refusal == pytest.approx(1 / 2)


def test_p90_is_the_ninetieth_percentile_not_the_longest() -> None:
    lengths = list(range(100, 2100, 100))  # 20 answers, 100 to 2000 characters
    answers = {f"q{i}": _answer("x" * length, scores=(0.5,)) for i, length in enumerate(lengths)}
    cases = [EvalCase(f"c{i}", f"q{i}") for i in range(len(lengths))]
    result = evaluate(cases, rank=lambda q, h: [], answer=lambda q, h: answers[q])
    assert result.answer_chars_p90 < 2000
    assert result.answer_chars_p90 >= 1800


def test_section_headings_are_not_statements() -> None:
    assert (
        repeated_units(
            "Soft Skills [1]:\n- alpha beta gamma\nSoft Skills [2]:\n- delta epsilon zeta"
        )
        == []
    )


def test_a_subsection_does_not_match_its_parent_unless_the_hit_is_a_group() -> None:
    assert not section_matches("Requirements", "Requirements › Technical Skills")
    assert section_matches("Requirements", "Requirements › Technical Skills", group=True)


def test_a_category_that_contradicts_out_of_scope_is_named(tmp_path: Path) -> None:
    path = tmp_path / "eval.yaml"
    path.write_text(
        yaml.safe_dump({"questions": [{"id": "nm", "question": "q", "category": "near_miss"}]})
    )
    with pytest.raises(EvalFileError, match="nm is near_miss but out_of_scope is False"):
        load_cases(path)
