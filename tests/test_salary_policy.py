"""The salary allow-list, enforced by the engine on every reply: what a requester not on
it gets back (and that the CLI and people on it are unaffected)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, ErrorReply, JobDescription, Request, SalaryResult
from bot.salary_policy import SalaryPolicy, carries_pay_figure, withhold_figures
from bot.service import RoleBot
from bot.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
FACTORS = "why is the compensation attractive, and how high does it go?"


@pytest.mark.parametrize(
    "text",
    [
        "- Average US Salary: $137,700 per year",
        "Salaries can range from $165,000 to $207,125, depending on location.",
        "The typical base is 190,000 a year.",
        "Expect around 180k base plus bonus.",
        "Pay is USD 150000 for this level.",
        "€90.000 in Berlin",
    ],
)
def test_pay_figures_are_recognised(text: str) -> None:
    assert carries_pay_figure(text)


@pytest.mark.parametrize(
    "text",
    [
        "The MLOps market is projected to grow from $1.1 billion in 2022 to $5.9 billion.",
        "3-6 years of experience, with at least 18 months focused on MLOps",
        "Salary Ranges (US Market, 2024)",
        "Clusters of 1,000 nodes on Kubernetes",
        "Performance bonuses",
    ],
)
def test_other_numbers_are_not_pay_figures(text: str) -> None:
    assert not carries_pay_figure(text)


def test_only_the_sentence_with_the_figure_goes() -> None:
    line = (
        "The career path runs to Director of MLOps. Salaries range from $165,000 to "
        "$207,125, depending on location. [1]"
    )
    text, removed = withhold_figures(f"Career Path and Salary [1]:\n- {line}")
    assert removed
    assert text == "Career Path and Salary [1]:\n- The career path runs to Director of MLOps."


def test_a_heading_left_empty_goes_with_it() -> None:
    text, _ = withhold_figures(
        "Factors [1]:\n- Experience matters.\nMLOps Team Lead [2]:\n- Average US Salary: $137,700"
    )
    assert text == "Factors [1]:\n- Experience matters."


def _request(platform: str, user: str | None = None, channel: str | None = None) -> Request:
    return Request(text="x", platform=platform, user_id=user, channel_id=channel)


def test_allow_lists_per_platform_and_the_cli_unrestricted() -> None:
    policy = SalaryPolicy(
        users={"slack": frozenset({"UHR"}), "teams": frozenset({"aad-hr"})},
        channels={"slack": frozenset({"CHR"})},
    )
    assert policy.allows(_request("slack", "UHR", "C1"))
    assert policy.allows(_request("slack", "U1", "CHR"))
    assert not policy.allows(_request("slack", "U1", "C1"))
    assert not policy.allows(_request("slack"))  # no identity: not on any list
    assert policy.allows(_request("teams", "aad-hr"))
    assert not policy.allows(_request("teams", "UHR"))  # a Slack id means nothing on Teams
    assert policy.allows(_request("cli"))
    assert SalaryPolicy().allows(_request("slack", "anyone"))


def test_a_slack_list_alone_restricts_teams_too() -> None:
    policy = SalaryPolicy.from_settings(load_settings(salary_allowed_users=["UHR"]))
    assert not policy.allows(_request("teams", "aad-anyone", "19:general@thread.tacv2"))


@pytest.fixture
def restricted_bot(settings: Settings, embedder: MiniLMEmbeddings) -> RoleBot:
    configured = settings.model_copy(update={"salary_allowed_users": ["UALLOWED"]})
    return build_rolebot(configured, embedder=embedder)


def _ask(bot: RoleBot, text: str, user: str, intent: str | None = None) -> object:
    request = Request(
        text=text,
        platform="slack",
        user_id=user,
        channel_id="D1",
        intent=intent,  # type: ignore[arg-type]
    )
    return bot.handle(request)


def test_answer_for_someone_not_allowed_keeps_the_rest_and_says_why(
    restricted_bot: RoleBot,
) -> None:
    allowed = _ask(restricted_bot, FACTORS, "UALLOWED")
    refused = _ask(restricted_bot, FACTORS, "UNOTALLOWED")

    assert isinstance(allowed, Answer) and "$131,158" in allowed.answer
    assert isinstance(refused, Answer)
    assert "$" not in refused.answer and "131,158" not in refused.answer
    assert "highest-paid" in refused.answer  # the rest of the answer is still there
    assert refused.note is not None and "restricted" in refused.note
    assert all("$" not in s.text for s in refused.sources)


def test_job_description_for_someone_not_allowed_has_no_compensation_figures(
    restricted_bot: RoleBot,
) -> None:
    role = "lead mlops engineer, new york"
    allowed = _ask(restricted_bot, role, "UALLOWED", "job_description")
    refused = _ask(restricted_bot, role, "UNOTALLOWED", "job_description")

    assert isinstance(allowed, JobDescription) and "$" in allowed.markdown
    assert isinstance(refused, JobDescription)
    assert "$" not in refused.markdown
    # The posting keeps its pay section as a placeholder for someone who may see figures.
    compensation = refused.markdown.split("## Compensation\n", 1)[1].split("\n## ", 1)[0]
    assert compensation.strip().startswith("[TODO:") and "restricted" in compensation
    assert refused.markdown.startswith("# Lead MLOps Engineer\n")
    assert "## Responsibilities" in refused.markdown
    assert all("$" not in n for n in refused.notes)
    assert any("restricted" in n for n in refused.notes)
    (pay,) = [s for s in refused.sections if s.heading == "Compensation"]
    assert not pay.bullets and not pay.paragraph and "restricted" in pay.placeholders[0]
    assert all("$" not in b.text for s in refused.sections for b in s.bullets)


def test_salary_lookup_for_someone_not_allowed_is_refused_politely(
    restricted_bot: RoleBot,
) -> None:
    assert isinstance(
        _ask(restricted_bot, "lead mlops engineer new york", "UALLOWED", "salary"), SalaryResult
    )
    refused = _ask(restricted_bot, "lead mlops engineer new york", "UNOTALLOWED", "salary")
    assert isinstance(refused, ErrorReply) and "restricted" in refused.text


def test_cli_still_shows_figures_with_an_allow_list_set(data_dir: Path, tmp_path: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ROLEBOT_", "SLACK_"))
    }
    env |= {"ROLEBOT_DATA_DIR": str(data_dir), "ROLEBOT_SALARY_ALLOWED_USERS": "UALLOWED"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", FACTORS, "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert "$131,158" in answer["answer"] and "note" not in answer
