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
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_rolebot  # noqa: E402
from bot.embeddings.minilm import MiniLMEmbeddings  # noqa: E402
from bot.index.client import open_chroma  # noqa: E402
from bot.index.ingest import ingest  # noqa: E402
from bot.knowledge.documents import KnowledgeError  # noqa: E402
from bot.models import Answer, ErrorReply, Reply, Request  # noqa: E402
from bot.service import RoleBot  # noqa: E402
from bot.settings import PROJECT_ROOT, Settings, load_settings  # noqa: E402
from tests.fakes.openai_server import FakeOpenAIServer, FakeReply  # noqa: E402
from tests.test_chroma_server import ChromaServer  # noqa: E402

QUESTIONS = [
    "which MLOps tools should a lead know?",
    "what does a lead MLOps engineer own for monitoring?",
    "how many years of experience are needed?",
    "what are the common challenges?",
    "what does total compensation include?",
]
ROUNDS = 4


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

    print(f"\nrecovery after Chroma restart: {recovered_after:.2f} s")
    print(f"corrupt file refused by ingest: {refused}")
    ok = (
        failing["answered"] == failing["total"] == failing["fallback_noted"]
        and hanging["answered"] == hanging["total"]
        and down["unavailable"] == down["total"]
        and after["answered"] == after["total"]
    )
    ratio = failing["p50_ms"] / baseline["p50_ms"] if baseline["p50_ms"] else 0
    print(f"LLM-500 p50 / healthy p50: {ratio:.2f}")
    print("RESULT:", "every request got a reply" if ok else "FAILED")
    sys.exit(0 if ok else 1)


def wait_for(check: Callable[[], bool], timeout: float = 30.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(0.2)
    return float("inf")


if __name__ == "__main__":
    main()
