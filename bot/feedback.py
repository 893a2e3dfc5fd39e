"""Durable 👍/👎 feedback, shared by every platform (SQLite by default).

An answer is remembered when it is sent, and the buttons carry only its id, so a vote
is stored with the question, the sources and the mode that produced the answer. Adapters
store a vote before they acknowledge it: a call that returned has been committed to the
write-ahead log and survives the process being killed.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from bot.settings import DependencyError, reason_of

Vote = Literal["up", "down"]

SCHEMA = """
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


@dataclass(frozen=True)
class FeedbackSummary:
    """Counts for ``rolebot feedback`` and the most recent 👎 to look at first."""

    up: int
    down: int
    by_mode: dict[str, tuple[int, int]] = field(default_factory=dict)
    recent_down: list[tuple[str, str]] = field(default_factory=list)


class FeedbackStore:
    """Thread-safe: one connection, opened once, used by one thread at a time.

    A connection per call made each call the database's last connection when it closed,
    and SQLite checkpoints the write-ahead log then: under a burst of 100 questions those
    checkpoints, one after another, were most of the Slack and Teams workers' time
    (py-spy, bench/chat_load.py). Other processes (``rolebot feedback``, a second server)
    open their own store; SQLite's locking and the busy timeout serialize them.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=10, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            with self._connect() as db:
                db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise DependencyError(
                f"cannot open the feedback database {path} ({reason_of(exc)}); "
                "set ROLEBOT_FEEDBACK_DB or ROLEBOT_DATA_DIR to a writable place."
            ) from exc

    @contextmanager
    def _connect(self, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """The connection, locked, inside one transaction (committed on success).

        Every commit survives the process being killed (it is in the log). ``durable``
        also waits for the disk (fsync), so it survives power loss too: for votes, which
        are acknowledged. An answer's record does not wait: fsync took p50 5 ms, p99 64 ms
        on a busy 2-core machine, and a burst's answers queue for it one after another.
        """
        with self._lock:
            self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            with self._db:
                yield self._db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def remember_answer(
        self, *, platform: str, question: str, sources: list[str], mode: str
    ) -> str:
        """Store what was answered; returns the id the feedback buttons carry."""
        answer_id = uuid.uuid4().hex
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as db:
            db.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                (answer_id, platform, question, "\n".join(sources), mode, now),
            )
        return answer_id

    def record_vote(self, *, answer_id: str, voter: str, vote: Vote) -> bool:
        """Store or change ``voter``'s vote; False when the answer id is unknown.

        Durable when it returns: callers acknowledge the vote afterwards.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect(durable=True) as db:
            if db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                return False
            db.execute(
                "INSERT INTO votes VALUES (?, ?, ?, ?) ON CONFLICT(answer_id, voter) "
                "DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at",
                (answer_id, voter, vote, now),
            )
        return True

    def summary(self, *, recent: int = 5) -> FeedbackSummary:
        with self._connect() as db:
            rows = db.execute(
                "SELECT a.mode, v.vote, COUNT(*) FROM votes v JOIN answers a ON a.id = v.answer_id "
                "GROUP BY a.mode, v.vote"
            ).fetchall()
            down = db.execute(
                "SELECT a.question, a.sources FROM votes v JOIN answers a ON a.id = v.answer_id "
                "WHERE v.vote = 'down' ORDER BY v.voted_at DESC LIMIT ?",
                (recent,),
            ).fetchall()
        by_mode: dict[str, tuple[int, int]] = {}
        for mode, vote, count in rows:
            up, dn = by_mode.get(mode, (0, 0))
            by_mode[mode] = (up + count, dn) if vote == "up" else (up, dn + count)
        return FeedbackSummary(
            up=sum(u for u, _ in by_mode.values()),
            down=sum(d for _, d in by_mode.values()),
            by_mode=by_mode,
            recent_down=[(q, s) for q, s in down],
        )
