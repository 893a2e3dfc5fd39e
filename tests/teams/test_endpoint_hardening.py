"""Hostile input to ``/api/messages``: 4xx not 500, local mode kept local, votes durable."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import requests

from adapters.teams.auth import listen_host
from bot.models import Answer, Source
from bot.settings import Settings
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.activities import message
from tests.teams.conftest import StartServer
from tests.teams.engines import RecordingEngine

pytestmark = pytest.mark.slow

ANSWER = Answer(
    "Monitoring is owned by the lead [1].",
    found=True,
    mode="extractive",
    sources=[
        Source(
            n=1,
            title="Lead MLOps Engineer",
            section="Monitoring",
            path="lead-mlops-engineer.md",
            score=0.9,
            text="The lead owns monitoring.",
        )
    ],
)
DEEP = b"[" * 5000 + b"]" * 5000


def card_action(value: Any, *, service_url: str) -> dict[str, Any]:
    """An ``adaptiveCard/action`` invoke, as Teams sends for an ``Action.Execute`` button."""
    return {
        **message(None, service_url=service_url),
        "type": "invoke",
        "name": "adaptiveCard/action",
        "value": value,
    }


def no_tracebacks(capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> bool:
    logged = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    return "Traceback" not in capfd.readouterr().err and not logged


@pytest.fixture
def engine() -> RecordingEngine:
    return RecordingEngine(ANSWER)


def test_json_nested_5000_deep_gets_400(
    connector: FakeBotConnector,
    start_server: StartServer,
    engine: RecordingEngine,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = start_server(engine)
    inside = json.dumps(message("hi", service_url=connector.url))[:-1].encode()

    with caplog.at_level(logging.INFO):
        top_level = server.post(data=DEEP)
        in_a_field = server.post(data=inside + b', "channelData": ' + DEEP + b"}")

    assert (top_level.status_code, in_a_field.status_code) == (400, 400)
    assert no_tracebacks(capfd, caplog)
    assert engine.requests == [] and connector.posted == []


@pytest.mark.parametrize("value", ["a string", None, 5, [], {"action": "x"}])
def test_card_action_invoke_with_a_malformed_value_gets_400(
    value: Any,
    connector: FakeBotConnector,
    start_server: StartServer,
    engine: RecordingEngine,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = start_server(engine)

    with caplog.at_level(logging.INFO):
        response = server.post(card_action(value, service_url=connector.url))

    assert response.status_code == 400
    assert response.json() == {
        "statusCode": 400,
        "type": "application/vnd.microsoft.error",
        "value": {
            "code": "BadRequest",
            "message": "The value of an adaptiveCard/action must hold an action.",
        },
    }
    assert no_tracebacks(capfd, caplog)
    assert engine.requests == [] and connector.posted == []


def test_card_action_rolebot_never_sends_gets_400_not_supported(
    connector: FakeBotConnector, start_server: StartServer, engine: RecordingEngine
) -> None:
    server = start_server(engine)
    execute = {"action": {"type": "Action.Execute", "verb": "refresh", "data": {}}}

    response = server.post(card_action(execute, service_url=connector.url))

    assert response.status_code == 400
    assert response.json()["value"]["code"] == "NotSupported"


def test_invoke_without_a_name_gets_400(
    connector: FakeBotConnector, start_server: StartServer, engine: RecordingEngine
) -> None:
    server = start_server(engine)
    invoke = card_action({}, service_url=connector.url)
    del invoke["name"]

    assert server.post(invoke).status_code == 400


def test_questions_are_answered_after_malformed_requests(
    connector: FakeBotConnector, start_server: StartServer, engine: RecordingEngine
) -> None:
    server = start_server(engine)
    server.post(data=DEEP)
    server.post(card_action("a string", service_url=connector.url))

    response = server.post(message("who owns monitoring?", service_url=connector.url))

    assert response.status_code == 201
    [reply] = connector.messages
    assert "Monitoring is owned by the lead" in reply.cards[0]["body"][0]["text"]


def test_vote_is_stored_by_the_time_teams_gets_the_http_response(
    connector: FakeBotConnector,
    start_server: StartServer,
    engine: RecordingEngine,
    settings: Settings,
) -> None:
    server = start_server(engine)
    server.post(message("who owns monitoring?", service_url=connector.url))
    [answer] = connector.messages
    down = answer.cards[0]["actions"][1]["data"]

    response = server.post(message(None, service_url=connector.url, value=down))

    assert response.status_code == 201
    with closing(sqlite3.connect(settings.feedback_path)) as db:  # another connection
        votes = db.execute("SELECT answer_id, voter, vote FROM votes").fetchall()
    assert votes == [(down["answer_id"], "aad-ada", "down")]


# Local mode (no MICROSOFT_APP_ID): an unauthenticated activity names the URL replies go to.


def test_local_mode_refuses_a_service_url_off_this_machine(
    connector: FakeBotConnector,
    start_server: StartServer,
    engine: RecordingEngine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = start_server(engine)

    metadata = server.post(message("hi", service_url="http://169.254.169.254/latest/"))
    elsewhere = server.post(message("hi", service_url="https://smba.trafficmanager.net/emea/"))

    assert (metadata.status_code, elsewhere.status_code) == (403, 403)
    assert "serves this machine only" in metadata.text
    assert engine.requests == []
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warned.count("local mode refused a request for another host or serviceUrl") == 2


def test_local_mode_refuses_a_request_addressed_to_another_host_name(
    connector: FakeBotConnector, start_server: StartServer, engine: RecordingEngine
) -> None:
    server = start_server(engine)  # e.g. a web page reaching 127.0.0.1 by DNS rebinding

    response = server.post(
        message("hi", service_url=connector.url), headers={"Host": "attacker.example"}
    )

    assert response.status_code == 403
    assert engine.requests == [] and connector.posted == []


def test_opting_in_lets_local_mode_reply_to_another_service_url(
    connector: FakeBotConnector,
    start_server: StartServer,
    engine: RecordingEngine,
    settings: Settings,
) -> None:
    remote = settings.model_copy(update={"teams_allow_anonymous_remote": True})
    server = start_server(engine, app_settings=remote)
    # 0.0.0.0 is not a loopback address, yet on Linux it reaches this machine's connector.
    not_loopback = connector.url.replace("127.0.0.1", "0.0.0.0")

    refused = start_server(engine).post(message("hi", service_url=not_loopback))
    allowed = server.post(message("hi", service_url=not_loopback))

    assert (refused.status_code, allowed.status_code) == (403, 201)
    assert len(connector.messages) == 1


def test_local_mode_listens_on_loopback_unless_the_operator_opts_in(settings: Settings) -> None:
    remote = settings.model_copy(update={"teams_allow_anonymous_remote": True})
    registered = settings.model_copy(
        update={"microsoft_app_id": "app-id", "microsoft_app_password": "secret"}
    )

    assert listen_host(settings) == "127.0.0.1"
    assert listen_host(remote) == "0.0.0.0"
    assert listen_host(registered) == "0.0.0.0"


# `rolebot serve teams` as a process


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def listening_addresses(port: int) -> set[str]:
    """Local IPv4/IPv6 addresses (hex, as the kernel lists them) listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


@pytest.fixture
def served_teams(data_dir: Path, tmp_path: Path) -> Iterator[tuple[str, int, Path]]:
    """``rolebot serve teams`` in local mode; yields its URL, port and log file."""
    port = free_port()
    log_path = tmp_path / "serve-teams.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MICROSOFT_", "ROLEBOT_"))},
        "ROLEBOT_DATA_DIR": str(data_dir),
        "ROLEBOT_METRICS_PORT": "0",
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "teams", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            deadline = time.monotonic() + 60
            while not listening_addresses(port):
                assert process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "rolebot serve teams never listened"
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}/api/messages", port, log_path
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_served_local_mode_listens_on_loopback_only_and_says_so(
    served_teams: tuple[str, int, Path],
) -> None:
    _, port, log_path = served_teams

    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
    [warning] = [
        json.loads(line)
        for line in log_path.read_text().splitlines()
        if "MICROSOFT_APP_ID is not set" in line
    ]
    assert warning["level"] == "WARNING"
    assert "this machine only" in warning["event"]
    assert "ROLEBOT_TEAMS_ALLOW_ANONYMOUS_REMOTE" in warning["event"]


def test_served_bot_answers_malformed_activities_with_4xx_and_logs_no_traceback(
    served_teams: tuple[str, int, Path], connector: FakeBotConnector
) -> None:
    url, _, log_path = served_teams
    json_headers = {"Content-Type": "application/json"}

    def post(body: bytes) -> int:
        return requests.post(url, data=body, headers=json_headers, timeout=30).status_code

    statuses = [
        post(DEEP),
        post(json.dumps(card_action("a string", service_url=connector.url)).encode()),
        post(json.dumps(message("hi", service_url="http://169.254.169.254/")).encode()),
    ]
    question = post(json.dumps(message("who owns monitoring?", service_url=connector.url)).encode())

    assert statuses == [400, 400, 403]
    assert question == 201 and len(connector.messages) == 1
    assert "Traceback" not in log_path.read_text()
