"""Optional allow-lists: workspaces the bot serves, people and channels allowed salaries."""

from __future__ import annotations

from bot.models import HelpReply, SalaryResult
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import CannedBot, with_slack
from tests.slack.harness import CHANNEL, visible_text

SALARY = SalaryResult(query="lead mlops engineer", found=True, message="Figures for you.")


def test_workspace_not_on_the_allow_list_gets_a_polite_refusal(
    start_slack, fake_slack: FakeSlack, settings
) -> None:
    bot = CannedBot(HelpReply("answer"))
    slack = start_slack(bot, with_slack(settings, fake_slack, slack_allowed_teams=["TOTHER"]))

    result, _ = slack.command("/ask", "anything")
    dm = slack.user_message("anything", channel="D1", channel_type="im")
    slack.event(dm)

    assert "isn't enabled for your workspace" in result.json()["text"]
    fake_slack.wait_for(lambda: slack.bot_messages("D1", dm["ts"]), what="a refusal")
    [refusal] = slack.bot_messages("D1", dm["ts"])
    assert "isn't enabled for your workspace" in refusal["text"]
    assert bot.requests == []


def test_allowed_workspace_is_served(start_slack, fake_slack: FakeSlack, settings) -> None:
    slack = start_slack(
        CannedBot(HelpReply("answer")), with_slack(settings, fake_slack, slack_allowed_teams=["T1"])
    )
    _, reply_to = slack.command("/ask", "anything")
    [response] = slack.wait_responses(reply_to)
    assert response["text"] == "answer"


def test_salary_command_from_someone_not_allowed_is_refused_without_asking_the_engine(
    start_slack, fake_slack: FakeSlack, settings
) -> None:
    bot = CannedBot(SALARY)
    restricted = with_slack(
        settings, fake_slack, salary_allowed_users=["UHR"], salary_allowed_channels=["CHR"]
    )
    slack = start_slack(bot, restricted)

    refused, _ = slack.command("/salary", "lead mlops engineer", user="U1", channel=CHANNEL)
    _, by_user = slack.command("/salary", "lead mlops engineer", user="UHR", channel=CHANNEL)
    _, in_channel = slack.command("/salary", "lead mlops engineer", user="U1", channel="CHR")

    assert "salary figures are restricted" in refused.json()["text"]
    assert "Figures for you." in visible_text(slack.wait_responses(by_user)[0])
    assert "Figures for you." in visible_text(slack.wait_responses(in_channel)[0])
    assert len(bot.requests) == 2


def test_salary_asked_by_mention_is_refused_outside_the_allow_list(
    start_slack, fake_slack: FakeSlack, settings
) -> None:
    slack = start_slack(
        CannedBot(SALARY), with_slack(settings, fake_slack, salary_allowed_channels=["CHR"])
    )
    question = slack.mention("salary lead mlops engineer")

    [answer] = slack.wait_answer(CHANNEL, question["ts"])
    assert "salary figures are restricted" in visible_text(answer)
    assert "Figures for you." not in visible_text(answer)
