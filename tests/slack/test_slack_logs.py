"""What the Slack server writes to its logs under hostile requests: JSON, bounded, no text."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from bot.models import HelpReply
from tests.conftest import JsonLog
from tests.slack.conftest import CannedBot
from tests.slack.harness import SlackClientSide

SECRET = "is my colleague Bob underpaid"
MAX_LINE = 4_000


@pytest.fixture(autouse=True)
def _libraries_log_everything() -> Iterator[None]:
    """Whatever level other code left on bolt's and slack_sdk's loggers, log all of it here:
    the promise holds at any level."""
    loggers = [logging.getLogger(n) for n in ("rolebot.slack.bolt", "slack_bolt", "slack_sdk")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def _check(json_log: JsonLog, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    """Every line JSON and short, no message text anywhere, nothing printed beside the log."""
    lines = json_log.lines()
    assert all(len(line) <= MAX_LINE for line in json_log.getvalue().splitlines())
    assert "Bob" not in json_log.getvalue()
    printed = capsys.readouterr().err
    assert "Traceback" not in printed and "Bob" not in printed
    return lines


def test_bad_signature_logs_no_body(
    start_slack, json_log: JsonLog, capsys: pytest.CaptureFixture[str]
) -> None:
    slack: SlackClientSide = start_slack(CannedBot(HelpReply("hi")))
    body = slack.event_body(
        {"type": "message", "channel_type": "im", "text": SECRET, "user": "U1", "ts": "1.0"},
        event_id="Ev1",
    )

    forged = slack.post(body, "application/json", signature="v0=" + "0" * 64)

    assert forged.status == 401
    lines = _check(json_log, capsys)
    assert any(str(line["event"]).startswith("slack request refused (401") for line in lines)


def test_unsigned_5_mb_post_writes_one_short_line(
    start_slack, json_log: JsonLog, capsys: pytest.CaptureFixture[str]
) -> None:
    slack: SlackClientSide = start_slack(CannedBot(HelpReply("hi")))
    body = json.dumps({"type": "event_callback", "event": {"text": SECRET + "x" * 5_000_000}})

    result = slack.post(body, "application/json", signed=False)

    assert 400 <= result.status < 500
    _check(json_log, capsys)
    assert len(json_log.getvalue()) < 10_000


@pytest.mark.parametrize("body", ["{bad " + SECRET, "[]", "null", "payload=%7B" + SECRET])
def test_malformed_signed_bodies_log_json_not_tracebacks(
    start_slack, json_log: JsonLog, capsys: pytest.CaptureFixture[str], body: str
) -> None:
    slack: SlackClientSide = start_slack(CannedBot(HelpReply("hi")))
    content_type = "application/x-www-form-urlencoded" if "=" in body else "application/json"

    result = slack.post(body, content_type)

    assert result.status < 600  # 4xx is the reliability fix's; here: what reaches the log
    _check(json_log, capsys)
