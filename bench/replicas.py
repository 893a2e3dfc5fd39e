"""Two replicas of ``rolebot serve slack`` behind one "URL", one of them killed mid-run.

300 signed app_mention events (60 users), sent at ``--rate`` per second, alternately to
replica A and B; each is re-delivered once (``X-Slack-Retry-Num: 1``) to the other replica
after a random 0-3 s, as Slack does when it thinks a delivery was missed. The 150th event
goes to A, and once A has acknowledged it (and is answering it) A gets SIGKILL: the events
still to send, and retries meant for A, go to B, as Slack would retry them. Every answer's
👍 is clicked once, on a live replica. The replicas share a real Redis (re-delivery claims,
thread cache, rate limit), a real PostgreSQL (feedback) and a Chroma server (the index);
this process plays Slack (signs events, serves the Web API stand-in from the tests).

Baseline, the same run in the same process: one replica (retries reach it too), no Redis,
SQLite feedback, nobody killed: the single-process deployment.

Reported: events answered exactly once (target: all, 0 duplicates, 0 lost), ack p99 (the
HTTP 200 Slack waits for, 3 s at most), answer p99 (first delivery to the final answer in
the thread), votes stored vs acknowledged (every acknowledged vote stored), and, after the
run, how long after an ingest (a separate ``rolebot ingest`` against the Chroma server)
every replica serves the new generation.

    .venv/bin/python bench/replicas.py [--events 300] [--rate 20] [--ingests 3]
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_load import QUESTIONS  # noqa: E402  (the same questions as the load bench)
from bot.embeddings.minilm import MiniLMEmbeddings  # noqa: E402
from bot.index.chroma import open_chroma  # noqa: E402
from bot.index.ingest import ingest  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from tests.fakes.slack_api import BOT_USER_ID, TOKEN, FakeSlack  # noqa: E402
from tests.replicas.cluster import answer_id_in  # noqa: E402
from tests.servers import PostgresServer, RedisServer, free_port  # noqa: E402
from tests.slack.harness import CHANNEL, SIGNING_SECRET, SlackClientSide  # noqa: E402
from tests.test_chroma_server import ChromaServer  # noqa: E402

USERS = 60
RETRY_DELAY_SECONDS = 3.0
ANSWER_TIMEOUT_SECONDS = 120


@dataclass
class Replica:
    name: str
    process: subprocess.Popen[bytes]
    url: str
    ops_port: int
    alive: bool = True

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.alive = False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.alive = False

    def collection(self) -> str | None:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.ops_port}/readyz", timeout=5
            ) as response:
                return json.loads(response.read())["index"].get("collection")
        except (OSError, ValueError, KeyError):
            return None


def start_replica(name: str, env: dict[str, str], log_dir: Path) -> Replica:
    port, ops_port = free_port(), free_port()
    rolebot = str(Path(sys.executable).parent / "rolebot")
    log = (log_dir / f"replica-{name}.log").open("ab")
    process = subprocess.Popen(
        [rolebot, "serve", "slack", "--port", str(port)],
        env={**os.environ, "ROLEBOT_LLM": "off", "ROLEBOT_METRICS_PORT": str(ops_port), **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    replica = Replica(name, process, f"http://127.0.0.1:{port}/slack/events", ops_port)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"replica {name} exited; see {log_dir}/replica-{name}.log")
        if replica.collection():  # ready: the index is loaded and searched
            return replica
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"replica {name} did not become ready")


@dataclass
class Run:
    """What happened in one run."""

    name: str
    events: int = 0
    acks: list[float] = field(default_factory=list)  # seconds to the HTTP 200, every delivery
    failed_deliveries: int = 0  # no HTTP 200 (status 0: connection refused/reset)
    failed_statuses: dict[int, int] = field(default_factory=dict)
    answer_seconds: list[float] = field(default_factory=list)
    exactly_once: int = 0
    duplicates: int = 0
    lost: int = 0
    taken_over: int = 0  # deliveries a replica answered for one that died (its log says so)
    votes_acknowledged: set[tuple[str, str]] = field(default_factory=set)
    votes_stored: set[tuple[str, str]] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)


def post(url: str, body: str, content_type: str, retry_num: int | None) -> tuple[int, float]:
    """Sign and send as Slack does; (status, seconds), status 0 when the connection failed."""
    from slack_sdk.signature import SignatureVerifier

    ts = str(int(time.time()))
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(SIGNING_SECRET).generate_signature(
            timestamp=ts, body=body
        )
        or "",
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    request = urllib.request.Request(url, data=body.encode(), headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return response.status, time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, time.monotonic() - started
    except OSError as exc:
        FAILURES[type(exc).__name__] = FAILURES.get(type(exc).__name__, 0) + 1
        return 0, time.monotonic() - started


# Why connections failed, by exception type (for the report).
FAILURES: dict[str, int] = {}


def final_answers(fake: FakeSlack) -> dict[str, list[dict[str, Any]]]:
    """The bot's finished messages (with blocks) by thread; statuses are not answers."""
    found: dict[str, list[dict[str, Any]]] = {}
    with fake._lock:
        messages = list(fake.threads.get(CHANNEL, []))
    for message in messages:
        if message.get("user") == BOT_USER_ID and message.get("blocks"):
            found.setdefault(str(message.get("thread_ts")), []).append(message)
    return found


def run_events(
    name: str,
    replicas: list[Replica],
    fake: FakeSlack,
    *,
    events: int,
    rate: float,
    kill_after: int | None,
    seed: int,
) -> Run:
    run = Run(name=name, events=events)
    slack = SlackClientSide(replicas[0].url, fake)
    rng = random.Random(seed)
    bodies: list[str] = []
    thread_of: list[str] = []
    for i in range(events):
        event = slack.user_message(
            f"<@{BOT_USER_ID}> {QUESTIONS[i % len(QUESTIONS)]}",
            event_type="app_mention",
            user=f"U{i % USERS:03d}",
        )
        bodies.append(slack.event_body(event, event_id=f"Ev{name}{i:05d}"))
        thread_of.append(event["ts"])
    sent_at: dict[str, float] = {}
    pool = ThreadPoolExecutor(max_workers=48)
    retries: list[tuple[float, int, int]] = []  # (due, event, replica index)
    retries_lock = threading.Lock()

    def live(index: int) -> Replica:
        replica = replicas[index % len(replicas)]
        return replica if replica.alive else next(r for r in replicas if r.alive)

    def deliver(i: int, index: int, retry_num: int | None) -> None:
        status, seconds = post(live(index).url, bodies[i], "application/json", retry_num)
        with run._lock:
            if status == 200:
                run.acks.append(seconds)
            else:
                run.failed_deliveries += 1
                run.failed_statuses[status] = run.failed_statuses.get(status, 0) + 1

    done_sending = threading.Event()

    def retry_loop() -> None:
        while True:
            with retries_lock:
                due = retries[0][0] if retries else None
                if due is not None and due <= time.monotonic():
                    _, i, index = heapq.heappop(retries)
                    pool.submit(deliver, i, index, 1)
                    continue
                if due is None and done_sending.is_set():
                    return
            time.sleep(0.005)

    voted: set[str] = set()
    clicks = 0
    answered: dict[str, float] = {}

    def click(answer_id: str, user: str) -> None:
        nonlocal clicks
        with run._lock:
            clicks += 1
            index = clicks
        payload = {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": user, "team_id": "T1"},
            "api_app_id": "A1",
            "channel": {"id": CHANNEL},
            "container": {"type": "message", "channel_id": CHANNEL},
            "trigger_id": f"trigger-{name}-{answer_id}",
            "response_url": fake.response_url(f"vote-{answer_id}"),
            "actions": [
                {"type": "button", "action_id": "feedback_up", "block_id": "b", "value": answer_id}
            ],
        }
        from urllib.parse import urlencode

        body = urlencode({"payload": json.dumps(payload)})
        status, _ = post(live(index).url, body, "application/x-www-form-urlencoded", None)
        if status == 200:
            with run._lock:
                run.votes_acknowledged.add((answer_id, user))

    def watch_answers() -> None:
        deadline = None
        while True:
            now = time.monotonic()
            found = final_answers(fake)
            for i, ts in enumerate(thread_of):
                if ts in found and ts not in answered and ts in sent_at:
                    answered[ts] = now
                    vote = answer_id_in(found[ts][0])
                    if vote and vote not in voted:
                        voted.add(vote)
                        pool.submit(click, vote, f"U{i % USERS:03d}")
            if done_sending.is_set():
                deadline = deadline or now + ANSWER_TIMEOUT_SECONDS
                if len(answered) == events or now > deadline:
                    return
            time.sleep(0.05)

    threading.Thread(target=retry_loop, daemon=True).start()
    watcher = threading.Thread(target=watch_answers, daemon=True)
    watcher.start()
    started = time.monotonic()
    for i in range(events):
        time.sleep(max(0.0, started + i / rate - time.monotonic()))
        sent_at[thread_of[i]] = time.monotonic()
        first = i % len(replicas)
        other = first + 1
        if kill_after is not None and i == kill_after - 1:
            # A's share of the first half ends with this event: once A has acknowledged it,
            # and is answering it, A is killed; its retry must get it answered by B.
            first, other = 0, 1
            deliver(i, first, None)
            replicas[0].kill()
        else:
            pool.submit(deliver, i, first, None)
        with retries_lock:
            due = time.monotonic() + rng.uniform(0, RETRY_DELAY_SECONDS)
            heapq.heappush(retries, (due, i, other))
    done_sending.set()
    watcher.join()
    time.sleep(3.0)  # a duplicate answer would show itself by now
    pool.shutdown(wait=True)
    found = final_answers(fake)
    for ts in thread_of:
        count = len(found.get(ts, []))
        run.exactly_once += count == 1
        run.duplicates += count > 1
        run.lost += count == 0
    run.answer_seconds = [answered[ts] - sent_at[ts] for ts in answered]
    return run


def stored_votes(url: str) -> set[tuple[str, str]]:
    import sqlalchemy as sa

    from bot.feedback import FeedbackStore, votes

    store = FeedbackStore(database_url=url)
    with store.engine.connect() as db:
        rows = db.execute(sa.select(votes.c.answer_id, votes.c.voter)).all()
    store.close()
    return {(str(a), str(v)) for a, v in rows}


def measure_index_switch(
    replicas: list[Replica], env: dict[str, str], knowledge: Path, log_dir: Path, ingests: int
) -> list[float]:
    """Seconds from an ingest's exit (it switched the pointer) to every replica serving it."""
    rolebot = str(Path(sys.executable).parent / "rolebot")
    seconds: list[float] = []
    guide = knowledge / "lead-mlops-engineer.md"
    original = guide.read_text()
    for n in range(ingests):
        guide.write_text(original + f"\n\n## Bench note {n}\n\nA note added by bench run {n}.\n")
        before = {r.name: r.collection() for r in replicas}
        with (log_dir / "ingest.log").open("ab") as log:
            subprocess.run(
                [rolebot, "ingest", "--knowledge", str(knowledge)],
                env={**os.environ, **env},
                stdout=log,
                stderr=subprocess.STDOUT,
                check=True,
            )
        switched_at = time.monotonic()
        pending = {r.name: r for r in replicas}
        lags: list[float] = []
        deadline = switched_at + 60
        while pending and time.monotonic() < deadline:
            for name, replica in list(pending.items()):
                current = replica.collection()
                if current and current != before[name]:
                    lags.append(time.monotonic() - switched_at)
                    del pending[name]
            time.sleep(0.05)
        if pending:
            raise SystemExit(f"replicas {sorted(pending)} did not switch within 60 s")
        seconds.append(max(lags))
    guide.write_text(original)
    return seconds


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--rate", type=float, default=20.0, help="first deliveries per second")
    parser.add_argument("--ingests", type=int, default=3, help="ingests for the switch bound")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    kill_after = args.events // 2

    with tempfile.TemporaryDirectory(prefix="rolebot-bench-") as tmp:
        root = Path(tmp)
        log_dir = root / "logs"
        log_dir.mkdir()
        chroma = ChromaServer(root / "chroma", log_dir / "chroma.log")
        chroma.start()
        redis_server = RedisServer(root / "redis")
        postgres = PostgresServer()
        replicas: list[Replica] = []
        try:
            redis_server.start()
            postgres.start()
            chroma_env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma.port)}
            settings = load_settings(
                data_dir=root / "ingest", chroma_host="127.0.0.1", chroma_port=chroma.port
            )
            ingest(
                client=open_chroma(settings),
                embedder=MiniLMEmbeddings(),
                knowledge_dir=settings.knowledge_dir,
                progress=False,
            )

            def slack_env(fake: FakeSlack, data: str) -> dict[str, str]:
                return {
                    **chroma_env,
                    "ROLEBOT_DATA_DIR": str(root / data),
                    "SLACK_BOT_TOKEN": TOKEN,
                    "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                    "SLACK_API_URL": fake.api_url,
                }

            # Baseline: one replica, no Redis, SQLite feedback.
            with FakeSlack() as fake:
                single = start_replica("single", slack_env(fake, "single"), log_dir)
                replicas.append(single)
                baseline = run_events(
                    "single",
                    [single],
                    fake,
                    events=args.events,
                    rate=args.rate,
                    kill_after=None,
                    seed=args.seed,
                )
                single.stop()
                baseline.votes_stored = stored_votes(
                    f"sqlite:///{root / 'single' / 'feedback.sqlite3'}"
                )

            database = postgres.create_database("rolebot_bench")
            shared_env = {"ROLEBOT_REDIS_URL": redis_server.url, "ROLEBOT_DATABASE_URL": database}
            with FakeSlack() as fake:
                pair = [
                    start_replica(n, {**slack_env(fake, n), **shared_env}, log_dir)
                    for n in ("a", "b")
                ]
                replicas += pair
                scaled = run_events(
                    "pair",
                    pair,
                    fake,
                    events=args.events,
                    rate=args.rate,
                    kill_after=kill_after,
                    seed=args.seed,
                )
                scaled.votes_stored = stored_votes(database)
                scaled.taken_over = (
                    (log_dir / "replica-b.log").read_text().count("answering a delivery taken over")
                )

                # The index: restart A, then ingest from a third process.
                pair[0] = start_replica("a2", {**slack_env(fake, "a2"), **shared_env}, log_dir)
                replicas.append(pair[0])
                knowledge = root / "knowledge"
                shutil.copytree(settings.knowledge_dir, knowledge)
                switch = measure_index_switch(
                    pair,
                    {**chroma_env, "ROLEBOT_DATA_DIR": str(root / "ingest")},
                    knowledge,
                    log_dir,
                    args.ingests,
                )
        finally:
            for replica in replicas:
                replica.stop()
            chroma.kill()
            redis_server.stop()
            postgres.remove()
    report(args, kill_after, baseline, scaled, switch)


def report(
    args: argparse.Namespace, kill_after: int, base: Run, scaled: Run, switch: list[float]
) -> None:
    print(
        f"{args.events} signed events at {args.rate:g}/s, each re-delivered once after 0-"
        f"{RETRY_DELAY_SECONDS:g} s; every answer's 👍 clicked once.\n"
        f"baseline: 1 replica, no Redis, SQLite (retries reach the same process)\n"
        f"replicas: 2 replicas, Redis + PostgreSQL + Chroma server; A SIGKILLed after event "
        f"{kill_after}, the rest and A's retries go to B\n"
    )
    rows: list[tuple[str, Any, Any]] = [
        ("answered exactly once", base.exactly_once, scaled.exactly_once),
        ("duplicates", base.duplicates, scaled.duplicates),
        ("lost", base.lost, scaled.lost),
        ("deliveries without a 200", base.failed_deliveries, scaled.failed_deliveries),
        ("ack p50 ms", pct(base.acks, 0.5) * 1000, pct(scaled.acks, 0.5) * 1000),
        ("ack p99 ms", pct(base.acks, 0.99) * 1000, pct(scaled.acks, 0.99) * 1000),
        (
            "answer p50 ms",
            pct(base.answer_seconds, 0.5) * 1000,
            pct(scaled.answer_seconds, 0.5) * 1000,
        ),
        (
            "answer p99 ms",
            pct(base.answer_seconds, 0.99) * 1000,
            pct(scaled.answer_seconds, 0.99) * 1000,
        ),
        ("answer max ms", max(base.answer_seconds) * 1000, max(scaled.answer_seconds) * 1000),
        ("answered after a takeover", base.taken_over, scaled.taken_over),
        ("votes acknowledged", len(base.votes_acknowledged), len(scaled.votes_acknowledged)),
        ("votes stored", len(base.votes_stored), len(scaled.votes_stored)),
        (
            "acknowledged, not stored",
            len(base.votes_acknowledged - base.votes_stored),
            len(scaled.votes_acknowledged - scaled.votes_stored),
        ),
    ]
    print(f"{'':<28}{'baseline':>12}{'replicas':>12}")
    for name, left, right in rows:
        cells = "".join(
            f"{c:>12.1f}" if isinstance(c, float) else f"{c:>12}" for c in (left, right)
        )
        print(f"{name:<28}{cells}")
    for run in (base, scaled):
        if run.failed_statuses:
            detail = ", ".join(
                f"{n} x {s or 'connection failed'}" for s, n in sorted(run.failed_statuses.items())
            )
            print(f"{run.name}: deliveries without a 200: {detail}")
    if FAILURES:
        print("connections that failed, both runs:", FAILURES)
    ratio = pct(scaled.answer_seconds, 0.99) / pct(base.answer_seconds, 0.99)
    print(f"\nanswer p99 replicas / baseline: {ratio:.2f}x")
    print(
        "index: ingest exit -> every replica on the new generation: "
        + ", ".join(f"{s:.2f} s" for s in switch)
        + f" (max {max(switch):.2f} s over {len(switch)} ingests)"
    )
    ok = (
        scaled.exactly_once == args.events
        and scaled.votes_acknowledged <= scaled.votes_stored
        and base.votes_acknowledged <= base.votes_stored
    )
    print(
        "\ntarget (all answered exactly once, every acknowledged vote stored):",
        "met" if ok else "NOT met",
    )


if __name__ == "__main__":
    main()
