"""The feedback store on SQLite and on a real PostgreSQL: votes from every replica in one
place, a versioned schema upgraded in place from today's SQLite file, and ``rolebot
feedback`` reading whichever store is configured."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

from bot.cli import main
from bot.errors import DependencyError
from bot.feedback import SCHEMA_VERSION, FeedbackStore
from bot.settings import load_settings
from tests.servers import PostgresServer

# The schema rolebot wrote before it was versioned (bot/feedback.py of the previous release).
VERSION_1_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    question TEXT NOT NULL,
    sources TEXT NOT NULL,
    mode TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id TEXT NOT NULL REFERENCES answers(id),
    voter TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    voted_at TEXT NOT NULL,
    PRIMARY KEY (answer_id, voter)
);
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path):
    """Opens a store (one per replica) on the same database, for each backend."""
    if request.param == "sqlite":
        path = tmp_path / "feedback.sqlite3"
        opened: list[FeedbackStore] = []

        def sqlite_store() -> FeedbackStore:
            opened.append(FeedbackStore(path))
            return opened[-1]

        yield sqlite_store
    else:
        url = request.getfixturevalue("database_url")
        opened = []

        def pg_store() -> FeedbackStore:
            opened.append(FeedbackStore(database_url=url))
            return opened[-1]

        yield pg_store
    for store in opened:
        store.close()


def _answer(store: FeedbackStore, question: str, mode: str = "extractive") -> str:
    answer_id = store.remember_answer(
        platform="slack", question=question, sources=["Guide › Monitoring"], mode=mode
    )
    assert answer_id is not None
    return answer_id


def test_votes_from_two_replicas_are_counted_together(open_store) -> None:
    replica_a, replica_b, reader = open_store(), open_store(), open_store()
    first = _answer(replica_a, "what does a lead own?")
    second = _answer(replica_b, "how is drift monitored?")

    assert replica_a.record_vote(answer_id=first, voter="U1", vote="up")
    assert replica_b.record_vote(answer_id=first, voter="U2", vote="up")  # A's answer, on B
    assert replica_a.record_vote(answer_id=second, voter="U1", vote="down")  # B's, on A
    assert replica_b.record_vote(answer_id=first, voter="U1", vote="down")  # a change of mind

    summary = reader.summary()
    assert (summary.up, summary.down) == (1, 2)
    assert summary.recent_down[0] == ("what does a lead own?", "Guide › Monitoring")
    assert {q for q, _ in summary.recent_down} == {
        "what does a lead own?",
        "how is drift monitored?",
    }


def test_a_vote_for_an_unknown_answer_is_not_stored(open_store) -> None:
    store = open_store()
    assert not store.record_vote(answer_id="nope", voter="U1", vote="up")
    assert store.summary().up == 0


def test_replicas_starting_together_create_the_schema_once(database_url: str) -> None:
    stores: list[FeedbackStore] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            stores.append(FeedbackStore(database_url=database_url))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    assert {store.schema_version() for store in stores} == {SCHEMA_VERSION}
    with psycopg.connect(database_url) as db:
        assert db.execute("SELECT count(*) FROM rolebot_schema").fetchone() == (1,)
    for store in stores:
        store.close()


def test_a_vote_is_visible_to_another_connection_when_record_vote_returns(
    database_url: str,
) -> None:
    store = FeedbackStore(database_url=database_url)
    answer_id = _answer(store, "q")
    assert store.record_vote(answer_id=answer_id, voter="U9", vote="up")
    with psycopg.connect(database_url) as db:  # not the store's connection
        rows = db.execute("SELECT answer_id, voter, vote FROM votes").fetchall()
    assert rows == [(answer_id, "U9", "up")]
    store.close()


def test_todays_sqlite_file_is_upgraded_in_place_keeping_every_vote(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(VERSION_1_SCHEMA)
        db.execute(
            "INSERT INTO answers VALUES ('a1', 'slack', 'old question', 'Guide › Skills', "
            "'extractive', '2026-01-02T03:04:05+00:00')"
        )
        db.execute(
            "INSERT INTO answers VALUES ('a2', 'teams', 'older question', '', 'llm', "
            "'2026-01-01T00:00:00+00:00')"
        )
        db.execute("INSERT INTO votes VALUES ('a1', 'U1', 'down', '2026-01-02T03:05:00+00:00')")
        db.execute("INSERT INTO votes VALUES ('a2', 'U2', 'up', '2026-01-01T00:01:00+00:00')")

    store = FeedbackStore(path)
    assert store.schema_version() == SCHEMA_VERSION
    summary = store.summary()
    assert (summary.up, summary.down) == (1, 1)
    assert summary.by_mode == {"extractive": (0, 1), "llm": (1, 0)}
    assert summary.recent_down == [("old question", "Guide › Skills")]

    # The upgraded file takes new answers and votes, and changed votes, like a new one.
    fresh = _answer(store, "new question")
    assert store.record_vote(answer_id=fresh, voter="U1", vote="down")
    assert store.record_vote(answer_id="a1", voter="U1", vote="up")
    summary = store.summary()
    assert (summary.up, summary.down) == (2, 1)
    assert summary.recent_down[0][0] == "new question"
    store.close()

    with closing(sqlite3.connect(path)) as db:
        indexes = {row[1] for row in db.execute("PRAGMA index_list('votes')")}
    assert "ix_votes_vote_voted_at" in indexes
    # Opening it again changes nothing.
    assert FeedbackStore(path).schema_version() == SCHEMA_VERSION


def test_a_database_from_a_newer_rolebot_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    FeedbackStore(path).close()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE rolebot_schema SET version = 99")
    with pytest.raises(DependencyError, match=r"schema version 99, newer than this rolebot"):
        FeedbackStore(path)


def test_rolebot_feedback_reads_postgresql_when_configured(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ROLEBOT_DATABASE_URL", database_url)
    assert main(["feedback"]) == 0
    assert capsys.readouterr().out == "No feedback yet.\n"  # and nothing was created:
    with psycopg.connect(database_url) as db:
        tables = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchall() == []

    store = FeedbackStore.open(load_settings())
    answer_id = _answer(store, "how is drift monitored?", mode="llm")
    store.record_vote(answer_id=answer_id, voter="U1", vote="down")
    store.close()

    assert main(["feedback"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Feedback: 1 votes, 0 👍 / 1 👎")
    assert "  - how is drift monitored?  [Guide › Monitoring]" in out


def test_an_unreachable_database_is_one_line_without_the_password(
    postgres_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.servers import free_port

    monkeypatch.setenv(
        "ROLEBOT_DATABASE_URL", f"postgresql://rolebot:s3cret-pw@127.0.0.1:{free_port()}/x"
    )
    assert main(["feedback"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("rolebot: cannot use the feedback database 127.0.0.1:")
    assert "connection refused" in err and "s3cret" not in err
    assert len(err.strip().splitlines()) == 1


def test_answers_still_go_out_while_the_database_is_down(
    postgres_server: PostgresServer, database_url: str
) -> None:
    store = FeedbackStore(database_url=database_url)
    postgres_server.stop()
    try:
        # No id means no 👍/👎 buttons, but the answer itself is sent.
        assert store.remember_answer(platform="slack", question="q", sources=[], mode="x") is None
        with pytest.raises(DependencyError, match="cannot use the feedback database"):
            store.record_vote(answer_id="a", voter="U1", vote="up")
    finally:
        postgres_server.start()
    assert store.remember_answer(platform="slack", question="q", sources=[], mode="x")
    store.close()
