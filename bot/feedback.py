"""Durable 👍/👎 feedback, shared by every platform: SQLite by default, PostgreSQL for replicas.

An answer is remembered when it is sent, and the buttons carry only its id, so a vote
is stored with the question, the sources and the mode that produced the answer. Adapters
store a vote before they acknowledge it: a call that returned has been committed (and
flushed to disk) and survives the process being killed, on either backend.

The tables are SQLAlchemy Core, so one set of statements serves both databases. The
schema carries a version (table ``rolebot_schema``); opening a store upgrades an older
database in place, one step per version, under a lock so replicas starting together do
not race. Version 1 is the SQLite file of rolebot before versioning (no version table).
"""

from __future__ import annotations

import logging
import threading
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from bot.errors import DependencyError, reason_of
from bot.ops.logging import LogSafe
from bot.settings import Settings

Vote = Literal["up", "down"]

log = logging.getLogger("rolebot.feedback")

SCHEMA_VERSION = 2

metadata = sa.MetaData()
answers = sa.Table(
    "answers",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("platform", sa.Text, nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("sources", sa.Text, nullable=False),
    sa.Column("mode", sa.Text, nullable=False),
    # ISO 8601 in UTC, as version 1 stored it: sorts as time, reads the same everywhere.
    sa.Column("created_at", sa.Text, nullable=False),
)
votes = sa.Table(
    "votes",
    metadata,
    sa.Column("answer_id", sa.Text, sa.ForeignKey("answers.id"), primary_key=True),
    sa.Column("voter", sa.Text, primary_key=True),
    sa.Column("vote", sa.Text, sa.CheckConstraint("vote IN ('up', 'down')"), nullable=False),
    sa.Column("voted_at", sa.Text, nullable=False),
)
# Version 2: "the most recent 👎" no longer reads every vote.
recent_votes = sa.Index("ix_votes_vote_voted_at", votes.c.vote, votes.c.voted_at)
schema_table = sa.Table(
    "rolebot_schema",
    metadata,
    sa.Column("version", sa.Integer, nullable=False),
)


def _upgrade_1_to_2(db: Connection) -> None:
    schema_table.create(db, checkfirst=True)
    recent_votes.create(db, checkfirst=True)


# UPGRADES[n] takes a database at version n to n + 1.
UPGRADES: dict[int, Callable[[Connection], None]] = {1: _upgrade_1_to_2}


@dataclass(frozen=True)
class FeedbackSummary:
    """Counts for ``rolebot feedback`` and the most recent 👎 to look at first."""

    up: int
    down: int
    by_mode: dict[str, tuple[int, int]] = field(default_factory=dict)
    recent_down: list[tuple[str, str]] = field(default_factory=list)


class FeedbackStore:
    """Thread-safe. ``path`` is a SQLite file; ``database_url`` any SQLAlchemy URL
    (``postgresql+psycopg://…``, ``sqlite:///…``); exactly one of them.

    SQLite keeps one connection, opened once and used by one thread at a time: a connection
    per call made each call the database's last connection when it closed, and SQLite
    checkpoints the write-ahead log then: under a burst of 100 questions those checkpoints,
    one after another, were most of the Slack and Teams workers' time (py-spy,
    bench/chat_load.py). PostgreSQL gets a small pool: its commits run side by side.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        database_url: str | None = None,
        create: bool = True,
    ) -> None:
        if (path is None) == (database_url is None):
            raise ValueError("give a SQLite path or a database URL")
        self.path = path
        self._where = str(path) if path is not None else _describe_url(database_url or "")
        self._lock: threading.Lock | None = None
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            url = (
                sa.URL.create("sqlite", database=str(path))
                if path
                else sa.make_url(database_url or "")
            )
            if url.drivername in ("postgresql", "postgres"):  # the driver rolebot ships
                url = url.set(drivername="postgresql+psycopg")
            self.engine = _engine(url)
            if self.engine.dialect.name == "sqlite":
                self._lock = threading.Lock()  # one connection (StaticPool), one user at a time
            self.exists = self._migrate(create=create)
        except (OSError, SQLAlchemyError) as exc:
            raise self._unavailable(exc) from exc

    @classmethod
    def open(cls, settings: Settings, *, create: bool = True) -> FeedbackStore:
        """The store the settings name: ``ROLEBOT_DATABASE_URL``, else the SQLite file."""
        if settings.database_url is not None:
            return cls(database_url=settings.database_url.get_secret_value(), create=create)
        return cls(settings.feedback_path, create=create)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _transaction(self, *, durable: bool = False) -> Iterator[Connection]:
        """One transaction (committed on success), holding the lock on SQLite.

        Every commit survives the process being killed. ``durable`` also waits for the
        disk (fsync), so it survives power loss too: for votes, which are acknowledged. An
        answer's record does not wait: fsync took p50 5 ms, p99 64 ms on a busy 2-core
        machine, and a burst's answers queue for it one after another.
        """
        with self._lock or nullcontext():
            options = {"rolebot_synchronous": "FULL" if durable else "NORMAL"}
            with self.engine.connect().execution_options(**options) as db, db.begin():
                if not durable and self.dialect == "postgresql":
                    # The same trade as SQLite's NORMAL: committed and crash-safe for the
                    # server, without waiting for the WAL flush.
                    db.execute(sa.text("SET LOCAL synchronous_commit TO OFF"))
                yield db

    def remember_answer(
        self, *, platform: str, question: str, sources: list[str], mode: str
    ) -> str | None:
        """Store what was answered; returns the id the feedback buttons carry, or None when
        the database is unavailable (the answer is still sent, without buttons)."""
        answer_id = uuid.uuid4().hex
        row = {
            "id": answer_id,
            "platform": platform,
            "question": question,
            "sources": "\n".join(sources),
            "mode": mode,
            "created_at": _now(),
        }
        try:
            with self._transaction() as db:
                db.execute(answers.insert().values(**row))
        except SQLAlchemyError as exc:
            log.warning(
                "answer sent without feedback buttons: the feedback database is unavailable (%s)",
                LogSafe(_reason(exc)),
            )
            return None
        return answer_id

    def record_vote(self, *, answer_id: str, voter: str, vote: Vote) -> bool:
        """Store or change ``voter``'s vote; False when the answer id is unknown.

        Durable when it returns: callers acknowledge the vote afterwards. Raises
        :class:`DependencyError` when the database is unavailable.
        """
        try:
            with self._transaction(durable=True) as db:
                known = db.execute(sa.select(answers.c.id).where(answers.c.id == answer_id))
                if known.first() is None:
                    return False
                insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
                statement = insert(votes).values(
                    answer_id=answer_id, voter=voter, vote=vote, voted_at=_now()
                )
                db.execute(
                    statement.on_conflict_do_update(
                        index_elements=[votes.c.answer_id, votes.c.voter],
                        set_={
                            "vote": statement.excluded.vote,
                            "voted_at": statement.excluded.voted_at,
                        },
                    )
                )
        except SQLAlchemyError as exc:
            raise self._unavailable(exc) from exc
        return True

    def summary(self, *, recent: int = 5) -> FeedbackSummary:
        joined = votes.join(answers, answers.c.id == votes.c.answer_id)
        counts = (
            sa.select(answers.c.mode, votes.c.vote, sa.func.count())
            .select_from(joined)
            .group_by(answers.c.mode, votes.c.vote)
        )
        down = (
            sa.select(answers.c.question, answers.c.sources)
            .select_from(joined)
            .where(votes.c.vote == "down")
            .order_by(votes.c.voted_at.desc())
            .limit(recent)
        )
        try:
            with self._transaction() as db:
                rows = db.execute(counts).all()
                recent_down = [(q, s) for q, s in db.execute(down).all()]
        except SQLAlchemyError as exc:
            raise self._unavailable(exc) from exc
        by_mode: dict[str, tuple[int, int]] = {}
        for mode, vote, count in rows:
            up, dn = by_mode.get(mode, (0, 0))
            by_mode[mode] = (up + count, dn) if vote == "up" else (up, dn + count)
        return FeedbackSummary(
            up=sum(u for u, _ in by_mode.values()),
            down=sum(d for _, d in by_mode.values()),
            by_mode=by_mode,
            recent_down=recent_down,
        )

    def schema_version(self) -> int:
        with self._transaction() as db:
            return _version(db)

    def check(self) -> tuple[bool, dict[str, Any]]:
        """(reachable, details) for ``/readyz``: one trivial query."""
        try:
            with self._transaction() as db:
                db.execute(sa.select(sa.literal(1)))
        except SQLAlchemyError as exc:
            return False, {"backend": self.dialect, "reachable": False, "reason": _reason(exc)}
        return True, {"backend": self.dialect, "reachable": True}

    def _migrate(self, *, create: bool) -> bool:
        """Bring the schema to SCHEMA_VERSION; False when there is none and ``create`` is off."""
        with self._lock or nullcontext(), self.engine.connect() as db:
            db = db.execution_options(rolebot_begin="IMMEDIATE")
            with db.begin():
                if self.dialect == "postgresql":  # replicas starting together take turns
                    db.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_ID)))
                version = _version(db)
                if version == 0 and not create:
                    return False
                if version > SCHEMA_VERSION:
                    raise DependencyError(
                        f"the feedback database {self._where} has schema version {version}, "
                        f"newer than this rolebot's {SCHEMA_VERSION}; upgrade rolebot."
                    )
                if version == 0:
                    metadata.create_all(db)
                else:
                    for step in range(version, SCHEMA_VERSION):
                        UPGRADES[step](db)
                if version != SCHEMA_VERSION:
                    db.execute(schema_table.delete())
                    db.execute(schema_table.insert().values(version=SCHEMA_VERSION))
                    if version:
                        log.info(
                            "feedback database upgraded from schema %d to %d",
                            version,
                            SCHEMA_VERSION,
                        )
        return True

    def _unavailable(self, exc: BaseException) -> DependencyError:
        if isinstance(exc, DependencyError):
            return exc
        hint = (
            "set ROLEBOT_FEEDBACK_DB or ROLEBOT_DATA_DIR to a writable place"
            if self.path is not None
            else "check ROLEBOT_DATABASE_URL and that the database server is running"
        )
        return DependencyError(
            f"cannot use the feedback database {self._where} ({_reason(exc)}); {hint}."
        )


_LOCK_ID = zlib.crc32(b"rolebot feedback schema")


def _version(db: Connection) -> int:
    """0: no schema; 1: the tables without a version (rolebot before versioning)."""
    tables = set(sa.inspect(db).get_table_names())
    if schema_table.name in tables:
        found = db.execute(sa.select(sa.func.max(schema_table.c.version))).scalar()
        return int(found or 1)
    return 1 if answers.name in tables else 0


def _engine(url: sa.URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(
            url,
            poolclass=StaticPool,
            connect_args={"timeout": 10, "check_same_thread": False},
        )

        @sa.event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            # The driver's own transaction handling would not wrap DDL; SQLAlchemy's "begin"
            # below does, so a schema upgrade is all or nothing.
            dbapi_connection.isolation_level = None
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

        @sa.event.listens_for(engine, "begin")
        def _begin(db: Connection) -> None:
            options = db.get_execution_options()
            synchronous = options.get("rolebot_synchronous", "FULL")
            db.exec_driver_sql(f"PRAGMA synchronous={synchronous}")
            db.exec_driver_sql(f"BEGIN {options.get('rolebot_begin', 'DEFERRED')}")

        return engine
    return sa.create_engine(
        url,
        pool_size=8,
        max_overflow=8,
        pool_pre_ping=True,  # a restarted server's dead connections are replaced, not used
        connect_args={"connect_timeout": 5},
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _describe_url(url: str) -> str:
    """``host:port/db`` of a database URL, never its password."""
    try:
        parsed = sa.make_url(url)
    except Exception:
        return "(unparseable URL)"
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "(memory)"
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    return f"{where}/{parsed.database}" if parsed.database else where


def _reason(exc: BaseException) -> str:
    """Why, in a few words, without the statement or its parameters (they hold questions)."""
    original = getattr(exc, "orig", None) or exc
    reason = reason_of(original)
    first_line = reason.splitlines()[0] if reason else type(original).__name__
    if "password authentication failed" in first_line:
        return "password authentication failed"
    if "Connection refused" in first_line or "connection refused" in first_line:
        return "connection refused"
    if "readonly database" in first_line:
        return "read-only"
    if "unable to open database file" in first_line:
        return "cannot open the file"
    return first_line[:160]
