"""``rolebot serve slack`` as a process: ops endpoints, metrics and JSON logs, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.slack_api import TOKEN, FakeSlack
from tests.slack.harness import CHANNEL, SIGNING_SECRET, SlackClientSide

QUESTION = "which MLOps tools should a lead know?"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


LISTENING = {
    "chat": "rolebot: listening on http://",
    "ops": "ops endpoints listening on port ",
}


def _bound_ports(log_path: Path, process: subprocess.Popen[str]) -> dict[str, int]:
    """The ports ``serve`` bound (asked for port 0), read from its JSON log lines.

    Each line is written once the socket is listening, so no probing or retrying is needed.
    """
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        lines = [json.loads(ln) for ln in log_path.read_text().splitlines() if ln.startswith("{")]
        ports = {
            name: line["port"]
            for line in lines
            for name, event in LISTENING.items()
            if str(line.get("event", "")).startswith(event)
        }
        if len(ports) == len(LISTENING):
            return ports
        if process.poll() is not None:
            raise AssertionError(f"serve exited early: {log_path.read_text()[-2000:]}")
        time.sleep(0.1)
    raise AssertionError(f"serve never said where it listens: {log_path.read_text()[-2000:]}")


@pytest.fixture
def served(data_dir: Path, tmp_path: Path) -> Iterator[tuple[SlackClientSide, int, Path]]:
    log_path = tmp_path / "serve.log"
    with FakeSlack() as fake, log_path.open("w") as log:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ROLEBOT_"))},
            "ROLEBOT_DATA_DIR": str(data_dir),
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.api_url,
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "slack", "--port", "0", "--ops-port", "0"],
            env=env,
            stdout=log,
            stderr=log,
            text=True,
        )
        try:
            ports = _bound_ports(log_path, process)
            assert _get(f"http://127.0.0.1:{ports['chat']}/healthz") == (200, "ok")
            assert _get(f"http://127.0.0.1:{ports['ops']}/healthz") == (200, "ok")
            url = f"http://127.0.0.1:{ports['chat']}/slack/events"
            yield SlackClientSide(url, fake), ports["ops"], log_path
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_served_bot_counts_answers_and_retries_and_logs_no_message_text(
    served: tuple[SlackClientSide, int, Path],
) -> None:
    slack, ops_port, log_path = served
    event = slack.user_message(f"<@UBOT> {QUESTION}", event_type="app_mention")
    first = slack.event(event, event_id="EvOps1")
    retry = slack.event(event, event_id="EvOps1", retry_num=1)
    assert first.status == retry.status == 200
    [answer] = slack.wait_answer(CHANNEL, event["ts"])
    assert "MLflow" in json.dumps(answer)

    status, ready = _get(f"http://127.0.0.1:{ops_port}/readyz")
    assert status == 200 and json.loads(ready)["ready"] is True
    # The engine is counted before its reply is posted, so the answer we saw is counted.
    metrics = _get(f"http://127.0.0.1:{ops_port}/metrics")[1]
    assert (
        'rolebot_requests_total{intent="question",outcome="answered",platform="slack"} 1.0'
        in metrics
    )
    assert 'rolebot_duplicate_deliveries_total{platform="slack"} 1.0' in metrics

    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    handled = [line for line in lines if line.get("event") == "request handled"]
    assert handled and handled[0]["platform"] == "slack" and handled[0]["intent"] == "question"
    assert QUESTION not in log_path.read_text()
