"""What each kind of reply adds to the metrics the adapters record."""

from __future__ import annotations

import pytest

from bot.models import Answer, ErrorReply, HelpReply, Source
from bot.ops.metrics import RoleBotMetrics

SOURCE = Source(1, "Lead MLOps Engineer", "Requirements › MLOps Tools", "guide.md", 0.62, "MLflow")


@pytest.fixture
def metrics() -> RoleBotMetrics:
    return RoleBotMetrics()


def value(metrics: RoleBotMetrics, name: str, **labels: str) -> float:
    found = metrics.registry.get_sample_value(name, labels)
    return 0.0 if found is None else found


def requests(metrics: RoleBotMetrics, platform: str, intent: str, outcome: str) -> float:
    labels = {"platform": platform, "intent": intent, "outcome": outcome}
    return value(metrics, "rolebot_requests_total", **labels)


def test_refusal_counts_as_request_and_refusal_without_a_score(metrics: RoleBotMetrics) -> None:
    metrics.observe_reply("teams", "question", Answer("not covered", False, "extractive"), 0.05)
    assert requests(metrics, "teams", "question", "refused") == 1.0
    assert value(metrics, "rolebot_refusals_total", platform="teams") == 1.0
    assert value(metrics, "rolebot_retrieval_top_score_count") == 0.0


def test_llm_answer_counts_an_llm_call_and_its_top_score(metrics: RoleBotMetrics) -> None:
    metrics.observe_reply("slack", "question", Answer("MLflow [1]", True, "llm", [SOURCE]), 1.5)
    assert value(metrics, "rolebot_llm_calls_total", platform="slack") == 1.0
    assert value(metrics, "rolebot_llm_fallbacks_total", platform="slack") == 0.0
    assert value(metrics, "rolebot_retrieval_top_score_sum") == pytest.approx(0.62)
    bucket = {"platform": "slack", "intent": "question", "le": "2.0"}
    assert value(metrics, "rolebot_answer_latency_seconds_bucket", **bucket) == 1.0


def test_quoted_answer_with_a_degradation_note_counts_a_fallback(metrics: RoleBotMetrics) -> None:
    reply = Answer("MLflow [1]", True, "extractive", [SOURCE], note="Generation was unavailable")
    metrics.observe_reply("slack", "question", reply, 0.3)
    assert value(metrics, "rolebot_llm_fallbacks_total", platform="slack") == 1.0
    assert value(metrics, "rolebot_llm_calls_total", platform="slack") == 0.0


def test_plain_extractive_answer_is_neither_llm_call_nor_fallback(metrics: RoleBotMetrics) -> None:
    metrics.observe_reply(
        "cli", "question", Answer("MLflow [1]", True, "extractive", [SOURCE]), 0.1
    )
    assert value(metrics, "rolebot_llm_fallbacks_total", platform="cli") == 0.0
    assert value(metrics, "rolebot_llm_calls_total", platform="cli") == 0.0


def test_error_and_help_replies_have_their_own_outcomes(metrics: RoleBotMetrics) -> None:
    metrics.observe_reply("slack", "question", ErrorReply("index unavailable"), 0.01)
    metrics.observe_reply("slack", "help", HelpReply("I answer…"), 0.0)
    assert requests(metrics, "slack", "question", "error") == 1.0
    assert requests(metrics, "slack", "help", "help") == 1.0


def test_feedback_and_deduplicated_retries_are_counted(metrics: RoleBotMetrics) -> None:
    metrics.observe_feedback("teams", "down")
    metrics.observe_duplicate("slack")
    metrics.observe_duplicate("slack")
    assert value(metrics, "rolebot_feedback_total", platform="teams", vote="down") == 1.0
    assert value(metrics, "rolebot_duplicate_deliveries_total", platform="slack") == 2.0


def test_two_metric_sets_do_not_share_counts() -> None:
    first, second = RoleBotMetrics(), RoleBotMetrics()
    first.observe_duplicate("slack")
    assert value(second, "rolebot_duplicate_deliveries_total", platform="slack") == 0.0
