"""The engine's request and reply types: the one vocabulary adapters translate to and from.

Plain dataclasses so the core stays cheap to import and every platform (CLI, Slack, Teams)
renders the same facts without knowing how they were produced.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Role = Literal["user", "assistant"]
AnswerMode = Literal["extractive", "llm"]
Intent = Literal["question", "salary", "job_description", "help"]
# Between a document's title and a heading path, wherever a place in the knowledge is named.
LABEL_SEP = " › "


@dataclass(frozen=True)
class Turn:
    """One earlier message of the conversation, oldest first in a history list."""

    role: Role
    text: str


@dataclass(frozen=True)
class Source:
    """A numbered citation: the chunk an answer used, and where it lives in the knowledge."""

    n: int
    title: str
    section: str
    path: str
    score: float
    text: str

    @property
    def label(self) -> str:
        """``Title › Section``: how every platform names the source, and how feedback keeps it."""
        return f"{self.title}{LABEL_SEP}{self.section}"


@dataclass(frozen=True)
class Answer:
    """A reply to a question. ``found`` is False when the knowledge base does not cover it."""

    answer: str
    found: bool
    mode: AnswerMode
    sources: list[Source] = field(default_factory=list)
    # One line for the user when something degraded (e.g. the LLM was unreachable).
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``ask --json`` contract (``note`` is added only when present)."""
        data: dict[str, Any] = {
            "answer": self.answer,
            "found": self.found,
            "mode": self.mode,
            "sources": [asdict(s) for s in self.sources],
        }
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Request:
    """What a user asked, from any platform.

    ``history`` holds the earlier turns of the same thread or conversation, oldest first,
    not including ``text`` itself. ``user_id`` and ``channel_id`` say who asked and where,
    in the platform's own ids (Slack user/channel ids; a Teams user's AAD object id and the
    Teams channel or conversation id): the engine decides from them who may see salary
    figures, so adapters only pass them through.
    """

    text: str
    history: list[Turn] = field(default_factory=list)
    platform: str = "cli"
    # Forced intent from a slash command or command word; None lets the router decide.
    intent: Intent | None = None
    user_id: str | None = None
    channel_id: str | None = None


@dataclass(frozen=True)
class SourceRef:
    """Where a figure or a bullet came from: document title and heading path.

    ``path`` is the knowledge file (as in :class:`Source`), empty when not known.
    """

    title: str
    section: str
    path: str = ""

    @property
    def label(self) -> str:
        """``Title › Section``, as :attr:`Source.label`."""
        return f"{self.title}{LABEL_SEP}{self.section}"


@dataclass(frozen=True)
class SalaryFigure:
    """One figure from the salary table, exactly as the knowledge states it."""

    role: str
    level: str | None
    location: str | None
    label: str
    low: int
    high: int
    currency: str
    period: str
    year: int | None
    source: SourceRef


@dataclass(frozen=True)
class SalaryResult:
    """A salary lookup: the matching figures (never averaged or invented) and notes."""

    query: str
    found: bool
    ranges: list[SalaryFigure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    known_roles: list[str] = field(default_factory=list)
    # Friendly sentence for humans (e.g. "I don't have figures for 'pastry chef'...").
    message: str = ""
    # Notes the message says too: a tool reading ``notes`` needs them, a reader who has just
    # read the first line does not need them again below the figures.
    headlined: list[str] = field(default_factory=list)
    # Notes an earlier reply in the thread showed ("The knowledge base gives
    # different figures…" on every follow-up): said once in a thread, not on every turn.
    said_before: list[str] = field(default_factory=list)

    def notes_below(self) -> list[str]:
        """The notes to show under ``message``, or every note when there is no message."""
        if not self.message or self.message in self.notes:
            return [n for n in self.notes if n not in self.said_before]
        return [n for n in self.notes if n not in self.headlined and n not in self.said_before]

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``salary --json`` contract."""
        return {
            "query": self.query,
            "found": self.found,
            "ranges": [asdict(r) for r in self.ranges],
            "notes": list(self.notes),
            "known_roles": list(self.known_roles),
        }


@dataclass(frozen=True)
class JDBullet:
    """One line of a job description and the knowledge section it came from."""

    text: str
    source: SourceRef


@dataclass(frozen=True)
class JDSection:
    """A titled part of a job description (Responsibilities, Required qualifications, ...).

    ``placeholders`` are lines the hiring team must fill in before posting ("[TODO: ...]"):
    what the knowledge cannot say (the company, how to apply) or says nothing about.
    """

    heading: str
    bullets: list[JDBullet] = field(default_factory=list)
    paragraph: str | None = None
    placeholders: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class JobDescription:
    """A postable job-description draft, every bullet traceable to the knowledge.

    ``notes`` are for the reviewer (what the knowledge does not cover, which figure was
    chosen); ``markdown`` ends with them as a block to delete before posting. ``note`` is
    one line when something degraded (the LLM polish was unavailable or rejected).
    """

    title: str
    sections: list[JDSection]
    markdown: str
    notes: list[str] = field(default_factory=list)
    mode: AnswerMode = "extractive"
    note: str | None = None

    @property
    def found(self) -> bool:
        """False when nothing was drafted (unknown role): ``markdown`` then only says why."""
        return bool(self.sections)

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``jd --format json`` contract."""
        return {
            "title": self.title,
            "found": self.found,
            "mode": self.mode,
            "sections": [asdict(section) for section in self.sections],
            "markdown": self.markdown,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class HelpReply:
    """What the bot can do, for ``help`` and for messages it cannot use."""

    text: str


@dataclass(frozen=True)
class ErrorReply:
    """A plain-language explanation of why no answer could be produced."""

    text: str
    # True when a dependency (the index, a model server) was unavailable: chat adapters say
    # so politely, the CLI exits with its "dependency unavailable" code.
    unavailable: bool = False


Reply = Answer | SalaryResult | JobDescription | HelpReply | ErrorReply
