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
from bot.evaluation import below_thresholds, load_cases
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


def test_the_projects_gate_names_only_metrics_the_run_measures() -> None:
    _, thresholds = load_cases(PROJECT_ROOT / "eval" / "questions.yaml")
    assert thresholds, "the CI gate has no thresholds"
    assert set(thresholds) <= {*MINIMUMS, "false_refusals"}


# ``rolebot eval --check`` end to end, on a small evaluation file of our own: one in-scope
# question it answers, one it refuses (a false refusal), one out-of-scope question.
CASES = [
    {
        "id": "tools",
        "question": "which MLOps tools should a lead know?",
        "sections": ["Requirements › Technical Skills"],
        "facts": ["MLflow"],
    },
    {
        "id": "refused-in-scope",
        "question": "who won the world cup?",
        "sections": ["Overview"],
        "facts": ["DevOps"],
    },
    {"id": "off-topic", "question": "what's the capital of Peru?", "out_of_scope": True},
]


def run_eval(path: Path, *, check: bool) -> tuple[int, dict[str, float]]:
    """``rolebot eval --file PATH [--check]`` in this process: exit code and printed metrics."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["eval", "--file", str(path), *(["--check"] if check else [])])
    metrics = {
        m[1]: float(m[2]) for m in re.finditer(r"^\s+(\w+)\s+([\d.]+)$", out.getvalue(), re.M)
    }
    return code, metrics


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
    passing = {"hit_at_4": hit - STEP, "false_refusals": refusals + STEP}

    assert run_eval(write_eval(tmp_path / "pass.yaml", passing), check=True)[0] == 0
    for name, limit in [("hit_at_4", hit + STEP), ("false_refusals", refusals - STEP)]:
        failing = write_eval(tmp_path / f"fail-{name}.yaml", {**passing, name: limit})
        assert run_eval(failing, check=True)[0] == 1, name
        assert run_eval(failing, check=False)[0] == 0, name  # without --check it only reports
