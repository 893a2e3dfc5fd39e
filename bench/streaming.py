"""Time to first visible text: streamed answers against posting the finished answer.

A local OpenAI-compatible server plays a model whose first token arrives after 300 ms and
which then writes 30 tokens a second (``tests/fakes/openai_server.py``); the answer is
about 150 tokens. The real Slack app (signed HTTP events, the Web API stand-in) and the
real Teams app (Bot Framework activities, the Bot Connector stand-in) run in this process
with the real engine over the real index.

For each platform it measures, from sending the event to the stand-in receiving it:
- streamed: the first Web API call or activity carrying answer text (Slack
  ``chat.startStream``; Teams the first ``typing`` update with ``streamType: streaming``),
  and the end of the stream;
- baseline, measured in the same run: the same engine without streaming (its ``handle``
  only), where the first answer text is the finished answer.
Medians over ``--runs``. Target: first visible text <= 1.0 s after the event.

    .venv/bin/python bench/streaming.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pydantic import SecretStr  # noqa: E402

from adapters.teams.app import build_teams_app  # noqa: E402
from bot.app import build_rolebot  # noqa: E402
from bot.embeddings.minilm import MiniLMEmbeddings  # noqa: E402
from bot.feedback import FeedbackStore  # noqa: E402
from bot.index.chroma import open_chroma  # noqa: E402
from bot.index.ingest import ingest  # noqa: E402
from bot.models import Reply, Request  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402
from tests.fakes.bot_connector import FakeBotConnector  # noqa: E402
from tests.fakes.openai_server import FakeOpenAIServer, FakeReply  # noqa: E402
from tests.fakes.slack_api import TOKEN, FakeSlack  # noqa: E402
from tests.slack.harness import SIGNING_SECRET, running_slack_app  # noqa: E402
from tests.teams.activities import message  # noqa: E402
from tests.teams.running import RunningServer  # noqa: E402

QUESTION = "which MLOps tools should a lead know?"
FIRST_TOKEN_SECONDS = 0.3
TOKENS_PER_SECOND = 30.0
ANSWER = " ".join(
    [
        "A lead MLOps engineer should know MLflow and Kubeflow for the model lifecycle [1].",
        "Docker and Kubernetes package and run the models in production [2].",
        "CI/CD tools such as Jenkins or GitHub Actions automate training and deployment [2].",
    ]
    * 5
)  # about 150 words, one token each: some 5 s of writing after the first token
TIMEOUT = 60.0


class HandleOnly:
    """The baseline: the same engine, seen without its ``stream`` (so nothing streams)."""

    def __init__(self, bot: Any) -> None:
        self._bot = bot
        self.guide = bot.guide

    def handle(self, request: Request) -> Reply:
        reply: Reply = self._bot.handle(request)
        return reply


def wait(check: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.002)
    raise RuntimeError(f"timed out waiting for {what}")


def slack_run(
    settings: Settings, engine: Any, fake: FakeSlack, feedback: FeedbackStore
) -> tuple[float, float]:
    """(first answer text, finished) in seconds after the mention was sent."""
    with running_slack_app(settings, engine, feedback, fake) as slack:
        before = len(fake.calls)
        event = slack.user_message(f"<@UBOT> {QUESTION}", event_type="app_mention")
        sent = time.monotonic()
        slack.event(event)

        def answer_calls() -> list[Any]:
            return [
                c
                for c in fake.calls[before:]
                if c.method in ("chat.startStream", "chat.appendStream", "chat.update")
                or (c.method == "chat.postMessage" and "MLflow" in str(c.args.get("text")))
            ]

        first = wait(answer_calls, "the first answer text")[0]
        done = wait(
            lambda: [
                c
                for c in fake.calls[before:]
                if c.method == "chat.stopStream"
                or (c.method == "chat.update" and c.args.get("blocks"))
            ],
            "the finished answer",
        )[0]
        return first.received_at - sent, done.received_at - sent


def teams_run(
    server: RunningServer, connector: FakeBotConnector, n: int
) -> tuple[float, float, float | None]:
    """(first answer text, finished, informative update or None) after the message."""
    before = len(connector.posted)
    activity = message(QUESTION, service_url=connector.url, conversation_id=f"a:bench-{n}")
    sent = time.monotonic()
    server.post(activity)

    def mine() -> list[Any]:
        return connector.posted[before:]

    def with_text() -> list[Any]:
        return [
            p
            for p in mine()
            if (p.stream_info or {}).get("streamType") == "streaming" or p.type == "message"
        ]

    first = wait(with_text, "the first answer text")[0]
    done = wait(lambda: [p for p in mine() if p.type == "message"], "the finished answer")[0]
    informative = [p for p in mine() if (p.stream_info or {}).get("streamType") == "informative"]
    info_at = informative[0].received_at - sent if informative else None
    return first.received_at - sent, done.received_at - sent, info_at


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    embedder = MiniLMEmbeddings()
    embedder.warm_up()
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAIServer() as model:
        model.set_replies(
            [
                FakeReply(
                    ANSWER,
                    first_token_delay=FIRST_TOKEN_SECONDS,
                    tokens_per_second=TOKENS_PER_SECOND,
                )
            ]
        )
        data = Path(tmp) / "data"
        base = load_settings(data_dir=data)
        ingest(
            client=open_chroma(base),
            embedder=embedder,
            knowledge_dir=ROOT / "knowledge",
            progress=False,
        )
        settings = load_settings(data_dir=data, openai_base_url=model.base_url, llm_timeout=30)
        engine = build_rolebot(settings, embedder=embedder)
        engine.handle(Request("warm-up question about MLflow", platform="cli"))
        feedback = FeedbackStore(settings.feedback_path)

        results: dict[str, dict[str, list[float]]] = {}
        with FakeSlack() as fake:
            slack_settings = settings.model_copy(
                update={
                    "slack_bot_token": SecretStr(TOKEN),
                    "slack_signing_secret": SecretStr(SIGNING_SECRET),
                    "slack_api_url": fake.api_url,
                }
            )
            for label, bot in (("streamed", engine), ("baseline", HandleOnly(engine))):
                runs = [slack_run(slack_settings, bot, fake, feedback) for _ in range(args.runs)]
                results[f"slack {label}"] = {
                    "first": [r[0] for r in runs],
                    "done": [r[1] for r in runs],
                }
        with FakeBotConnector() as connector:
            for label, bot in (("streamed", engine), ("baseline", HandleOnly(engine))):
                app = build_teams_app(settings, engine=bot, feedback=feedback)
                with RunningServer(app) as server:
                    runs3 = [teams_run(server, connector, n) for n in range(args.runs)]
                results[f"teams {label}"] = {
                    "first": [r[0] for r in runs3],
                    "done": [r[1] for r in runs3],
                    "informative": [r[2] for r in runs3 if r[2] is not None],
                }

    print(
        f"model: first token after {FIRST_TOKEN_SECONDS * 1000:.0f} ms, then "
        f"{TOKENS_PER_SECOND:.0f} tokens/s, {len(ANSWER.split())} tokens; "
        f"medians of {args.runs} runs"
    )
    print(f"{'':18} {'first answer text':>18} {'finished':>10}   (seconds after the event)")
    for name, values in results.items():
        extra = ""
        if values.get("informative"):
            extra = f"   informative update {median(values['informative']):.2f}"
        print(f"{name:18} {median(values['first']):>18.2f} {median(values['done']):>10.2f}{extra}")
    for platform in ("slack", "teams"):
        streamed = median(results[f"{platform} streamed"]["first"])
        baseline = median(results[f"{platform} baseline"]["first"])
        verdict = "meets" if streamed <= 1.0 else "MISSES"
        print(
            f"{platform}: first text {streamed:.2f} s vs {baseline:.2f} s not streamed "
            f"({baseline / streamed:.1f}x sooner); {verdict} the 1.0 s target"
        )


if __name__ == "__main__":
    main()
