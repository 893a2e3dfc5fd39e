"""When the LLM fails the user still gets a cited answer, and is told why; start-up checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_rolebot
from bot.cli import main
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.settings import Settings, load_settings
from tests.fakes.openai_server import FakeOpenAIServer, FakeReply
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import with_slack
from tests.slack.harness import CHANNEL, visible_text


def test_llm_failure_falls_back_to_a_quoted_answer_the_user_is_told_about(
    start_slack, fake_slack: FakeSlack, settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    with FakeOpenAIServer([FakeReply(status=500)]) as llm:
        configured = load_settings(data_dir=settings.data_dir, openai_base_url=llm.base_url)
        slack = start_slack(build_rolebot(configured, embedder=embedder))

        question = slack.mention("what does a lead MLOps engineer own for monitoring?")
        [answer] = slack.wait_answer(CHANNEL, question["ts"])

    text = visible_text(answer)
    assert llm.requests  # the LLM really was asked
    assert ":warning: Generation was unavailable" in text
    assert "[1] Lead MLOps Engineer" in text


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    ],
)
def test_serve_slack_refuses_to_start_without_its_secrets(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    missing: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert main(["serve", "slack"]) == 2

    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith(f"rolebot: {missing} is not set")


def test_serve_slack_refuses_a_token_slack_rejects(
    fake_slack: FakeSlack, settings: Settings, tmp_path: Path
) -> None:
    from pydantic import SecretStr

    from adapters.slack.server import serve
    from bot.errors import ConfigError
    from bot.feedback import FeedbackStore
    from bot.models import HelpReply
    from tests.slack.conftest import CannedBot

    rejected = with_slack(settings, fake_slack, slack_bot_token=SecretStr("xoxb-wrong"))
    with pytest.raises(ConfigError, match="Slack did not accept SLACK_BOT_TOKEN"):
        serve(rejected, CannedBot(HelpReply("x")), FeedbackStore(tmp_path / "f.db"), port=0)


def test_a_lone_surrogate_in_a_dm_gets_an_answer_not_an_index_error(
    slack, fake_slack: FakeSlack
) -> None:
    dm = slack.user_message(
        "what does a lead MLOps engineer own for monitoring? \ud800",
        channel="D1",
        channel_type="im",
    )
    assert slack.event(dm).status == 200  # json.dumps sends it as the escape "\ud800"

    [answer] = slack.wait_answer("D1", None)
    text = visible_text(answer)
    assert "[1] Lead MLOps Engineer" in text
    assert "index is unavailable" not in text
