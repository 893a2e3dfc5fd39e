"""Faults, measured: every question still gets an answer, and how long it takes.

Each scenario asks the same questions through ``RoleBot.handle`` (what both adapters call)
and prints answered / grounded / index-unavailable counts with latency p50/p99, against
the named baseline measured first in this run: the healthy stack (a local OpenAI-compatible
server answering with citations, the index reachable).

1. LLM server returns 500 for everything -> extractive fallback with a note.
2. LLM server hangs -> fallback after ROLEBOT_LLM_TIMEOUT (set to 2 s here; 20 s default,
   under Teams' proactive path at 10 s and never blocking Slack's 3 s acknowledgement).
3. Chroma server killed mid-run -> plain "index unavailable" replies, then recovery.
4. A knowledge file corrupted during `ingest` -> ingest refuses, serving continues.
5. ``kill -9`` of ``rolebot serve slack`` (and ``serve teams``) in the middle of 200
   concurrent 👍/👎 clicks -> every click that got its HTTP 200 is in the store
   (acknowledged = stored); baseline: the same clicks with no kill, and their
   acknowledgement latency against Slack's 3 s.
6. Hostile knowledge files (``python bench/faults.py hostile`` runs only these): a YAML
   alias bomb, 20 MB of one paragraph, 20 MB of ~270,000 sections, a link to /etc/passwd,
   each refused; and the largest files the limits accept, ingested. Each `rolebot ingest`
   runs in its own process, so its wall time and peak RSS are its own, against the real
   knowledge ingested the same way as the baseline.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
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
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_load import serve  # noqa: E402
from bot.app import build_rolebot  # noqa: E402
from bot.embeddings.minilm import MiniLMEmbeddings  # noqa: E402
from bot.errors import KnowledgeError  # noqa: E402
from bot.feedback import FeedbackStore  # noqa: E402
from bot.index.chroma import open_chroma  # noqa: E402
from bot.index.ingest import ingest  # noqa: E402
from bot.models import Answer, ErrorReply, Reply, Request  # noqa: E402
from bot.service import RoleBot  # noqa: E402
from bot.settings import PROJECT_ROOT, Settings, load_settings  # noqa: E402
from tests.fakes.bot_connector import FakeBotConnector  # noqa: E402
from tests.fakes.openai_server import FakeOpenAIServer, FakeReply  # noqa: E402
from tests.fakes.slack_api import TEAM_ID, TOKEN, FakeSlack  # noqa: E402
from tests.servers import free_port  # noqa: E402
from tests.slack.harness import SIGNING_SECRET, SlackClientSide  # noqa: E402
from tests.teams.activities import message  # noqa: E402
from tests.test_chroma_server import ChromaServer  # noqa: E402

QUESTIONS = [
    "which MLOps tools should a lead know?",
    "what does a lead MLOps engineer own for monitoring?",
    "how many years of experience are needed?",
    "what are the common challenges?",
    "what does total compensation include?",
]
ROUNDS = 4
CLICKS = 200
CLICK_SENDERS = 32
KILL_AFTER_ACKS = 100


def ask_all(bot: RoleBot, rounds: int = ROUNDS) -> list[tuple[Reply, float]]:
    out = []
    for _ in range(rounds):
        for question in QUESTIONS:
            start = time.perf_counter()
            reply = bot.handle(Request(text=question))
            out.append((reply, time.perf_counter() - start))
    return out


def summary(name: str, results: list[tuple[Reply, float]]) -> dict[str, float]:
    times = sorted(t for _, t in results)
    answered = sum(isinstance(r, Answer) and r.found for r, _ in results)
    row = {
        "answered": answered,
        "llm": sum(isinstance(r, Answer) and r.mode == "llm" for r, _ in results),
        "fallback_noted": sum(isinstance(r, Answer) and bool(r.note) for r, _ in results),
        "unavailable": sum(isinstance(r, ErrorReply) for r, _ in results),
        "total": len(results),
        "p50_ms": statistics.median(times) * 1000,
        "p99_ms": times[min(len(times) - 1, int(0.99 * len(times)))] * 1000,
    }
    print(
        f"{name:<28}{row['total']:>6}{row['answered']:>9}{row['llm']:>5}{row['fallback_noted']:>10}"
        f"{row['unavailable']:>13}{row['p50_ms']:>10.0f}{row['p99_ms']:>10.0f}"
    )
    return row


def llm_bot(settings: Settings, server: FakeOpenAIServer, embedder: MiniLMEmbeddings) -> RoleBot:
    configured = load_settings(
        data_dir=settings.data_dir, openai_base_url=server.base_url, llm_timeout=2
    )
    return build_rolebot(configured, embedder=embedder)


def main() -> None:
    embedder = MiniLMEmbeddings()
    embedder.warm_up()
    print(
        f"{'scenario':<28}{'asked':>6}{'answered':>9}{'llm':>5}{'fallback':>10}"
        f"{'unavailable':>13}{'p50 ms':>10}{'p99 ms':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        settings = load_settings(data_dir=base / "data")
        ingest(
            client=open_chroma(settings),
            embedder=embedder,
            knowledge_dir=PROJECT_ROOT / "knowledge",
            progress=False,
        )

        with FakeOpenAIServer(["Use MLflow and Kubeflow [1]."]) as server:
            baseline = summary(
                "baseline: healthy LLM", ask_all(llm_bot(settings, server, embedder))
            )
            server.set_replies([FakeReply(status=500)])
            failing = summary("LLM returns 500", ask_all(llm_bot(settings, server, embedder)))
            server.set_replies([FakeReply("late [1]", delay=30)])
            hanging = summary(
                "LLM hangs (timeout 2 s)", ask_all(llm_bot(settings, server, embedder), rounds=1)
            )

        chroma = ChromaServer(base / "chroma", base / "chroma.log")
        chroma.start()
        remote = load_settings(
            data_dir=base / "remote", chroma_host="127.0.0.1", chroma_port=chroma.port
        )
        ingest(
            client=open_chroma(remote),
            embedder=embedder,
            knowledge_dir=PROJECT_ROOT / "knowledge",
            progress=False,
        )
        bot = build_rolebot(remote, embedder=embedder)
        summary("chroma server up", ask_all(bot, rounds=1))
        chroma.kill()
        down = summary("chroma server killed", ask_all(bot, rounds=1))
        chroma.start()
        recovered_after = wait_for(
            lambda: isinstance(bot.handle(Request(text=QUESTIONS[0])), Answer)
        )
        summary("chroma server back", ask_all(bot, rounds=1))
        chroma.kill()

        broken = base / "knowledge"
        shutil.copytree(PROJECT_ROOT / "knowledge", broken)
        (broken / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\n# x\n- y\n")
        local = build_rolebot(settings, embedder=embedder)
        try:
            ingest(
                client=open_chroma(settings),
                embedder=embedder,
                knowledge_dir=broken,
                progress=False,
            )
            refused = "NO (the bad file was accepted)"
        except KnowledgeError as exc:
            refused = f"yes: {exc}"
        after = summary("after corrupt ingest", ask_all(local, rounds=1))

        votes_ok = all(
            [
                votes_survive_a_crash("slack", settings.data_dir),
                votes_survive_a_crash("teams", settings.data_dir),
            ]
        )

    print(f"\nrecovery after Chroma restart: {recovered_after:.2f} s")
    print(f"corrupt file refused by ingest: {refused}")
    ok = (
        failing["answered"] == failing["total"] == failing["fallback_noted"]
        and hanging["answered"] == hanging["total"]
        and down["unavailable"] == down["total"]
        and after["answered"] == after["total"]
        and votes_ok
    )
    ratio = failing["p50_ms"] / baseline["p50_ms"] if baseline["p50_ms"] else 0
    print(f"LLM-500 p50 / healthy p50: {ratio:.2f}")
    print("RESULT:", "every request got a reply" if ok else "FAILED")
    # In a fresh process: a child's peak RSS starts at its parent's RSS when it is spawned,
    # and this one now holds the model and Chroma.
    hostile = subprocess.run([sys.executable, str(Path(__file__).resolve()), "hostile"])
    hostile_ok = hostile.returncode == 0
    sys.exit(0 if ok and hostile_ok else 1)


@dataclass(frozen=True)
class Click:
    answer_id: str
    voter: str
    vote: str


@dataclass(frozen=True)
class VoteRun:
    acknowledged: list[Click]
    ack_seconds: list[float]
    stored: set[tuple[str, str, str]]

    @property
    def lost(self) -> int:
        """Clicks that got HTTP 200 and are not in the store: must be 0."""
        return sum((c.answer_id, c.voter, c.vote) not in self.stored for c in self.acknowledged)


class VoteSender:
    """Plays Slack or Teams sending one 👍/👎 click to a ``rolebot serve`` process."""

    def __init__(self, platform: str, data_dir: Path) -> None:
        self.platform = platform
        self.data_dir = data_dir
        self.port = free_port()
        self.fake: FakeSlack | FakeBotConnector
        if platform == "slack":
            self.fake = FakeSlack().__enter__()
            self.slack = SlackClientSide(f"http://127.0.0.1:{self.port}/slack/events", self.fake)
            env = {
                "SLACK_BOT_TOKEN": TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": self.fake.api_url,
            }
        else:
            self.fake = FakeBotConnector().__enter__()
            env = {}
        self.server = serve(platform, self.port, {"ROLEBOT_DATA_DIR": str(data_dir), **env})

    def click(self, click: Click) -> bool:
        """True when the platform got HTTP 2xx (Slack will never resend it)."""
        try:
            if self.platform == "slack":
                return self._slack_click(click)
            return self._teams_click(click)
        except OSError:  # the server is gone
            return False

    def _slack_click(self, click: Click) -> bool:
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": click.voter, "team_id": TEAM_ID},
            "api_app_id": "A1",
            "channel": {"id": "C1"},
            "container": {"type": "message", "channel_id": "C1", "is_ephemeral": True},
            "trigger_id": uuid.uuid4().hex,
            "response_url": self.fake.url + "/respond/" + uuid.uuid4().hex,  # type: ignore[union-attr]
            "actions": [
                {"type": "button", "action_id": f"feedback_{click.vote}", "value": click.answer_id}
            ],
        }
        body = urlencode({"payload": json.dumps(payload)})
        result = self.slack.post(body, "application/x-www-form-urlencoded")
        return result.status == 200

    def _teams_click(self, click: Click) -> bool:
        value = {"kind": "rolebot.vote", "answer_id": click.answer_id, "vote": click.vote}
        sender = {"id": f"29:{click.voter}", "name": click.voter, "aadObjectId": click.voter}
        activity = message(None, service_url=self.fake.url, value=value, sender=sender)  # type: ignore[union-attr]
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/messages",
            data=json.dumps(activity).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return 200 <= response.status < 300
        except urllib.error.HTTPError:
            return False

    def close(self) -> None:
        if self.server.poll() is None:
            self.server.terminate()
            self.server.wait(timeout=30)
        self.fake.__exit__(None, None, None)


def send_votes(platform: str, data_dir: Path, *, kill_after: int | None) -> VoteRun:
    """``CLICKS`` clicks at once; ``kill -9`` the server after ``kill_after`` got their 200."""
    path = data_dir / "feedback.sqlite3"
    store = FeedbackStore(path)
    answers = [
        store.remember_answer(platform=platform, question="q", sources=[], mode="extractive")
        for _ in range(20)
    ]
    store.close()
    run_id = uuid.uuid4().hex[:6]
    clicks = [
        Click(answers[i % len(answers)], f"U{run_id}{i:04d}", "up" if i % 3 else "down")
        for i in range(CLICKS)
    ]
    sender = VoteSender(platform, data_dir)
    acknowledged: list[Click] = []
    ack_seconds: list[float] = []
    lock = threading.Lock()

    def one(click: Click) -> None:
        started = time.perf_counter()
        if sender.click(click):
            with lock:
                acknowledged.append(click)
                ack_seconds.append(time.perf_counter() - started)
                if kill_after is not None and len(acknowledged) == kill_after:
                    os.kill(sender.server.pid, signal.SIGKILL)

    try:
        with ThreadPoolExecutor(CLICK_SENDERS) as pool:
            list(pool.map(one, clicks))
    finally:
        sender.close()
    with closing(sqlite3.connect(path)) as db:
        stored = set(db.execute("SELECT answer_id, voter, vote FROM votes").fetchall())
    mine = {row for row in stored if row[1].startswith(f"U{run_id}")}
    return VoteRun(acknowledged, ack_seconds, mine)


def votes_survive_a_crash(platform: str, data_dir: Path) -> bool:
    """Baseline: the clicks with no kill; then the same with ``kill -9`` mid-burst."""
    calm = send_votes(platform, data_dir, kill_after=None)
    crash = send_votes(platform, data_dir, kill_after=KILL_AFTER_ACKS)
    for name, run in ((f"{platform} votes, no kill", calm), (f"{platform} votes, kill -9", crash)):
        times = sorted(run.ack_seconds) or [0.0]
        p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
        print(
            f"{name:<26} clicks {CLICKS}  acknowledged {len(run.acknowledged):>3}  "
            f"stored {len(run.stored):>3}  acknowledged but lost {run.lost}  "
            f"ack p50 {statistics.median(times) * 1000:.0f} ms  p99 {p99 * 1000:.0f} ms "
            f"({p99 / 3:.2f} of Slack's 3 s)"
        )
    return (
        calm.lost == crash.lost == 0
        and len(calm.acknowledged) == CLICKS
        and KILL_AFTER_ACKS <= len(crash.acknowledged) < CLICKS
    )


def wait_for(check: Callable[[], bool], timeout: float = 30.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(0.2)
    return float("inf")


# Bounds for a hostile file, against ingesting the real knowledge in the same run: refused
# in no more CPU time than that ingest (CPU, not wall time, which a busy machine inflates)
# and in about its memory; a file the limits accept uses about its memory and prints a
# bounded answer.
REFUSE_MAX_RATIO = 1.0
RSS_MAX_RATIO = 1.5
ASK_JSON_MAX_BYTES = 64 * 1024
BIG = 20 * 1024 * 1024


def _write_prose(path: Path, size: int, seed: int = 3) -> str:
    """One paragraph of distinct sentences (a repeated one would collapse into one chunk).

    Written piece by piece: a child process's peak RSS starts at this process's RSS when it
    is spawned, so the bench never holds a big file in memory itself.
    """
    rng = random.Random(seed)
    words = ("platform", "pipeline", "drift", "registry", "latency", "rollout", "canary")
    with path.open("w", encoding="utf-8") as out:
        total = out.write("# Para\n\n")
        i = 0
        while total < size:
            words_ = " ".join(rng.choice(words) for _ in range(12)).capitalize()
            total += out.write(f"{words_} marker{i}. ")
            i += 1
    return f"one paragraph, {total / 1024 / 1024:.1f} MB"


def _write_sections(path: Path, size: int) -> str:
    with path.open("w", encoding="utf-8") as out:
        total = out.write("# Many\n")
        i = 0
        while total < size:
            total += out.write(
                f"## Section {i}\n\nThe lead owns item {i}.\n\n### Detail {i}\n\n- point {i}\n"
            )
            i += 1
    shown = f"{total / 1024 / 1024:.1f} MB" if total > 1024 * 1024 else f"{total // 1000} KB"
    return f"{2 * i:,} sections, {shown}"


def _write_alias_bomb(path: Path) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    text = "---\n" + "\n".join(lines) + "\ntitle: *i\n---\n# Bomb\n\nSome text.\n"
    path.write_text(text, encoding="utf-8")
    return f"YAML alias bomb, {len(text)} bytes"


@dataclass(frozen=True)
class Run:
    """One ``rolebot`` process: exit code, wall and CPU seconds, peak RSS, stdout size."""

    code: int
    seconds: float
    cpu: float
    peak_mb: float
    stdout_bytes: int


def _rolebot(args: list[str], data_dir: Path, out: Path) -> Run:
    """Run ``rolebot ARGS`` with its output in ``out`` (and ``out``.err)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROLEBOT_", "OPENAI_"))}
    env["ROLEBOT_DATA_DIR"] = str(data_dir)
    start = time.perf_counter()
    with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "bot", *args], stdout=stdout, stderr=stderr, env=env, cwd=ROOT
        )
        _, status, usage = os.wait4(child.pid, 0)
    return Run(
        code=os.waitstatus_to_exitcode(status),
        seconds=time.perf_counter() - start,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
        stdout_bytes=out.stat().st_size,
    )


class HostileFiles:
    """Each case: the real knowledge plus one hostile file, ingested over a built index."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.baseline_dir = base / "baseline"
        knowledge = str(PROJECT_ROOT / "knowledge")
        self.baseline = _rolebot(
            ["ingest", "--knowledge", knowledge], self.baseline_dir, base / "baseline.out"
        )
        self.ok = self.baseline.code == 0
        self.row("baseline: the real knowledge", self.baseline, "")

    def row(self, name: str, run: Run, outcome: str) -> None:
        base = self.baseline
        print(
            f"{name:<42}{run.code:>5}{run.seconds:>8.1f}{run.cpu:>8.1f}"
            f"{run.cpu / base.cpu:>8.1f}{run.peak_mb:>8.0f}{run.peak_mb / base.peak_mb:>8.2f}"
            f"  {outcome[:150]}"
        )

    def case(self, make: Callable[[Path], str], *, refuse: bool, ask: str = "") -> None:
        kb = self.base / f"kb-{len(os.listdir(self.base))}"
        shutil.copytree(PROJECT_ROOT / "knowledge", kb)
        name = make(kb)
        data = self.base / f"data-{kb.name}"
        shutil.copytree(self.baseline_dir, data)
        out = self.base / f"{kb.name}.out"
        run = _rolebot(["ingest", "--knowledge", str(kb)], data, out)
        said = out.with_suffix(".err").read_text(errors="replace").splitlines()
        outcome = (said[0] if said else "") if run.code else out.read_text().strip()
        outcome = outcome.removeprefix("rolebot: ingest stopped, nothing changed: ")
        good = (run.code == 1) == refuse and run.peak_mb <= RSS_MAX_RATIO * self.baseline.peak_mb
        good = good and (not refuse or run.cpu <= REFUSE_MAX_RATIO * self.baseline.cpu)
        if ask and run.code == 0:
            answer = self.base / f"{kb.name}.ask"
            asked = _rolebot(["ask", ask, "--json"], data, answer)
            sources = json.loads(answer.read_text())["sources"]
            longest = max((len(src["text"]) for src in sources), default=0)
            outcome = (
                f"ingested; ask --json printed {asked.stdout_bytes / 1024:.1f} KB, "
                f"longest source {longest} chars"
            )
            good = good and asked.code == 0 and asked.stdout_bytes <= ASK_JSON_MAX_BYTES
        self.ok = self.ok and good
        self.row(name, run, ("" if good else "UNBOUNDED: ") + outcome)


def hostile_knowledge_files() -> bool:
    """Each hostile file against the real knowledge's own ingest; True when all are bounded."""
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'knowledge file':<42}{'exit':>5}{'wall s':>8}{'CPU s':>8}{'x base':>8}"
        f"{'peak MB':>8}{'x base':>8}  outcome"
    )
    with tempfile.TemporaryDirectory() as tmp:
        run = HostileFiles(Path(tmp))

        def passwd(kb: Path) -> str:
            (kb / "passwd.md").symlink_to("/etc/passwd")
            return "passwd.md -> /etc/passwd"

        run.case(lambda kb: _write_alias_bomb(kb / "bomb.md"), refuse=True)
        run.case(lambda kb: _write_prose(kb / "para.md", BIG), refuse=True)
        run.case(lambda kb: _write_sections(kb / "many.md", BIG), refuse=True)
        run.case(passwd, refuse=True)
        run.case(lambda kb: _write_sections(kb / "many.md", 72_000), refuse=True)
        run.case(
            lambda kb: _write_prose(kb / "para.md", 2_000_000) + " (limit 2 MiB)",
            refuse=False,
            ask="what does marker5000 say about canary rollout?",
        )
        run.case(
            lambda kb: _write_sections(kb / "many.md", 68_000) + " (cap 2,000)",
            refuse=False,
            ask="what does the lead own for item 700?",
        )
    print("RESULT:", "every hostile file was bounded" if run.ok else "FAILED")
    return run.ok


if __name__ == "__main__":
    if sys.argv[1:] == ["hostile"]:
        sys.exit(0 if hostile_knowledge_files() else 1)
    main()
