"""Salary follow-ups keep their intent: after a salary table, "what about a senior one?" is a
senior salary lookup with the earlier place, not a quoted answer; other follow-ups stay
questions. Every platform passes the thread as ``Request.history``, so this is tested at
``RoleBot.handle`` and through the CLI ``chat``; the adapters have their own tests."""

from __future__ import annotations

import io

import pytest

from bot.app import build_rolebot
from bot.cli import main
from bot.cli.render import format_reply
from bot.knowledge.documents import load_knowledge
from bot.models import Answer, Reply, Request, SalaryResult, Turn
from bot.routing import route, salary_exchange
from bot.salary import SALARY_TABLE_FILE, load_salary_table
from bot.service import RoleBot
from bot.settings import PROJECT_ROOT, Settings

FIRST = "how much does a lead MLOps engineer make in New York?"


@pytest.fixture(scope="module")
def roles() -> list[str]:
    knowledge = PROJECT_ROOT / "knowledge"
    return load_salary_table(knowledge / SALARY_TABLE_FILE, load_knowledge(knowledge)).role_terms()


@pytest.fixture
def bot(settings: Settings, embedder: object) -> RoleBot:
    return build_rolebot(settings, embedder=embedder)  # type: ignore[arg-type]


def _converse(bot: RoleBot, *texts: str) -> list[Reply]:
    """Each message with the turns before it, as a chat thread would send them."""
    history: list[Turn] = []
    replies = []
    for text in texts:
        reply = bot.handle(Request(text=text, history=list(history)))
        replies.append(reply)
        history += [Turn("user", text), Turn("assistant", format_reply(reply)[:500])]
    return replies


def test_what_about_a_senior_one_after_a_salary_table_is_a_senior_lookup(bot: RoleBot) -> None:
    first, follow_up = _converse(bot, FIRST, "what about a senior one?")
    assert isinstance(first, SalaryResult) and first.found
    assert isinstance(follow_up, SalaryResult) and follow_up.found
    assert {f.level for f in follow_up.ranges} == {"senior"}
    shown = format_reply(follow_up)
    assert "$172,820–$180,000" in shown
    # The place asked about first is carried over and answered honestly.
    assert "no salary figures for New York;" in shown
    assert shown != format_reply(first)


def test_and_in_new_york_keeps_the_earlier_role_and_level(bot: RoleBot) -> None:
    first, follow_up = _converse(bot, "what does a senior MLOps engineer make?", "and in New York?")
    assert isinstance(first, SalaryResult) and isinstance(follow_up, SalaryResult)
    assert {(f.role, f.level) for f in follow_up.ranges} == {("MLOps Engineer", "senior")}
    assert "New York" not in format_reply(first)
    assert "no salary figures for New York;" in format_reply(follow_up)


def test_a_follow_up_to_a_question_naming_no_level_keeps_the_role(bot: RoleBot) -> None:
    first, follow_up = _converse(bot, "what does an MLOps engineer make?", "and in Seattle?")
    assert isinstance(first, SalaryResult) and isinstance(follow_up, SalaryResult)
    assert follow_up.found
    assert {f.role for f in follow_up.ranges} == {f.role for f in first.ranges}
    assert "no salary figures for Seattle;" in format_reply(follow_up)


def test_a_chain_of_follow_ups_changes_only_what_each_names(bot: RoleBot) -> None:
    replies = _converse(
        bot, "senior mlops salary", "what about mid-level?", "and in the US?", "and globally?"
    )
    mid, us, global_ = replies[1], replies[2], replies[3]
    assert isinstance(mid, SalaryResult) and {f.level for f in mid.ranges} == {"mid-level"}
    assert isinstance(us, SalaryResult)
    assert [f.label for f in us.ranges] == ["Mid-level US range"]
    # No mid-level figure is global: the lookup says so rather than borrowing another level.
    assert isinstance(global_, SalaryResult)
    assert "no salary figures for Global;" in format_reply(global_)


def test_a_follow_up_that_asks_something_else_stays_a_question(bot: RoleBot) -> None:
    _, follow_up = _converse(bot, FIRST, "what skills do they need?")
    assert isinstance(follow_up, Answer) and follow_up.found


def test_without_a_salary_exchange_a_bare_level_is_not_a_salary_lookup(bot: RoleBot) -> None:
    _, follow_up = _converse(bot, "what does a lead MLOps engineer do?", "what about a senior one?")
    assert not isinstance(follow_up, SalaryResult)


def test_a_salary_reply_in_the_history_marks_the_exchange(roles: list[str]) -> None:
    """A slash command's text need not say "salary"; its reply does (Slack keeps only that)."""
    history = [
        Turn("user", "lead mlops engineer new york"),
        Turn("assistant", "Salary figures from the knowledge base for Lead MLOps Engineer."),
    ]
    assert salary_exchange(history, roles) == ["lead mlops engineer new york"]
    routed = route("what about mid-level?", roles, history)
    assert routed.intent == "salary" and routed.earlier == ("lead mlops engineer new york",)


def test_an_unrelated_exchange_in_between_ends_the_salary_exchange(roles: list[str]) -> None:
    history = [
        Turn("user", FIRST),
        Turn("assistant", "Salary figures from the knowledge base for Lead MLOps Engineer."),
        Turn("user", "what does a lead MLOps engineer own for monitoring?"),
        Turn("assistant", "Performance Monitoring and Optimization [1]: ..."),
    ]
    assert route("what about a senior one?", roles, history).intent == "question"


def test_thanks_in_between_does_not_end_the_salary_exchange(roles: list[str]) -> None:
    history = [
        Turn("user", FIRST),
        Turn("assistant", "Salary figures from the knowledge base for Lead MLOps Engineer."),
        Turn("user", "thanks!"),
        Turn("assistant", "Happy to help! Ask me anything else about the role."),
    ]
    routed = route("and in Seattle?", roles, history)
    assert routed.intent == "salary" and routed.earlier == (FIRST,)


@pytest.mark.parametrize(
    "text",
    [
        "what about a senior one?",
        "and in New York?",
        "what about mid-level?",
        "and in Berlin?",
        "what about remote?",  # asked like a place
    ],
)
def test_follow_ups_naming_only_a_level_or_place_are_salary_lookups(roles, text) -> None:
    history = [Turn("user", FIRST), Turn("assistant", "Salary figures from the knowledge base")]
    assert route(text, roles, history).intent == "salary"


@pytest.mark.parametrize(
    "text",
    [
        "what skills do they need?",
        "what about after lead?",
        "what about kubeflow?",
        "is remote work common?",
    ],
)
def test_follow_ups_asking_something_else_are_questions(roles, text) -> None:
    history = [Turn("user", FIRST), Turn("assistant", "Salary figures from the knowledge base")]
    assert route(text, roles, history).intent == "question"


def test_cli_chat_answers_the_follow_up_with_senior_figures(
    data_dir, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ROLEBOT_DATA_DIR", str(data_dir))
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{FIRST}\nwhat about a senior one?\nexit\n"))
    assert main(["chat"]) == 0
    # Piped input gets no prompts: the second reply starts at the senior figures' heading.
    out = capsys.readouterr().out
    first, senior, second = out.partition("MLOps Engineer (senior)")
    assert senior, out
    assert "$190,000–$230,000" in first
    assert "$172,820–$180,000" in second
    assert "$190,000–$230,000" not in second
