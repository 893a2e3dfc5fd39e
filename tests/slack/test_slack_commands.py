"""``/ask``, ``/salary`` and ``/jd``, the "Share in channel" button and JD files."""

from __future__ import annotations

import pytest

from bot.models import (
    JDBullet,
    JDSection,
    JobDescription,
    SalaryFigure,
    SalaryResult,
    SourceRef,
)
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import CannedBot
from tests.slack.harness import CHANNEL, SlackClientSide, buttons, feedback, visible_text

SOURCE = SourceRef("Lead MLOps Engineer", "Overview › Career Path and Salary")
SALARY = SalaryResult(
    query="lead mlops engineer",
    found=True,
    ranges=[
        SalaryFigure(
            role="Lead MLOps Engineer",
            level="lead",
            location="New York",
            label="base salary",
            low=165000,
            high=207125,
            currency="USD",
            period="year",
            year=2024,
            source=SOURCE,
        )
    ],
    notes=["Figures are base salary only."],
)
JD = JobDescription(
    title="Senior MLOps Engineer (Healthcare, Remote)",
    sections=[
        JDSection(
            heading="Responsibilities",
            bullets=[JDBullet("Own model monitoring & alerting <24/7>", SOURCE)],
        ),
        JDSection(heading="About the role", paragraph="You will run ML in production."),
    ],
    markdown="# Senior MLOps Engineer\n\n## Responsibilities\n- Own model monitoring\n",
)


def test_ask_command_answers_in_the_channel_with_sources(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    result, reply_to = slack.command("/ask", "what does a lead MLOps engineer own for monitoring?")

    assert result.status == 200
    [response] = slack.wait_responses(reply_to)
    assert response["response_type"] == "in_channel"
    assert "[1] Lead MLOps Engineer" in visible_text(response)
    assert set(feedback(response)) == {"up", "down"}


def test_salary_command_replies_privately_with_fields_and_a_share_button(
    start_slack, fake_slack: FakeSlack
) -> None:
    bot = CannedBot(SALARY)
    slack = start_slack(bot)

    _, reply_to = slack.command("/salary", "lead mlops engineer new york")

    [response] = slack.wait_responses(reply_to)
    assert response["response_type"] == "ephemeral"
    [request] = bot.requests
    assert (request.intent, request.text) == ("salary", "lead mlops engineer new york")
    fields = [f["text"] for b in response["blocks"] for f in b.get("fields") or []]
    assert "*Figure*\n$165,000–$207,125 a year (base salary, 2024)" in fields
    assert "*Location*\nNew York" in fields
    assert "Figures are base salary only." in visible_text(response)
    assert "share_reply" in buttons(response)


def test_share_button_posts_the_reply_in_the_channel_and_removes_the_private_one(
    start_slack, fake_slack: FakeSlack
) -> None:
    slack = start_slack(CannedBot(SALARY))
    _, reply_to = slack.command("/salary", "lead mlops engineer new york")
    [private] = slack.wait_responses(reply_to)

    result, click = slack.click("share_reply", buttons(private)["share_reply"], user="U7")

    assert result.status == 200
    shared, delete = slack.wait_responses(click, count=2)
    assert shared["response_type"] == "in_channel"
    assert "Shared by <@U7>" in visible_text(shared)
    assert "$165,000–$207,125" in visible_text(shared)
    assert "share_reply" not in buttons(shared)
    assert delete == {"delete_original": True}


def test_jd_command_passes_plain_word_options_and_renders_sections(
    start_slack, fake_slack: FakeSlack
) -> None:
    bot = CannedBot(JD)
    slack = start_slack(bot)

    _, reply_to = slack.command("/jd", "senior MLOps engineer, healthcare, remote")

    [response] = slack.wait_responses(reply_to)
    [request] = bot.requests
    assert request.intent == "job_description"
    assert request.text == "senior MLOps engineer, healthcare, remote"
    assert response["response_type"] == "ephemeral"
    assert response["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": JD.title, "emoji": True},
    }
    text = visible_text(response)
    assert "*Responsibilities*\n• Own model monitoring &amp; alerting &lt;24/7&gt;" in text
    assert "Lead MLOps Engineer › Overview › Career Path and Salary" in text
    assert "share_reply" in buttons(response)


def test_shared_job_description_is_attached_as_a_markdown_file(
    start_slack, fake_slack: FakeSlack
) -> None:
    slack = start_slack(CannedBot(JD))
    _, reply_to = slack.command("/jd", "senior MLOps engineer, healthcare, remote")
    [private] = slack.wait_responses(reply_to)

    slack.click("share_reply", buttons(private)["share_reply"])

    [complete] = fake_slack.wait_for(
        lambda: fake_slack.calls_to("files.completeUploadExternal"), what="file upload"
    )
    assert complete.args["channel_id"] == CHANNEL
    assert complete.args["files"][0]["title"] == JD.title
    [upload] = fake_slack.calls_to("upload")
    assert upload.args["raw"].decode() == JD.markdown


def test_job_description_from_a_mention_is_posted_in_the_thread_with_its_file(
    start_slack, fake_slack: FakeSlack
) -> None:
    slack = start_slack(CannedBot(JD))
    question = slack.mention("jd senior mlops engineer, healthcare, remote")

    [answer] = slack.wait_answer(CHANNEL, question["ts"])
    assert "*Responsibilities*" in visible_text(answer)
    [complete] = fake_slack.wait_for(
        lambda: fake_slack.calls_to("files.completeUploadExternal"), what="file upload"
    )
    assert complete.args["thread_ts"] == question["ts"]
    [get_url] = fake_slack.calls_to("files.getUploadURLExternal")
    assert get_url.args["filename"] == "senior-mlops-engineer-healthcare-remote.md"


@pytest.mark.parametrize("command", ["/ask", "/salary", "/jd"])
def test_every_command_says_it_is_working_at_once(
    start_slack, fake_slack: FakeSlack, command: str
) -> None:
    slack = start_slack(CannedBot(SALARY))
    result, reply_to = slack.command(command, "lead mlops engineer")
    assert result.status == 200
    assert result.json() == {
        "text": ":hourglass_flowing_sand: Working on it…",
        "response_type": "ephemeral",
    }
    slack.wait_responses(reply_to)


def test_salary_command_with_the_real_engine_shows_every_lead_figure_with_sources(
    slack: SlackClientSide,
) -> None:
    _, reply_to = slack.command("/salary", "lead mlops engineer new york")

    [response] = slack.wait_responses(reply_to)
    text = visible_text(response)
    for figure in ("$165,000–$207,125", "$190,000–$230,000", "$180,000–$244,210"):
        assert figure in text
    assert "New York" in text  # says plainly that no figure is specific to New York
    assert "Career Path and Salary" in text


def test_jd_command_with_the_real_engine_drafts_a_grounded_posting(
    slack: SlackClientSide,
) -> None:
    _, reply_to = slack.command("/jd", "senior MLOps engineer, healthcare, remote")

    [response] = slack.wait_responses(reply_to)
    text = visible_text(response)
    assert "Senior MLOps Engineer" in text
    assert "Responsibilities" in text and "MLflow" in text
    assert response["response_type"] == "ephemeral"


def test_jd_for_an_unknown_role_offers_no_share_button_and_uploads_nothing(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    _, reply_to = slack.command("/jd", "pastry chef")
    [response] = slack.wait_responses(reply_to)
    assert "I have no knowledge for the role “pastry chef”" in visible_text(response)
    assert "share_reply" not in buttons(response)

    question = slack.mention("jd pastry chef")
    [answer] = slack.wait_answer(CHANNEL, question["ts"])
    assert "I have no knowledge for the role" in visible_text(answer)
    barrier = slack.mention("hello")  # answered after any upload the first would have made
    slack.wait_answer(CHANNEL, barrier["ts"])
    assert fake_slack.calls_to("files.getUploadURLExternal") == []
    assert fake_slack.calls_to("files.completeUploadExternal") == []


def test_jd_from_a_mention_shows_placeholders_and_reviewer_notes_and_attaches_them(
    slack: SlackClientSide, fake_slack: FakeSlack
) -> None:
    question = slack.mention("draft a JD for a junior mlops engineer in austin")
    answer = slack.wait_answer(CHANNEL, question["ts"])
    text = "\n".join(visible_text(m) for m in answer)
    assert "[TODO: company name" in text
    assert "Reviewer notes" in text and "no salary figure for a Junior MLOps Engineer" in text
    fake_slack.wait_for(
        lambda: fake_slack.calls_to("files.completeUploadExternal"), what="file upload"
    )
    [upload] = fake_slack.calls_to("upload")
    saved = upload.args["raw"].decode()
    assert saved.startswith("# Junior MLOps Engineer\n")
    assert "## Reviewer notes — delete this block before posting" in saved
