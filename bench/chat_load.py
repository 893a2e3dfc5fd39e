"""Slack and Teams under the same burst: N questions sent at once to a real ``rolebot serve``.

Each platform runs as its own process (``rolebot serve slack``, HTTP mode, then ``rolebot
serve teams``, local mode), one after the other on the same index; this process plays the
platform: it signs and sends Slack events and serves the Web API stand-in, or sends Bot
Framework activities and serves the Bot Connector stand-in, both from the test suite.

Baseline, measured in the same run: the engine alone (``RoleBot.handle`` on the same
questions, one after another, in this process, no chat platform in between).

Prints, per platform: answered, exactly one reply each, HTTP errors, HTTP response time
(Slack's ack must be < 3 s; a Teams turn answers in its HTTP response), answer latency
p50/p99 from send to the reply reaching the stand-in, the server's CPU time per question
(steadier than latency on a shared machine) and peak RSS. Both servers stay up and take
turns, ``--rounds`` bursts each; latencies are medians over rounds. Target: Teams answer
p99 within 1.5x of Slack's.

    .venv/bin/python bench/chat_load.py [--concurrent 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_rolebot  # noqa: E402
from bot.embeddings.minilm import MiniLMEmbeddings  # noqa: E402
from bot.index.chroma import open_chroma  # noqa: E402
from bot.index.ingest import ingest  # noqa: E402
from bot.models import Request  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from tests.fakes.bot_connector import FakeBotConnector  # noqa: E402
from tests.fakes.slack_api import TOKEN, FakeSlack  # noqa: E402
from tests.slack.harness import CHANNEL, SIGNING_SECRET, SlackClientSide  # noqa: E402
from tests.teams.activities import message  # noqa: E402

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
ANSWER_TIMEOUT_SECONDS = 120


@dataclass
class Burst:
    """What one platform did with one burst."""

    sent: int = 0
    http_seconds: list[float] = field(default_factory=list)
    http_errors: int = 0
    answer_seconds: list[float] = field(default_factory=list)
    exactly_once: int = 0
    server_cpu_seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def http(self, status: int, seconds: float) -> None:
        with self._lock:
            self.http_seconds.append(seconds)
            self.http_errors += status >= 300 or status < 200


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(platform: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """``rolebot serve <platform>``, once it answers HTTP on ``port``."""
    rolebot = str(Path(sys.executable).parent / "rolebot")
    server = subprocess.Popen(
        [rolebot, "serve", platform, "--port", str(port)],
        # A burst from one user measures throughput, not the per-user rate limit.
        env={
            **os.environ,
            "ROLEBOT_LLM": "off",
            "ROLEBOT_METRICS_PORT": "0",
            "ROLEBOT_RATE_LIMIT_PER_MINUTE": "0",
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"rolebot serve {platform} did not start")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def all_at_once(count: int, send: Callable[[int], None]) -> None:
    """``count`` threads released together, each sending one request."""
    gate = threading.Barrier(count)

    def one(i: int) -> None:
        gate.wait()
        send(i)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class SlackSide:
    """``rolebot serve slack`` and this process playing Slack."""

    name = "slack"

    def __init__(self, data_dir: Path) -> None:
        self.fake = FakeSlack().__enter__()
        port = free_port()
        self.server = serve(
            "slack",
            port,
            {
                "ROLEBOT_DATA_DIR": str(data_dir),
                "SLACK_BOT_TOKEN": TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": self.fake.api_url,
            },
        )
        self.slack = SlackClientSide(f"http://127.0.0.1:{port}/slack/events", self.fake)

    def burst(self, count: int) -> Burst:
        burst = Burst(sent=count)
        slack = self.slack
        events = [
            slack.user_message(f"<@UBOT> {QUESTIONS[i % len(QUESTIONS)]}", event_type="app_mention")
            for i in range(count)
        ]
        sent: dict[str, float] = {}

        def send(i: int) -> None:
            sent[events[i]["ts"]] = time.monotonic()
            result = slack.event(events[i])
            burst.http(result.status, result.seconds)

        all_at_once(count, send)
        answered: dict[str, float] = {}
        deadline = time.monotonic() + ANSWER_TIMEOUT_SECONDS
        while len(answered) < count and time.monotonic() < deadline:
            for ts in sent.keys() - answered.keys():
                mine = slack.bot_messages(CHANNEL, ts)
                if mine and all(m.get("blocks") for m in mine):
                    answered[ts] = time.monotonic()
            time.sleep(0.01)
        time.sleep(1.0)  # let any duplicate reply show itself
        burst.answer_seconds = [answered[ts] - sent[ts] for ts in answered]
        burst.exactly_once = sum(len(slack.bot_messages(CHANNEL, ts)) == 1 for ts in sent)
        return burst

    def close(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=30)
        self.fake.__exit__(None, None, None)


class TeamsSide:
    """``rolebot serve teams`` (local mode) and this process playing the Bot Connector."""

    name = "teams"

    def __init__(self, data_dir: Path) -> None:
        self.connector = FakeBotConnector().__enter__()
        port = free_port()
        self.server = serve("teams", port, {"ROLEBOT_DATA_DIR": str(data_dir)})
        self.url = f"http://127.0.0.1:{port}/api/messages"

    def burst(self, count: int) -> Burst:
        burst = Burst(sent=count)
        activities = [
            message(
                QUESTIONS[i % len(QUESTIONS)],
                service_url=self.connector.url,
                conversation_id=f"a:bench-{uuid.uuid4().hex}",
                activity_id=uuid.uuid4().hex,
            )
            for i in range(count)
        ]
        sent: dict[str, float] = {}

        def send(i: int) -> None:
            body = json.dumps(activities[i]).encode()
            request = urllib.request.Request(
                self.url, data=body, headers={"Content-Type": "application/json"}
            )
            sent[activities[i]["id"]] = started = time.monotonic()
            try:
                with urllib.request.urlopen(request, timeout=ANSWER_TIMEOUT_SECONDS) as response:
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            burst.http(status, time.monotonic() - started)

        all_at_once(count, send)
        deadline = time.monotonic() + ANSWER_TIMEOUT_SECONDS
        while time.monotonic() < deadline and len(self._replies(sent)) < count:
            time.sleep(0.05)
        time.sleep(1.0)  # let any duplicate reply show itself
        replies = self._replies(sent)
        burst.answer_seconds = [min(at) - sent[a] for a, at in replies.items()]
        burst.exactly_once = sum(len(at) == 1 for at in replies.values())
        return burst

    def _replies(self, sent: dict[str, float]) -> dict[str, list[float]]:
        replies: dict[str, list[float]] = {}
        for posted in self.connector.messages:
            if posted.reply_to_id in sent:
                replies.setdefault(posted.reply_to_id, []).append(posted.received_at)
        return replies

    def close(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=30)
        self.connector.__exit__(None, None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrent", type=int, default=100, help="questions sent at once")
    parser.add_argument("--rounds", type=int, default=3, help="bursts per platform, alternating")
    args = parser.parse_args()
    count = args.concurrent
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp) / "data", llm="off")
        embedder = MiniLMEmbeddings()
        client = open_chroma(settings)
        ingest(client=client, embedder=embedder, knowledge_dir=settings.knowledge_dir)
        bot = build_rolebot(settings, client=client, embedder=embedder)
        baseline = []
        for i in range(count):
            start = time.perf_counter()
            bot.handle(Request(text=QUESTIONS[i % len(QUESTIONS)]))
            baseline.append(time.perf_counter() - start)
        del bot, client
        sides = [SlackSide(settings.data_dir), TeamsSide(settings.data_dir)]
        try:
            for side in sides:
                side.burst(4)  # warm up: first answers load lazily
            bursts: dict[str, list[Burst]] = {side.name: [] for side in sides}
            for _ in range(args.rounds):
                for side in sides:
                    cpu_before = cpu_seconds(side.server.pid)
                    burst = side.burst(count)
                    burst.server_cpu_seconds = cpu_seconds(side.server.pid) - cpu_before
                    bursts[side.name].append(burst)
            rss = {side.name: peak_rss_mb(side.server.pid) for side in sides}
        finally:
            for side in sides:
                side.close()
    report(count, args.rounds, statistics.median(baseline) * 1000, bursts, rss)


def report(
    count: int,
    rounds: int,
    engine_ms: float,
    bursts: dict[str, list[Burst]],
    rss: dict[str, float],
) -> None:
    """One column per platform; latencies are the median over rounds of each round's value."""

    def median_of(name: str, values: Callable[[Burst], list[float]], q: float) -> float:
        return statistics.median(pct(values(b), q) * 1000 for b in bursts[name])

    print(f"{count} questions at once, {rounds} rounds per platform (alternating); baseline:")
    print(f"the engine alone (RoleBot.handle, sequential, same run) p50 {engine_ms:.1f} ms\n")
    rows: list[tuple[str, Callable[[str], float | int]]] = [
        ("answered", lambda n: sum(len(b.answer_seconds) for b in bursts[n])),
        ("exactly one reply", lambda n: sum(b.exactly_once for b in bursts[n])),
        ("HTTP errors", lambda n: sum(b.http_errors for b in bursts[n])),
        ("HTTP p50 ms", lambda n: median_of(n, lambda b: b.http_seconds, 0.5)),
        ("HTTP p99 ms", lambda n: median_of(n, lambda b: b.http_seconds, 0.99)),
        ("answer p50 ms", lambda n: median_of(n, lambda b: b.answer_seconds, 0.5)),
        ("answer p99 ms", lambda n: median_of(n, lambda b: b.answer_seconds, 0.99)),
        (
            "answer p50 / engine",
            lambda n: median_of(n, lambda b: b.answer_seconds, 0.5) / engine_ms,
        ),
        (
            "server CPU ms/question",
            lambda n: statistics.median(b.server_cpu_seconds for b in bursts[n]) * 1000 / count,
        ),
        ("server peak RSS MB", lambda n: rss[n]),
    ]
    print(f"{'':<22}{'slack':>10}{'teams':>10}")
    for name, value in rows:
        cells = [value("slack"), value("teams")]
        print(
            f"{name:<22}"
            + "".join(f"{c:>10.1f}" if isinstance(c, float) else f"{c:>10}" for c in cells)
        )
    ratios = [
        pct(t.answer_seconds, 0.99) / pct(s.answer_seconds, 0.99)
        for s, t in zip(bursts["slack"], bursts["teams"], strict=True)
    ]
    ratio = statistics.median(ratios)
    each = ", ".join(f"{r:.2f}" for r in ratios)
    print(f"\nteams p99 / slack p99: {ratio:.2f}x, median of rounds ({each}); target <= 1.5x")
    total = count * rounds
    ok = all(
        sum(len(b.answer_seconds) for b in bursts[n]) == total
        and sum(b.exactly_once for b in bursts[n]) == total
        and sum(b.http_errors for b in bursts[n]) == 0
        for n in bursts
    )
    print("RESULT:", "every question answered exactly once" if ok else "FAILED")
    sys.exit(0 if ok and ratio <= 1.5 else 1)


if __name__ == "__main__":
    main()
