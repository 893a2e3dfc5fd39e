"""What the bot covers, told to people before they ask: greeting prompts and home pages.

Slack's assistant pane and App Home, and Teams' welcome card, all offer the same things:
the documents in the knowledge base with when each was last reviewed, three or four
questions worth asking, and who may see salary figures. They are computed here from the
knowledge itself (each document's front matter and its top-level headings), so a new
guide brings its own suggestions and no adapter hard-codes a question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from bot import messages
from bot.knowledge.documents import Document
from bot.knowledge.roles import Examples, role_examples
from bot.models import Request
from bot.salary_policy import SalaryPolicy

MAX_PROMPTS = 4
# Past this many ids, an allow-list is described by its size, not read out.
MAX_LISTED_IDS = 5


@dataclass(frozen=True)
class CoveredDocument:
    """One knowledge document as a reader would list it."""

    title: str
    path: str
    last_reviewed: str | None
    topics: tuple[str, ...]


@dataclass(frozen=True)
class SuggestedPrompt:
    """A question to offer: ``title`` is the short label, ``message`` what gets asked."""

    title: str
    message: str


@dataclass(frozen=True)
class SalaryAccess:
    """Who may see salary figures on one platform, and whether the viewer may.

    ``users`` and ``channels`` are the platform's ids, empty when the lists are longer than
    :data:`MAX_LISTED_IDS` (then only the counts are given).
    """

    restricted: bool
    viewer_allowed: bool
    users: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    user_count: int = 0
    channel_count: int = 0


@dataclass(frozen=True)
class _Topic:
    """Headings that name one kind of question, and how to ask it about a role."""

    words: tuple[str, ...]
    title: str
    question: str
    salary: bool = False


# In the order they are offered: what people most often ask about a role first.
_TOPICS = (
    _Topic(
        ("responsibilit",), "What the role owns", "What are the core responsibilities of a {role}?"
    ),
    _Topic(("skill", "requirement"), "Skills needed", "What skills does a {role} need?"),
    _Topic(
        ("salar", "compensation"), "Salary range", "What is the salary range for a {role}?", True
    ),
    _Topic(("challenge",), "Common challenges", "What are the common challenges for a {role}?"),
    _Topic(("best practice",), "Best practices", "What best practices should a {role} follow?"),
    _Topic(("career",), "Career path", "How does a {role} grow their career?"),
)
_JOB_DESCRIPTION = SuggestedPrompt(
    "Draft a job description", "Draft a job description for a {role}"
)


class KnowledgeGuide:
    """Reads the documents on each call, so what it says follows ``rolebot ingest``."""

    def __init__(
        self,
        *,
        documents: Callable[[], Sequence[Document]],
        salary_policy: SalaryPolicy,
        drafts_job_descriptions: bool = True,
    ) -> None:
        self._documents = documents
        self._policy = salary_policy
        self._drafts = drafts_job_descriptions

    def greeting(self) -> str:
        """One line: who the bot is and what it covers, by document title."""
        titles = [doc.title for doc in self._documents()]
        if not titles:
            return messages.GREETING_WITHOUT_GUIDE
        covered = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + f" and {titles[-1]}"
        return messages.GREETING.format(covered=covered)

    def coverage(self) -> list[CoveredDocument]:
        """Every document, in the knowledge base's order."""
        return [
            CoveredDocument(
                title=doc.title,
                path=doc.path,
                last_reviewed=_text(doc.meta.get("last_reviewed")),
                topics=tuple(s.path[0] for s in doc.sections if len(s.path) == 1),
            )
            for doc in self._documents()
        ]

    def suggested_prompts(self, asker: Request, limit: int = MAX_PROMPTS) -> list[SuggestedPrompt]:
        """Up to ``limit`` questions the knowledge answers, taken in turn from each document.

        A salary question is offered only to someone who may see the figures.
        """
        allowed = self._policy.allows(asker)
        per_document = [self._prompts_for(doc, salary=allowed) for doc in self._documents()]
        chosen: list[SuggestedPrompt] = []
        for rank in range(max((len(p) for p in per_document), default=0)):
            for prompts in per_document:
                if rank < len(prompts) and len(chosen) < limit:
                    chosen.append(prompts[rank])
        return chosen

    def help_text(self) -> str:
        """What "help" says, with examples from the knowledge."""
        return help_text(self._documents())

    def examples(self) -> Examples:
        """The first document's example requests, for a platform's own help (slash commands)."""
        documents = self._documents()
        return role_examples(documents[0] if documents else None)

    def salary_access(self, asker: Request) -> SalaryAccess:
        """Who may see figures on ``asker.platform``, and whether ``asker`` may."""
        policy = self._policy
        users = sorted(policy.users.get(asker.platform, frozenset()))
        channels = sorted(policy.channels.get(asker.platform, frozenset()))
        short = len(users) + len(channels) <= MAX_LISTED_IDS
        return SalaryAccess(
            restricted=policy.restricted,
            viewer_allowed=policy.allows(asker),
            users=tuple(users) if short else (),
            channels=tuple(channels) if short else (),
            user_count=len(users),
            channel_count=len(channels),
        )

    def _prompts_for(self, doc: Document, *, salary: bool) -> list[SuggestedPrompt]:
        role = _text(doc.meta.get("role")) or doc.title
        headings = [s.path[-1].lower() for s in doc.sections]
        prompts = [
            SuggestedPrompt(topic.title, topic.question.format(role=role))
            for topic in _TOPICS
            if (salary or not topic.salary)
            and any(word in heading for heading in headings for word in topic.words)
        ]
        if self._drafts:
            jd = SuggestedPrompt(_JOB_DESCRIPTION.title, _JOB_DESCRIPTION.message.format(role=role))
            prompts.insert(min(3, len(prompts)), jd)
        return prompts


def help_text(documents: Sequence[Document]) -> str:
    """What "help" says, with the first document's example requests (front matter
    ``examples``), so the examples always name a role the knowledge describes."""
    examples = role_examples(documents[0] if documents else None)
    text = messages.HELP.format(**asdict(examples))
    # "what topics do you cover?": the roles the knowledge describes, by name.
    roles = list(dict.fromkeys(_text(d.meta.get("role")) or d.title for d in documents))
    if not roles:
        return text
    first, rest = text.split("\n", 1)
    return f"{first}\n{messages.HELP_ROLES.format(roles=', '.join(roles))}\n{rest}"


def _text(value: object) -> str | None:
    """A front-matter value as text (YAML reads ``2026-11-26`` as a date)."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def guide_of(engine: object) -> KnowledgeGuide | None:
    """The engine's guide, if it has one (test engines that only ``handle`` do not)."""
    guide = getattr(engine, "guide", None)
    return guide if isinstance(guide, KnowledgeGuide) else None
