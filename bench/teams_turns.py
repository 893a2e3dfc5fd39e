"""How long the Bot Connector waits on rolebot's Teams endpoint: the HTTP turn, not the answer.

The Connector gives a bot about 15 s per turn. Three cases against the real aiohttp app on
loopback, replies going to the Bot Connector stand-in from the test suite:

- baseline: an engine that answers at once (the turn carries the answer);
- slow engine: answers after 3 s, with ``answer_timeout`` 1 s (the turn ends with
  "Working on it", the answer follows proactively);
- no token: an app id is configured and the request has no token (refused with 401 before
  any signing key is fetched).

Prints p50/p99 of each in milliseconds and the ratio to the baseline. The tests check only
the order of events (see tests/teams/test_replies_e2e.py and test_auth.py); speed lives here.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pydantic import SecretStr  # noqa: E402

from adapters.teams.app import build_teams_app  # noqa: E402
from bot.feedback import FeedbackStore  # noqa: E402
from bot.models import HelpReply, Reply, Request  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from tests.fakes.bot_connector import FakeBotConnector  # noqa: E402
from tests.teams.activities import message  # noqa: E402
from tests.teams.running import RunningServer  # noqa: E402

TURNS = 40
SLOW_TURNS = 8
ENGINE_SECONDS = 3.0
ANSWER_TIMEOUT = 1.0


class Engine:
    def __init__(self, delay: float) -> None:
        self.delay = delay

    def handle(self, request: Request) -> Reply:
        time.sleep(self.delay)
        return HelpReply("answer")


def turn_ms(
    server: RunningServer, connector: FakeBotConnector, count: int, status: int
) -> list[float]:
    samples = []
    for i in range(count):
        activity = message(f"question {i}", service_url=connector.url, conversation_id=f"a:{i}")
        started = time.perf_counter()
        response = server.post(activity)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == status, response.status_code
    return samples


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="teams-bench-"))
    settings = load_settings(data_dir=data / "data", teams_state_dir=data / "state")
    secured = settings.model_copy(
        update={"microsoft_app_id": "bench-app-id", "microsoft_app_password": SecretStr("x")}
    )
    feedback = FeedbackStore(data / "feedback.sqlite3")
    results: dict[str, list[float]] = {}
    with FakeBotConnector() as connector:
        app = build_teams_app(settings, engine=Engine(0.0), feedback=feedback)
        with RunningServer(app) as server:
            results["baseline (answer in the turn)"] = turn_ms(server, connector, TURNS, 201)
        app = build_teams_app(
            settings,
            engine=Engine(ENGINE_SECONDS),
            feedback=feedback,
            answer_timeout=ANSWER_TIMEOUT,
        )
        with RunningServer(app) as server:
            results[f"slow engine ({ENGINE_SECONDS:.0f} s)"] = turn_ms(
                server, connector, SLOW_TURNS, 201
            )
            connector.wait_for_messages(TURNS + 2 * SLOW_TURNS, timeout=60)  # late answers land
        app = build_teams_app(secured, engine=Engine(0.0), feedback=feedback)
        with RunningServer(app) as server:
            results["no token (401)"] = turn_ms(server, connector, TURNS, 401)

    base = statistics.median(results["baseline (answer in the turn)"])
    print(f"Teams HTTP turn, loopback, answer_timeout {ANSWER_TIMEOUT:.1f} s\n")
    print(f"{'case':<32}{'p50 ms':>9}{'p99 ms':>9}{'× baseline':>12}")
    for name, samples in results.items():
        ordered = sorted(samples)
        p50, p99 = (
            statistics.median(ordered),
            ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        )
        print(f"{name:<32}{p50:>9.1f}{p99:>9.1f}{p50 / base:>12.2f}")


if __name__ == "__main__":
    main()
