"""Optional allow-lists: workspaces the bot serves, people and channels allowed salaries."""

from __future__ import annotations

import re

import pytest

from bot.app import build_rolebot
from bot.models import HelpReply, SalaryResult
from tests.fakes.slack_api import BOT_USER_ID, FakeSlack
from tests.slack.conftest import CannedBot, with_slack
from tests.slack.harness import CHANNEL, SlackClientSide, visible_text

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


def test_someone_from_a_workspace_not_allowed_is_refused_in_a_shared_channel(
    start_slack, fake_slack: FakeSlack, settings
) -> None:
    """A Slack Connect channel: the app's own workspace (T1) is allowed, the person asking
    or clicking belongs to another one, which is not."""
    bot = CannedBot(HelpReply("answer"))
    slack = start_slack(bot, with_slack(settings, fake_slack, slack_allowed_teams=["T1"]))

    mention = slack.user_message(f"<@{BOT_USER_ID}> anything", event_type="app_mention")
    slack.event({**mention, "user_team": "TOTHER"})
    _, reply_to = slack.click_feedback("up:1", user_team="TOTHER")

    fake_slack.wait_for(lambda: slack.bot_messages(CHANNEL, mention["ts"]), what="a refusal")
    [refusal] = slack.bot_messages(CHANNEL, mention["ts"])
    assert "isn't enabled for your workspace" in refusal["text"]
    [response] = slack.wait_responses(reply_to)
    assert "isn't enabled for your workspace" in response["text"]
    assert bot.requests == []


# The reproduced leaks: with ROLEBOT_SALARY_ALLOWED_USERS=UALLOWED, UNOTALLOWED got figures
# through every one of these. The allow-list is the engine's, so these use the real one.
ALLOWED, NOT_ALLOWED = "UALLOWED", "UNOTALLOWED"
FIGURE = re.compile(r"\$\d|\d{3},\d{3}")


@pytest.fixture
def restricted(start_slack, fake_slack: FakeSlack, settings, embedder) -> SlackClientSide:
    configured = with_slack(settings, fake_slack, salary_allowed_users=[ALLOWED])
    return start_slack(build_rolebot(configured, embedder=embedder), configured)


def _command(slack: SlackClientSide, name: str, text: str, user: str) -> str:
    result, reply_to = slack.command(name, text, user=user)
    assert result.status == 200
    return "\n".join(visible_text(r) for r in slack.wait_responses(reply_to))


def _dm(slack: SlackClientSide, fake_slack: FakeSlack, text: str, user: str) -> str:
    channel = f"D{user}"
    message = slack.user_message(text, channel=channel, user=user, channel_type="im")
    assert slack.event(message).status == 200
    return "\n".join(visible_text(m) for m in slack.wait_answer(channel, None))


def test_ask_command_quotes_no_figures_to_someone_not_allowed(restricted) -> None:
    question = "salary lead mlops engineer new york"
    shown = _command(restricted, "/ask", question, NOT_ALLOWED)

    assert not FIGURE.search(shown), shown
    assert "salary figures are restricted" in shown.lower()
    assert FIGURE.search(_command(restricted, "/ask", question, ALLOWED))


def test_jd_command_drafts_without_compensation_figures_for_someone_not_allowed(
    restricted,
) -> None:
    shown = _command(restricted, "/jd", "lead mlops engineer, new york", NOT_ALLOWED)

    assert not FIGURE.search(shown), shown
    assert "*Responsibilities*" in shown
    assert "no compensation figures" in shown
    assert FIGURE.search(_command(restricted, "/jd", "lead mlops engineer, new york", ALLOWED))


def test_jd_drafted_in_a_dm_has_no_figures_in_the_message_or_the_file(
    restricted, fake_slack: FakeSlack
) -> None:
    shown = _dm(restricted, fake_slack, "draft a jd for a lead mlops engineer", NOT_ALLOWED)
    [upload] = fake_slack.wait_for(lambda: fake_slack.calls_to("upload"), what="the JD file")

    assert "*Responsibilities*" in shown and not FIGURE.search(shown), shown
    markdown = upload.args["raw"].decode()
    assert "## Responsibilities" in markdown and not FIGURE.search(markdown)


def test_dm_answer_leaves_out_the_lines_with_figures_for_someone_not_allowed(
    restricted, fake_slack: FakeSlack
) -> None:
    question = "why is the compensation attractive, and how high does it go?"
    shown = _dm(restricted, fake_slack, question, NOT_ALLOWED)

    assert "131,158" not in shown and not FIGURE.search(shown), shown
    assert "highest-paid" in shown  # the rest of the answer is still there
    assert "salary figures are restricted" in shown.lower()
    assert "$131,158" in _dm(restricted, fake_slack, question, ALLOWED)


def test_salary_command_is_refused_politely_outside_the_allow_lists(
    start_slack, fake_slack: FakeSlack, settings, embedder
) -> None:
    configured = with_slack(
        settings, fake_slack, salary_allowed_users=["UHR"], salary_allowed_channels=["CHR"]
    )
    slack = start_slack(build_rolebot(configured, embedder=embedder), configured)
    query = "lead mlops engineer new york"

    _, refused = slack.command("/salary", query, user="U1", channel=CHANNEL)
    _, by_user = slack.command("/salary", query, user="UHR", channel=CHANNEL)
    _, in_channel = slack.command("/salary", query, user="U1", channel="CHR")

    refusal = visible_text(slack.wait_responses(refused)[0])
    assert "salary figures are restricted" in refusal and not FIGURE.search(refusal)
    assert "$190,000" in visible_text(slack.wait_responses(by_user)[0])
    assert "$190,000" in visible_text(slack.wait_responses(in_channel)[0])


def test_salary_asked_by_mention_is_refused_outside_the_allow_list(
    start_slack, fake_slack: FakeSlack, settings, embedder
) -> None:
    configured = with_slack(settings, fake_slack, salary_allowed_channels=["CHR"])
    slack = start_slack(build_rolebot(configured, embedder=embedder), configured)
    question = slack.mention("salary lead mlops engineer")

    [answer] = slack.wait_answer(CHANNEL, question["ts"])
    assert "salary figures are restricted" in visible_text(answer)
    assert not FIGURE.search(visible_text(answer))


def test_the_adapter_passes_who_asked_and_where_to_the_engine(start_slack) -> None:
    bot = CannedBot(SALARY)
    slack = start_slack(bot)

    _, reply_to = slack.command("/salary", "lead mlops engineer", user="U7", channel="C7")
    slack.wait_responses(reply_to)

    [request] = bot.requests
    assert (request.platform, request.user_id, request.channel_id) == ("slack", "U7", "C7")
