"""JSON log lines: one bounded object per event, the agreed fields, references and ports
kept, and never what a user wrote, whoever logged it."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

import bot.service
from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import ErrorReply, Request
from bot.ops.logging import LogSafe, error_reference, log_request
from bot.settings import load_settings
from tests.conftest import JsonLog

QUESTION = "does Priya Raman from the Zanzibar office need to know MLflow?"
USER = "priya.raman"
# A record made by rolebot's own code: the formatter tells it apart by its source file.
OWN_FILE = bot.service.__file__


def emit(
    logger: str, msg: object, *args: object, pathname: str = OWN_FILE, **kwargs: object
) -> None:
    """Log as if from ``pathname`` (rolebot's own code, or a library's)."""
    log = logging.getLogger(logger)
    record = log.makeRecord(
        logger, logging.INFO, pathname, 1, msg, args, kwargs.get("exc_info"), extra=None
    )
    log.handle(record)


def test_request_line_has_the_agreed_fields(json_log: JsonLog) -> None:
    log_request(
        logging.getLogger("rolebot.slack"),
        request_id="ev-123",
        platform="slack",
        intent="question",
        outcome="answered",
        seconds=0.2345,
        mode="extractive",
    )
    (line,) = json_log.lines()
    assert line["level"] == "INFO" and line["logger"] == "rolebot.slack"
    assert line["event"] == "request handled"
    assert line["request_id"] == "ev-123" and line["platform"] == "slack"
    assert line["intent"] == "question" and line["mode"] == "extractive"
    assert line["latency_ms"] == 234.5
    assert line["ts"].endswith("+00:00")


def test_question_and_user_name_never_reach_the_log(json_log: JsonLog) -> None:
    emit("rolebot.test", "question %r from %s", QUESTION, USER)
    log = logging.getLogger("rolebot.test")
    log.info("question", extra={"text": QUESTION, "user": USER})
    try:
        raise ValueError(f"could not parse {QUESTION}")
    except ValueError:
        log.exception("request failed", extra={"request_id": "ev-9"})
    output = json_log.getvalue()
    assert "Priya" not in output and "Zanzibar" not in output and USER not in output
    first, _, third = json_log.lines()
    assert first["event"] == "question [hidden] from [hidden]"
    assert third["error"] == "ValueError" and third["request_id"] == "ev-9"
    assert any("test_question_and_user_name" in frame for frame in third["stack"])


def test_references_ports_and_exception_types_reach_the_log(json_log: JsonLog) -> None:
    ref = error_reference()
    emit("rolebot.slack", "slack reply failed (ref %s): %s", ref, "TimeoutError")
    emit("rolebot.serve", "listening on http://%s:%d%s", LogSafe("0.0.0.0"), 3000, LogSafe("/x"))
    emit("rolebot.serve", "index unavailable: %s", KeyError("Priya"))

    reply, listening, unavailable = (line["event"] for line in json_log.lines())
    assert reply == f"slack reply failed (ref {ref}): TimeoutError"
    assert listening == "listening on http://0.0.0.0:3000/x"
    assert unavailable == "index unavailable: KeyError"


def test_a_library_message_keeps_its_words_and_drops_the_body(json_log: JsonLog) -> None:
    body = '{"event": {"text": "' + QUESTION + '"}}' + "x" * 5_000_000
    emit(
        "slack_bolt.App",
        "Invalid request signature detected (signature: v0=1, timestamp: 1, body: " + body + ")",
        pathname="/site-packages/slack_bolt/middleware/request_verification.py",
    )
    emit("aiohttp.access", body, pathname="/site-packages/aiohttp/web_log.py")

    first, second = json_log.lines()
    assert first["event"] == "Invalid request signature detected"
    assert second["event"] == "[hidden]"
    assert "Priya" not in json_log.getvalue()
    assert len(json_log.getvalue()) < 1_000


def test_tokens_written_into_a_message_are_redacted(json_log: JsonLog) -> None:
    emit("rolebot.test", "auth failed for xoxb-1234-5678-abcdef")
    (line,) = json_log.lines()
    assert "xoxb-1234" not in line["event"] and "[redacted]" in line["event"]


def test_every_line_is_bounded(json_log: JsonLog) -> None:
    emit("rolebot.test", "x" * 100_000)
    (line,) = json_log.lines()
    assert len(line["event"]) <= 300


def test_an_uncaught_exception_in_a_thread_is_a_json_line(json_log: JsonLog) -> None:
    def crash() -> None:
        raise RuntimeError(QUESTION)

    thread = threading.Thread(target=crash)
    thread.start()
    thread.join()

    [line] = json_log.lines()
    assert line["level"] == "ERROR" and line["error"] == "RuntimeError"
    assert any("crash" in frame for frame in line["stack"])
    assert "Priya" not in json_log.getvalue()


def test_a_user_facing_reference_finds_its_log_line(
    json_log: JsonLog, tmp_path: Path, embedder: MiniLMEmbeddings, data_dir: Path
) -> None:
    bot = build_rolebot(load_settings(data_dir=data_dir), embedder=embedder)

    def broken_router(request: Request) -> None:
        raise RuntimeError(request.text)

    bot.router = broken_router  # a bug in a feature, with the question in its message
    reply = bot.handle(Request(text=QUESTION, platform="slack"))

    assert isinstance(reply, ErrorReply)
    ref = reply.text.split("reference ")[1].split(")")[0]
    [line] = [r for r in json_log.lines() if ref in r["event"]]
    assert line["logger"] == "rolebot.service" and line["error"] == "RuntimeError"
    assert "Priya" not in json_log.getvalue()


def test_a_real_failed_request_logs_json_without_the_question(
    json_log: JsonLog, tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    bot = build_rolebot(load_settings(data_dir=tmp_path / "no-index"), embedder=embedder)
    bot.handle(Request(text=QUESTION, platform="slack"))  # no index: logs a warning
    records = json_log.lines()
    assert any(r["logger"] == "rolebot.service" and r["level"] == "WARNING" for r in records)
    assert "Priya" not in json_log.getvalue() and "Zanzibar" not in json_log.getvalue()


@pytest.mark.parametrize("level", ["DEBUG", "INFO"])
def test_the_level_setting_applies(level: str, json_log: JsonLog) -> None:
    from bot.ops.logging import configure_logging

    configure_logging(load_settings(log_level=level), stream=json_log)
    logging.getLogger("rolebot.test").debug("detail")
    assert bool(json_log.getvalue()) == (level == "DEBUG")
