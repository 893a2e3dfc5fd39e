"""200 signed Slack mentions sent at once to one ``rolebot serve slack`` process, on loopback.

The bot runs as its own process (the real slack-bolt app, HTTP mode); this process plays
Slack: it signs and sends the events and serves the Web API stand-in from the test suite.
Baseline, measured in the same run: the engine alone (``RoleBot.handle`` on the same
questions, one after another, in this process, no Slack in between).

Prints ack latency p50/p99 (Slack needs < 3 s), answer latency p50/p99, replies per event
(must be exactly 1), errors (must be 0) and peak RSS.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pydantic import SecretStr  # noqa: E402

from bot.app import build_rolebot  # noqa: E402
from bot.embeddings.minilm import MiniLMEmbeddings  # noqa: E402
from bot.index.client import open_chroma  # noqa: E402
from bot.index.ingest import ingest  # noqa: E402
from bot.models import Request  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from tests.fakes.slack_api import TOKEN, FakeSlack  # noqa: E402
from tests.slack.harness import CHANNEL, SIGNING_SECRET, SlackClientSide  # noqa: E402

EVENTS = 200
SENDERS = 32
QUESTIONS = [
    "what does a lead MLOps engineer own for monitoring?",
    "which MLOps tools should a lead know?",
    "how many years of experience are needed?",
    "what are the common challenges?",
    "what does total compensation include?",
    "which cloud platforms matter?",
    "what are the best practices for reproducibility?",
    "who won the world cup?",
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(data_dir: Path, fake: FakeSlack, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ROLEBOT_DATA_DIR": str(data_dir),
        "ROLEBOT_LLM": "off",
        "ROLEBOT_METRICS_PORT": "0",
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
    }
    rolebot = str(Path(sys.executable).parent / "rolebot")
    server = subprocess.Popen(
        [rolebot, "serve", "slack", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("rolebot serve slack did not start")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        settings = load_settings(data_dir=Path(tmp) / "data", llm="off").model_copy(
            update={
                "slack_bot_token": SecretStr(TOKEN),
                "slack_signing_secret": SecretStr(SIGNING_SECRET),
                "slack_api_url": fake.api_url,
            }
        )
        embedder = MiniLMEmbeddings()
        client = open_chroma(settings)
        ingest(client=client, embedder=embedder, knowledge_dir=settings.knowledge_dir)
        bot = build_rolebot(settings, client=client, embedder=embedder)

        baseline = []
        for i in range(EVENTS):
            start = time.perf_counter()
            bot.handle(Request(text=QUESTIONS[i % len(QUESTIONS)]))
            baseline.append(time.perf_counter() - start)

        port = free_port()
        server = start_server(settings.data_dir, fake, port)
        try:
            slack = SlackClientSide(f"http://127.0.0.1:{port}/slack/events", fake)
            sent: dict[str, float] = {}
            acks: list[float] = []
            errors = 0

            def send(i: int) -> None:
                nonlocal errors
                event = slack.user_message(
                    f"<@UBOT> {QUESTIONS[i % len(QUESTIONS)]}", event_type="app_mention"
                )
                sent[event["ts"]] = time.monotonic()
                result = slack.event(event)
                acks.append(result.seconds)
                if result.status != 200:
                    errors += 1

            started = time.monotonic()
            with ThreadPoolExecutor(SENDERS) as pool:
                list(pool.map(send, range(EVENTS)))
            answered: dict[str, float] = {}
            deadline = time.monotonic() + 120
            while len(answered) < len(sent) and time.monotonic() < deadline:
                for ts in sent:
                    if ts not in answered:
                        mine = slack.bot_messages(CHANNEL, ts)
                        if mine and all(m.get("blocks") for m in mine):
                            answered[ts] = time.monotonic()
                time.sleep(0.02)
            wall = time.monotonic() - started
            time.sleep(1.0)  # let any duplicate reply show itself
            replies = [len(slack.bot_messages(CHANNEL, ts)) for ts in sent]
            answer_latency = [answered[ts] - sent[ts] for ts in answered]
            posted = fake.calls_to("chat.postMessage")
            rss = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)

    report: dict[str, Any] = {
        "events": EVENTS,
        "answered": len(answered),
        "exactly_once": sum(1 for r in replies if r == 1),
        "http_errors": errors,
        "status_posts": len(posted),
        "ack_p50_ms": statistics.median(acks) * 1000,
        "ack_p99_ms": pct(acks, 0.99) * 1000,
        "answer_p50_ms": statistics.median(answer_latency) * 1000 if answer_latency else 0,
        "answer_p99_ms": pct(answer_latency, 0.99) * 1000 if answer_latency else 0,
        "engine_alone_p50_ms": statistics.median(baseline) * 1000,
        "wall_s": wall,
        "server_peak_rss_mb": rss,
    }
    print("Baseline: the engine alone (RoleBot.handle, sequential), same process and run.\n")
    for key, value in report.items():
        print(f"{key:<22}{value:>10.1f}" if isinstance(value, float) else f"{key:<22}{value:>10}")
    ratio = report["answer_p50_ms"] / report["engine_alone_p50_ms"]
    print(
        f"{'answer p50 / engine':<22}{ratio:>10.1f}x  (queueing behind {EVENTS} concurrent events)"
    )
    ok = report["answered"] == EVENTS == report["exactly_once"] and errors == 0
    print("\nRESULT:", "every event answered exactly once" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
