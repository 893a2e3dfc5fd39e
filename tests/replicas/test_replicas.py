"""Two replicas behind one URL, sharing a real Redis and a real PostgreSQL: Slack retries
that land on the other replica, a replica that dies mid-answer, a Teams conversation that
moves between replicas, votes from both in one ``rolebot feedback``, and a Redis outage.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import build_rolebot
from bot.cli import main
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.index.chroma import open_chroma
from bot.models import Reply, Request
from bot.service import RoleBot
from bot.settings import Settings
from tests.fakes.bot_connector import FakeBotConnector
from tests.fakes.slack_api import BOT_USER_ID, TOKEN, FakeSlack
from tests.replicas.cluster import Replica, answer_id_in, start_replica
from tests.servers import RedisServer
from tests.slack.harness import CHANNEL, SIGNING_SECRET, SlackClientSide, visible_text
from tests.teams.activities import message

pytestmark = pytest.mark.slow

QUESTION = "what does a lead MLOps engineer own for monitoring?"


class RecordingBot:
    """The real engine, remembering what it was asked (to see the history a replica had)."""

    def __init__(self, inner: RoleBot) -> None:
        self.inner = inner
        self.index = inner.index  # for /readyz
        self.requests: list[Request] = []

    def handle(self, request: Request) -> Reply:
        self.requests.append(request)
        return self.inner.handle(request)


class StuckBot:
    """An engine that never finishes, like a replica's worker at the moment it is killed."""

    def __init__(self, inner: RoleBot) -> None:
        self.index = inner.index
        self.started = threading.Event()
        self.release = threading.Event()
        self.inner = inner

    def handle(self, request: Request) -> Reply:
        self.started.set()
        self.release.wait(60)
        raise RuntimeError("this replica is gone")


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def connector() -> Iterator[FakeBotConnector]:
    with FakeBotConnector() as fake:
        yield fake


@pytest.fixture
def replica_settings(
    settings: Settings, fake_slack: FakeSlack, redis_url: str, database_url: str
) -> Settings:
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr(TOKEN),
            "slack_signing_secret": SecretStr(SIGNING_SECRET),
            "slack_api_url": fake_slack.api_url,
            "redis_url": SecretStr(redis_url),
            "database_url": SecretStr(database_url),
        }
    )


@pytest.fixture
def make_engine(
    replica_settings: Settings, embedder: MiniLMEmbeddings
) -> Callable[..., RecordingBot]:
    client = open_chroma(replica_settings)  # one index, as replicas share one Chroma server

    def make(settings: Settings | None = None) -> RecordingBot:
        from bot.state import SharedState

        settings = settings or replica_settings
        shared = SharedState.from_settings(settings)
        bot = build_rolebot(settings, client=client, embedder=embedder, shared=shared)
        return RecordingBot(bot)

    return make


@pytest.fixture
def cluster(
    replica_settings: Settings, make_engine: Callable[..., RecordingBot], fake_slack: FakeSlack
) -> Iterator[Callable[..., Replica]]:
    started: list[Replica] = []
    ids = itertools.count(1)  # one Slack: event and trigger ids unique across replicas

    def start(name: str, engine: Any = None, settings: Settings | None = None) -> Replica:
        settings = settings or replica_settings
        replica = start_replica(name, settings, engine or make_engine(settings), fake_slack)
        replica.slack._ids = ids
        started.append(replica)
        return replica

    yield start
    for replica in reversed(started):
        replica.stop()


def mention_body(slack: SlackClientSide, question: str, event_id: str) -> tuple[str, str]:
    """A signed-ready app_mention body and its message ts (the thread it is answered in)."""
    event = slack.user_message(f"<@{BOT_USER_ID}> {question}", event_type="app_mention")
    return slack.event_body(event, event_id=event_id), event["ts"]


def answers_in(slack: SlackClientSide, thread_ts: str) -> list[dict[str, Any]]:
    return slack.wait_answer(CHANNEL, thread_ts)


def settle(seconds: float = 1.5) -> None:
    """Time for a second, wrong answer to arrive if one were coming."""
    time.sleep(seconds)


def test_slack_retry_on_the_other_replica_is_answered_once(
    cluster: Callable[..., Replica], fake_slack: FakeSlack
) -> None:
    a, b = cluster("a"), cluster("b")
    body, ts = mention_body(a.slack, QUESTION, "EvRetry1")

    assert a.slack.post(body, "application/json").status == 200
    assert b.slack.post(body, "application/json", retry_num=1).status == 200

    [answer] = answers_in(a.slack, ts)
    assert "[1]" in visible_text(answer)
    settle()
    assert len(a.slack.bot_messages(CHANNEL, ts)) == 1
    assert b.duplicates == ["slack"]


def test_a_mention_delivered_as_two_events_to_two_replicas_is_answered_once(
    cluster: Callable[..., Replica],
) -> None:
    a, b = cluster("a"), cluster("b")
    event = a.slack.user_message(f"<@{BOT_USER_ID}> {QUESTION}", event_type="app_mention")
    as_message = {**event, "type": "message", "channel_type": "channel"}

    assert (
        a.slack.post(a.slack.event_body(event, event_id="EvM1"), "application/json").status == 200
    )
    assert (
        b.slack.post(b.slack.event_body(as_message, event_id="EvM2"), "application/json").status
        == 200
    )

    answers_in(a.slack, event["ts"])
    settle()
    assert len(a.slack.bot_messages(CHANNEL, event["ts"])) == 1


def test_a_delivery_left_unfinished_by_a_replica_that_died_is_answered_by_the_retry(
    cluster: Callable[..., Replica], make_engine: Callable[..., RecordingBot]
) -> None:
    stuck = StuckBot(make_engine().inner)
    dying, survivor = cluster("dying", stuck), cluster("survivor")
    body, ts = mention_body(survivor.slack, QUESTION, "EvDie1")
    try:
        assert dying.slack.post(body, "application/json").status == 200
        assert stuck.started.wait(10)  # the dying replica has it in hand

        # Slack's retry reaches the survivor while the first replica still lives: parked.
        assert survivor.slack.post(body, "application/json", retry_num=1).status == 200
        settle(1.0)
        assert not [m for m in survivor.slack.bot_messages(CHANNEL, ts) if m.get("blocks")]

        assert dying.shared.presence is not None
        dying.shared.presence.stop()  # its heartbeat stops, as when the process is killed

        # The dead replica's "thinking" status stays behind; the answer comes from the survivor.
        [answer] = survivor.slack.fake.wait_for(
            lambda: [m for m in survivor.slack.bot_messages(CHANNEL, ts) if m.get("blocks")],
            what="the survivor's answer",
        )
        assert "[1]" in visible_text(answer)
        settle()
        assert len([m for m in survivor.slack.bot_messages(CHANNEL, ts) if m.get("blocks")]) == 1
    finally:
        stuck.release.set()


def test_a_teams_conversation_started_on_one_replica_continues_on_the_other(
    cluster: Callable[..., Replica], connector: FakeBotConnector
) -> None:
    a, b = cluster("a"), cluster("b")
    first = message(QUESTION, service_url=connector.url, conversation_id="a:moving")
    assert a.teams.post(first).status_code in (200, 201)
    [answer] = connector.wait_for_messages(1)
    a.stop()

    follow_up = message("and which tools for that?", service_url=connector.url,
                        conversation_id="a:moving")  # fmt: skip
    assert b.teams.post(follow_up).status_code in (200, 201)

    connector.wait_for_messages(2)
    [request] = b.engine.requests
    assert [turn.role for turn in request.history] == ["user", "assistant"]
    assert request.history[0].text == QUESTION
    assert answer.cards[0]["body"][0]["text"][:40] in request.history[1].text


def test_a_teams_retry_on_the_other_replica_is_answered_once(
    cluster: Callable[..., Replica], connector: FakeBotConnector
) -> None:
    a, b = cluster("a"), cluster("b")
    activity = message(QUESTION, service_url=connector.url, activity_id="act-retry-1")

    assert a.teams.post(activity).status_code in (200, 201)
    assert b.teams.post(activity).status_code == 200

    settle()
    assert len(connector.messages) == 1
    assert b.duplicates == ["teams"]


def test_votes_cast_on_both_replicas_appear_in_one_rolebot_feedback(
    cluster: Callable[..., Replica],
    connector: FakeBotConnector,
    replica_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a, b = cluster("a"), cluster("b")
    body, ts = mention_body(a.slack, QUESTION, "EvVote1")
    a.slack.post(body, "application/json")
    [answer] = answers_in(a.slack, ts)
    vote_id = answer_id_in(answer)
    assert vote_id

    up_on_a, _ = a.slack.click("feedback_up", vote_id, user="U1")
    down_on_b, _ = b.slack.click("feedback_down", vote_id, user="U2")
    assert (up_on_a.status, down_on_b.status) == (200, 200)

    b.teams.post(message(QUESTION, service_url=connector.url))
    [card_reply] = connector.wait_for_messages(1)
    down = card_reply.cards[0]["actions"][1]["data"]
    a.teams.post(message(None, service_url=connector.url, value=down))  # answered on B

    assert replica_settings.database_url is not None
    monkeypatch.setenv("ROLEBOT_DATABASE_URL", replica_settings.database_url.get_secret_value())
    assert main(["feedback"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Feedback: 3 votes, 1 👍 / 2 👎")


def test_rate_limit_counts_one_person_across_replicas(
    cluster: Callable[..., Replica],
    make_engine: Callable[..., RecordingBot],
    replica_settings: Settings,
    connector: FakeBotConnector,
) -> None:
    limited = replica_settings.model_copy(update={"rate_limit_per_minute": 3})
    a = cluster("a", make_engine(limited), limited)
    b = cluster("b", make_engine(limited), limited)
    sender = {"id": "29:noisy", "name": "Noisy", "aadObjectId": "aad-noisy"}
    for i, replica in enumerate([a, b, a, b]):
        sent = message(f"{QUESTION} ({i})", service_url=connector.url, sender=sender)
        replica.teams.post(sent)
    replies = connector.wait_for_messages(4)
    assert all(r.cards for r in replies[:3])  # three answers
    assert "as many as I take from one person" in replies[3].text
    assert "Please ask again in" in replies[3].text


def test_while_redis_is_down_both_replicas_answer_and_say_why_then_share_again(
    cluster: Callable[..., Replica], redis_server: RedisServer, connector: FakeBotConnector
) -> None:
    a, b = cluster("a"), cluster("b")
    assert a.readyz()[0] == 200

    redis_server.stop()
    try:
        for replica, event_id in ((a, "EvDown1"), (b, "EvDown2")):
            body, ts = mention_body(replica.slack, QUESTION, event_id)
            assert replica.slack.post(body, "application/json").status == 200
            [answer] = answers_in(replica.slack, ts)
            assert "[1]" in visible_text(answer)
        for replica in (a, b):
            status, body_json = replica.readyz()
            assert status == 503
            assert body_json["redis"]["reachable"] is False
            assert body_json["redis"]["reason"] == "connection refused"
            assert body_json["reason"].startswith("Redis is unreachable (connection refused)")
        # Teams too, and its conversation continues on the replica that has it in memory.
        b.teams.post(message(QUESTION, service_url=connector.url, conversation_id="a:outage"))
        connector.wait_for_messages(1)
    finally:
        redis_server.start()

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (a.readyz()[0], b.readyz()[0]) != (200, 200):
        time.sleep(0.2)
    assert (a.readyz()[0], b.readyz()[0]) == (200, 200)

    # Shared again: a retry that reaches the other replica is dropped there.
    body, ts = mention_body(a.slack, QUESTION, "EvBack1")
    a.slack.post(body, "application/json")
    b.slack.post(body, "application/json", retry_num=1)
    answers_in(a.slack, ts)
    settle()
    assert len(a.slack.bot_messages(CHANNEL, ts)) == 1
    assert b.duplicates == ["slack"]


def test_thread_follow_ups_read_only_what_is_new_whichever_replica_answers(
    cluster: Callable[..., Replica], fake_slack: FakeSlack
) -> None:
    a, b = cluster("a"), cluster("b")
    root = a.slack.user_message("a thread about monitoring", channel=CHANNEL)
    for i in range(20):  # a long thread: two pages of conversations.replies to read it all
        a.slack.user_message(f"chatter {i}", thread_ts=root["ts"])
    question = a.slack.user_message(
        f"<@{BOT_USER_ID}> {QUESTION}", event_type="app_mention", thread_ts=root["ts"]
    )
    a.slack.post(a.slack.event_body(question, event_id="EvT1"), "application/json")
    answers_in(a.slack, root["ts"])
    full_reads = len(fake_slack.calls_to("conversations.replies"))
    assert full_reads >= 2

    def follow_up(replica: Replica, text: str, event_id: str, answers: int) -> list[Any]:
        before = len(fake_slack.calls_to("conversations.replies"))
        event = replica.slack.user_message(text, thread_ts=root["ts"])
        event["channel_type"] = "channel"
        replica.slack.post(replica.slack.event_body(event, event_id=event_id), "application/json")
        fake_slack.wait_for(
            lambda: (
                len([m for m in a.slack.bot_messages(CHANNEL, root["ts"]) if m.get("blocks")])
                == answers
            ),
            what=f"answer {answers}",
        )
        return fake_slack.calls_to("conversations.replies")[before:]

    # On the other replica: the first replica's read is reused, only what followed is asked.
    [read] = follow_up(b, "and which alerts matter?", "EvT2", 2)
    assert read.args["oldest"] == question["ts"]
    [request] = [r for r in b.engine.requests if r.text == "and which alerts matter?"]
    assert request.history[-2].text == QUESTION  # the thread is still the context
    assert request.history[-1].role == "assistant"

    # An edited message in the thread: its cached copy is dropped and the thread read again.
    edit = {
        "type": "message",
        "subtype": "message_changed",
        "channel": CHANNEL,
        "message": {"ts": root["ts"], "thread_ts": root["ts"], "text": "edited", "user": "U1"},
        "ts": fake_slack.next_ts(),
    }
    a.slack.post(a.slack.event_body(edit, event_id="EvT3"), "application/json")
    reads = follow_up(a, "and what about drift?", "EvT4", 3)
    assert len(reads) >= 2 and "oldest" not in reads[0].args
