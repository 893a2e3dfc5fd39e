"""JSON log lines: one object per event, the agreed fields, and never what a user wrote."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Request
from bot.ops.logging import configure_logging, log_request
from bot.settings import load_settings

QUESTION = "does Priya Raman from the Zanzibar office need to know MLflow?"
USER = "priya.raman"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """Capture the configured handler's output; put the root logger back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # slack_bolt's App(name="rolebot") copies its logger's level onto the "rolebot" logger
    # (slack_bolt.logger.get_bolt_app_logger); Slack tests that ran earlier leave it set.
    package = logging.getLogger("rolebot")
    package_level = package.level
    package.setLevel(logging.NOTSET)
    out = io.StringIO()
    configure_logging(load_settings(log_level="DEBUG"), stream=out)
    yield out
    package.setLevel(package_level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_request_line_has_the_agreed_fields(stream: io.StringIO) -> None:
    log_request(
        logging.getLogger("rolebot.slack"),
        request_id="ev-123",
        platform="slack",
        intent="question",
        outcome="answered",
        seconds=0.2345,
        mode="extractive",
    )
    (line,) = lines(stream)
    assert line["level"] == "INFO" and line["logger"] == "rolebot.slack"
    assert line["event"] == "request handled"
    assert line["request_id"] == "ev-123" and line["platform"] == "slack"
    assert line["intent"] == "question" and line["mode"] == "extractive"
    assert line["latency_ms"] == 234.5
    assert line["ts"].endswith("+00:00")


def test_question_and_user_name_never_reach_the_log(stream: io.StringIO) -> None:
    log = logging.getLogger("rolebot.test")
    log.info("question %r from %s", QUESTION, USER, extra={"text": QUESTION, "user": USER})
    try:
        raise ValueError(f"could not parse {QUESTION}")
    except ValueError:
        log.exception("request failed", extra={"request_id": "ev-9"})
    output = stream.getvalue()
    assert "Priya" not in output and "Zanzibar" not in output and USER not in output
    first, second = lines(stream)
    assert first["event"] == "question %r from %s"
    assert second["error"] == "ValueError" and second["request_id"] == "ev-9"
    assert any("test_question_and_user_name" in frame for frame in second["stack"])


def test_tokens_written_into_a_message_are_redacted(stream: io.StringIO) -> None:
    logging.getLogger("rolebot.test").warning("auth failed for xoxb-1234-5678-abcdef")
    (line,) = lines(stream)
    assert "xoxb-1234" not in line["event"] and "[redacted]" in line["event"]


def test_a_real_failed_request_logs_json_without_the_question(
    stream: io.StringIO, tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    bot = build_rolebot(load_settings(data_dir=tmp_path / "no-index"), embedder=embedder)
    bot.handle(Request(text=QUESTION, platform="slack"))  # no index: logs a warning
    records = lines(stream)
    assert any(r["logger"] == "rolebot.service" and r["level"] == "WARNING" for r in records)
    assert "Priya" not in stream.getvalue() and "Zanzibar" not in stream.getvalue()
