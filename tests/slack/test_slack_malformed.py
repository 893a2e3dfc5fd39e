"""Malformed requests to the Slack endpoint get a 4xx and a one-line reason, never a 500.

Each input from the hardening pass is sent, signed the way Slack signs (HMAC-SHA256 over
``v0:timestamp:body``, as raw bytes) and unsigned, to the real HTTP server that
``rolebot serve slack`` runs (in this process, and as the process itself). A traceback
must reach neither the caller nor stderr.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.feedback import FeedbackStore
from bot.models import HelpReply
from tests.fakes.slack_api import TOKEN, FakeSlack
from tests.slack.conftest import CannedBot
from tests.slack.harness import SIGNING_SECRET, SlackClientSide

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"

MALFORMED = [
    pytest.param(b"{bad", JSON, id="broken-json"),
    pytest.param(b"[]", JSON, id="json-array"),
    pytest.param(b"null", JSON, id="json-null"),
    pytest.param(b"\xff\xfe{\x00", JSON, id="not-utf8"),
    pytest.param(b"payload=%7B", FORM, id="broken-payload"),
    pytest.param(b"payload=%5B%5D", FORM, id="payload-array"),
    pytest.param(b"[" * 5000 + b"]" * 5000, JSON, id="nested-5000-deep"),
    pytest.param(
        b'payload={"type":"block_actions","actions":"x","user":"U1"}', FORM, id="click-wrong-types"
    ),
    pytest.param(b'{"type":"event_callback","event":"x"}', JSON, id="event-not-object"),
]


def slack_signature(timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()


def send(
    url: str, body: bytes, content_type: str, *, signed: bool, timestamp: str | None = None
) -> tuple[int, str]:
    headers = {"Content-Type": content_type}
    if signed:
        ts = timestamp or str(int(time.time()))
        headers["X-Slack-Request-Timestamp"] = ts
        headers["X-Slack-Signature"] = slack_signature(ts, body)
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def slack(start_slack: Any) -> SlackClientSide:
    client: SlackClientSide = start_slack(CannedBot(HelpReply("answered")))
    return client


@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
def test_malformed_body_gets_a_4xx_without_a_traceback(
    slack: SlackClientSide,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str,
    signed: bool,
) -> None:
    with caplog.at_level(logging.DEBUG):
        status, text = send(slack.url, body, content_type, signed=signed)

    assert status == (400 if signed else 401)
    assert set(json.loads(text)) == {"error"}
    assert "Traceback" not in capfd.readouterr().err
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_signed_request_with_a_timestamp_that_is_not_a_number_gets_401(
    slack: SlackClientSide, capfd: pytest.CaptureFixture[str]
) -> None:
    body = json.dumps({"type": "event_callback", "event": {"type": "message"}}).encode()

    status, text = send(slack.url, body, JSON, signed=True, timestamp="abc")

    assert (status, json.loads(text)) == (401, {"error": "invalid request"})
    assert "Traceback" not in capfd.readouterr().err


def test_body_over_a_megabyte_is_refused_before_it_is_read(slack: SlackClientSide) -> None:
    status, text = send(slack.url, b"x" * (1024 * 1024 + 1), FORM, signed=True)

    assert (status, json.loads(text)) == (413, {"error": "request body too large"})


def test_well_formed_requests_still_reach_the_bot_after_malformed_ones(
    slack: SlackClientSide,
) -> None:
    for param in MALFORMED:
        body, content_type = param.values
        send(slack.url, body, content_type, signed=True)  # type: ignore[arg-type]

    _, reply_to = slack.command("/ask", "what is MLOps?")

    [response] = slack.wait_responses(reply_to)
    assert response["text"] == "answered"


# `rolebot serve slack` as a process: the same inputs, and a vote read from this process.


@pytest.fixture
def served_slack(data_dir: Path, tmp_path: Path) -> Iterator[tuple[SlackClientSide, Path]]:
    port = free_port()
    log_path = tmp_path / "serve-slack.log"
    with FakeSlack() as fake, log_path.open("w") as log:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ROLEBOT_"))},
            "ROLEBOT_DATA_DIR": str(data_dir),
            "ROLEBOT_METRICS_PORT": "0",
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.api_url,
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "slack", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "rolebot serve slack never came up"
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            yield SlackClientSide(f"{base}/slack/events", fake), log_path
        finally:
            process.terminate()
            process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_served_bot_answers_every_malformed_body_with_400_and_logs_no_traceback(
    served_slack: tuple[SlackClientSide, Path],
) -> None:
    slack, log_path = served_slack

    statuses = [send(slack.url, *p.values, signed=True)[0] for p in MALFORMED]  # type: ignore[misc]
    stale = send(slack.url, b"{}", JSON, signed=True, timestamp="abc")[0]

    assert statuses == [400] * len(MALFORMED) and stale == 401
    assert "Traceback" not in log_path.read_text()


def test_served_bot_has_stored_a_vote_when_its_200_arrives(
    served_slack: tuple[SlackClientSide, Path], data_dir: Path
) -> None:
    slack, _ = served_slack
    feedback = FeedbackStore(data_dir / "feedback.sqlite3")  # this process, its own connection
    answer_id = feedback.remember_answer(
        platform="slack", question="who owns monitoring?", sources=[], mode="extractive"
    )

    result, _ = slack.click("feedback_down", answer_id, user="U9")

    assert result.status == 200
    assert feedback.summary().down == 1


def test_slacks_unsigned_certificate_probe_is_still_answered(slack: SlackClientSide) -> None:
    status, _ = send(slack.url, b"ssl_check=1&token=legacy", FORM, signed=False)

    assert status == 200
