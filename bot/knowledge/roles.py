"""Which roles the knowledge describes (from front matter) and which roles a question names.

The covered roles are data: each document's ``role``, ``aliases`` and ``related_roles``
front-matter keys. Only the shape of a job title ("a lead data scientist", "an SRE") is
known to the code, so a question about a role no document describes can be declined
instead of being answered from the wrong guide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.errors import KnowledgeError
from bot.knowledge.documents import MAX_TITLE_CHARS, Document
from bot.salary.phrases import LEVELS

FRONT_MATTER_KEYS = ("role", "aliases", "related_roles")
LADDER_KEY = "ladder"

# The last word of a job title, and the chat abbreviations that stand for a whole title.
_HEADS = (
    r"engineers?|scientists?|analysts?|developers?|devs?|managers?|designers?|architects?|"
    r"researchers?|administrators?|admins?|consultants?|specialists?|technicians?|"
    r"recruiters?|programmers?|testers?|directors?|owners?"
)
_ABBREVIATIONS = r"sres?|swes?|mles?|pms?|ctos?|cios?|cisos?|cdos?|vps?\s+eng"
# The same words as a pattern for other modules ("what do SREs make?" asks about people).
TITLE_HEADS = _HEADS
TITLE_ABBREVIATIONS = _ABBREVIATIONS
# Seniority and management words: "senior data scientist" names the data scientist role.
_LEVELS = frozenset(
    [
        "junior",
        "jr",
        "mid",
        "level",
        "midlevel",
        "senior",
        "sr",
        "lead",
        "staff",
        "principal",
        "head",
        "chief",
        "team",
        "director",
        "directors",
        "manager",
        "managers",
        "vp",
        "hiring",
        "of",
        "the",
        "a",
        "an",
    ]
)
_MODIFIER = r"[a-z][a-z0-9+#/]*"
_STOP_BEFORE = frozenset(
    [
        "a",
        "an",
        "the",
        "for",
        "of",
        "to",
        "is",
        "are",
        "do",
        "does",
        "what",
        "which",
        "who",
        "how",
        "and",
        "or",
        "with",
        "as",
        "at",
        "in",
        "on",
        "by",
        "from",
        "my",
        "our",
        "your",
        "their",
        "his",
        "her",
        "its",
        "this",
        "that",
        "these",
        "those",
        "be",
        "being",
        "been",
        "just",
        "more",
        "other",
        "another",
        # a rung named after these is a step of the ladder: "the career path after director"
        "after",
        "before",
        "beyond",
        "above",
        "below",
        "under",
        "past",
        "vs",
        "versus",
        "some",
        "any",
        "many",
        "few",
        "good",
        "great",
        "new",
        "than",
        "like",
        "about",
        "between",
        "alongside",
        "among",
        "amongst",
        # a rung in the plural is people, not part of a title: "are *leads* managers?"
        "leads",
        "seniors",
        "juniors",
    ]
)
# "an analytics lead", "a platform engineering lead": a field's lead is a title too (a
# bare "lead" is the covered ladder's rung, and "the MLOps lead" the covered role).
_FIELD_LEADS = (
    r"(?:analytics|platform(?:\s+engineering)?|data(?:\s+engineering|\s+science)?|"
    r"infrastructure|infra|devops|security|qa|frontend|backend|product|design|research|sre|"
    r"bi|reporting)\s+leads?|"
    # "head of AI", "VP of data science": the head of a whole field, not of MLOps
    r"(?:head|vp|vice\s+president|chief)\s+of\s+(?:ai|ml|machine\s+learning|data(?:\s+science|"
    r"\s+engineering)?|analytics|engineering|platform|infrastructure|product|research|"
    r"technology|it)\b"
)
_TITLE = re.compile(
    rf"\b((?:{_MODIFIER}\s+){{0,3}})({_HEADS})\b|\b({_ABBREVIATIONS})\b|\b({_FIELD_LEADS})\b"
)
_WORDS = re.compile(r"[a-z0-9+#/]+")
_NO_FIELD = frozenset(["people", "line", "direct"])


def _normal(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower().replace("-", " ")))


def _core(title: str) -> str:
    """A title without its level words: "Senior MLOps Engineer" → "mlops engineer"."""
    return " ".join(w for w in _normal(title).split() if w not in _LEVELS)


@dataclass(frozen=True)
class CoveredRoles:
    """The role names the knowledge describes, compared without their level words."""

    names: tuple[str, ...] = ()
    # The first document's example requests (front matter ``examples``), for help texts.
    examples: Examples | None = None
    # Each document's own names (its path, then its role, aliases and ladder titles).
    documents: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Titles a ladder puts on one rung ("Lead MLOps Engineer", "MLOps Team Lead"): one
    # step under two names.
    same_rung: tuple[tuple[str, ...], ...] = ()

    def other_names(self, title: str) -> tuple[str, ...]:
        """The titles on ``title``'s rung besides it (case-insensitive); none when alone."""
        wanted = title.casefold()
        for group in self.same_rung:
            if wanted in (t.casefold() for t in group):
                return tuple(t for t in group if t.casefold() != wanted)
        return ()

    @property
    def cores(self) -> frozenset[str]:
        return frozenset(c for c in (_core(n) for n in self.names) if c)

    def covers(self, title: str) -> bool:
        """True when ``title`` is one of the covered roles at any level."""
        core = _core(title)
        if not core:
            return True  # "a senior manager" names no field: nothing to decline on
        padded = f" {core} "
        return any(f" {c} " in padded or f" {core} " in f" {c} " for c in self.cores)

    def document_named_in(self, question: str) -> str | None:
        """The one document whose role the question names, when the knowledge has several
        ("what tools does a lead platform engineer need?" names that role's guide), so
        the answer comes from that guide; None when it names none, or more than one."""
        if len(self.documents) < 2:
            return None
        padded = f" {_normal(question)} "
        named = [
            path
            for path, names in self.documents
            if any(f" {core} " in padded for core in {_core(n) for n in names} if core)
        ]
        return named[0] if len(named) == 1 else None

    def role_of(self, path: str) -> str:
        """The role the document at ``path`` describes (the first role when unknown)."""
        return next((names[0] for p, names in self.documents if p == path), self.primary())

    def described(self) -> list[str]:
        """Each document's role, in the knowledge's order (the first name when older
        indexes stored no per-document roles)."""
        return [names[0] for _, names in self.documents] or [self.primary()]

    def primary(self) -> str:
        return self.names[0] if self.names else ""

    def example_requests(self) -> Examples:
        return self.examples or role_examples(None)


@dataclass(frozen=True)
class Ladder:
    """A role's career ladder from front matter ``ladder``, most junior rung first.

    Each rung holds one or more ``(level, title)`` pairs: levels on one rung are the same
    step under different names (the MLOps guide's "Lead MLOps Engineer" and "MLOps Team
    Lead"), so a draft at either may use what the guide says about that step.
    """

    rungs: tuple[tuple[tuple[str, str], ...], ...] = ()

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(title for rung in self.rungs for _, title in rung)

    def title(self, level: str) -> str | None:
        """The job title the knowledge uses at ``level``, or None when the ladder has none."""
        return next((t for rung in self.rungs for lvl, t in rung if lvl == level), None)

    def level_of(self, title: str) -> str | None:
        """The level of a title on the ladder ("MLOps Team Lead" -> "team lead")."""
        wanted = _normal(title)
        return next((lvl for rung in self.rungs for lvl, t in rung if _normal(t) == wanted), None)

    def same_rung(self, a: str, b: str) -> bool:
        """Whether levels ``a`` and ``b`` are one step of this ladder."""
        return a == b or any({a, b} <= {lvl for lvl, _ in rung} for rung in self.rungs)


def _ladder_error(doc: Document, problem: str) -> KnowledgeError:
    return KnowledgeError(
        f"{doc.path}: front matter '{LADDER_KEY}' {problem}; write it as a list of rungs, most "
        f"junior first, each mapping a level ({', '.join(LEVELS)}) to the job title, e.g. "
        "'- senior: Senior Platform Engineer'."
    )


def role_ladder(doc: Document) -> Ladder:
    """The document's ``ladder`` front matter, checked; an empty ladder when it has none.

    Raises ``KnowledgeError`` naming the file: a level outside the known ones or named twice,
    an empty or overlong title, or a ladder that leaves out the document's own ``role``.
    """
    value = doc.meta.get(LADDER_KEY)
    if value is None:
        return Ladder()
    if not isinstance(value, list) or not value:
        raise _ladder_error(doc, "must be a non-empty list")
    if len(value) > len(LEVELS):
        raise _ladder_error(doc, f"has {len(value)} rungs, more than the {len(LEVELS)} levels")
    seen: set[str] = set()
    rungs: list[tuple[tuple[str, str], ...]] = []
    for number, rung in enumerate(value, start=1):
        if not isinstance(rung, dict) or not rung:
            raise _ladder_error(doc, f"rung {number} is not a 'level: title' mapping")
        pairs: list[tuple[str, str]] = []
        for level, title in rung.items():
            if not isinstance(level, str) or level not in LEVELS:
                raise _ladder_error(doc, f"rung {number} names an unknown level {str(level)!r:.40}")
            if level in seen:
                raise _ladder_error(doc, f"names the level '{level}' twice")
            if not isinstance(title, str) or not title.strip():
                raise _ladder_error(doc, f"rung {number} gives '{level}' no job title")
            if len(title) > MAX_TITLE_CHARS:
                raise _ladder_error(
                    doc, f"rung {number}: the '{level}' title is over {MAX_TITLE_CHARS} characters"
                )
            seen.add(level)
            pairs.append((level, " ".join(title.split())))
        rungs.append(tuple(pairs))
    ladder = Ladder(tuple(rungs))
    role = doc.meta.get("role")
    if isinstance(role, str) and role.strip() and ladder.level_of(role) is None:
        raise _ladder_error(doc, f"does not name the document's own role '{role.strip()}'")
    return ladder


EXAMPLES_KEY = "examples"
MAX_EXAMPLE_CHARS = 200


@dataclass(frozen=True)
class Examples:
    """Requests help and refusals show as examples, in the words people type them.

    From front matter ``examples`` (keys ``question``, ``salary``, ``job_description``);
    :func:`role_examples` fills what a document leaves out from its ``role``.
    """

    question: str
    salary: str
    job_description: str


_EXAMPLE_FIELDS = ("question", "salary", "job_description")
# Salary and job-description examples are commands (Slack shows them as ``/salary ...``).
_EXAMPLE_COMMANDS = {"salary": "salary", "job_description": "jd"}


def role_examples(doc: Document | None) -> Examples:
    """The document's ``examples``, checked, with plain ones made from its role for the rest.

    Raises ``KnowledgeError`` naming the file for an unknown key or a value that is not a
    short line of text.
    """
    if doc is None:
        return Examples("what does this role involve?", "salary", "jd")
    role = str(doc.meta.get("role") or doc.title)
    made = {
        "question": f"what does a {role} do?",
        "salary": f"salary {role}",
        "job_description": f"jd {role}",
    }
    value = doc.meta.get(EXAMPLES_KEY)
    if value is None:
        return Examples(**made)
    where = f"{doc.path}: front matter '{EXAMPLES_KEY}'"
    if not isinstance(value, dict):
        raise KnowledgeError(f"{where} must map {', '.join(_EXAMPLE_FIELDS)} to one request each.")
    for key, text in value.items():
        if key not in _EXAMPLE_FIELDS:
            raise KnowledgeError(
                f"{where} has an unknown key {str(key)!r:.40}; use {', '.join(_EXAMPLE_FIELDS)}."
            )
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_EXAMPLE_CHARS:
            raise KnowledgeError(
                f"{where} {key} must be one line of text of at most {MAX_EXAMPLE_CHARS} characters."
            )
        command = _EXAMPLE_COMMANDS.get(key)
        if command and not text.split()[0].lower() == command:
            raise KnowledgeError(f"{where} {key} must start with '{command}' (the command word).")
        made[key] = " ".join(text.split())
    return Examples(**made)


def covered_roles(docs: Iterable[Document]) -> CoveredRoles:
    """Role names from every document's front matter (``role``, ``aliases``,
    ``related_roles`` and the ``ladder``'s titles); raises ``KnowledgeError`` on bad ones."""
    names: list[str] = []
    examples: Examples | None = None
    documents: list[tuple[str, tuple[str, ...]]] = []
    same_rung: list[tuple[str, ...]] = []
    for doc in docs:
        before = len(names)
        for key in FRONT_MATTER_KEYS:
            value = doc.meta.get(key)
            if value is None:
                continue
            values = [value] if key == "role" else value
            if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values
            ):
                shape = "a role name" if key == "role" else "a list of role names"
                raise KnowledgeError(f"{doc.path}: front matter '{key}' must be {shape}.")
            names.extend(v.strip() for v in values if v.strip() not in names)
        ladder = role_ladder(doc)
        names.extend(t for t in ladder.titles if t not in names)
        same_rung += [tuple(t for _, t in rung) for rung in ladder.rungs if len(rung) > 1]
        checked = role_examples(doc)  # every document's are checked; the first one's shown
        examples = examples or checked
        own = [str(doc.meta.get("role") or doc.title), *names[before:]]
        documents.append((doc.path, tuple(dict.fromkeys(own))))
    return CoveredRoles(tuple(names), examples, tuple(documents), tuple(same_rung))


# "works *with* data scientists", "the hand-off *between* data scientists and …": a role
# the question's subject works with, not the one it asks about.
_PARTNER = frozenset(["with", "alongside", "between", "among", "amongst", "and", "from"])
# Words that may stand between such a word and the title: "with *the other* data scientists".
_DETERMINERS = frozenset(["a", "an", "the", "other", "their", "its", "our", "my", "your"])


def named_roles(question: str) -> list[str]:
    """Job titles a question names ("lead data scientist", "sre"), lower-cased."""
    return [role for role, _ in _titles(question)]


# A rung named alone, as people say it in chat: "a lead", "leads", "the seniors".
_BARE_LEVEL = re.compile(r"\b(?:junior|senior|lead|mid level|midlevel)s?\b")


def names_level_alone(question: str) -> bool:
    """Whether ``question`` names a rung by itself ("is a lead a people manager?"), outside
    every job title it names ("a lead data scientist" is that title's rung). The rung is the
    covered ladder's: the question is about the guide's role, the title after it what is
    asked of that role."""
    text = f" {_normal(question)} "
    for title, _ in _titles(question):
        # "a lead SRE": an abbreviation's rung is part of that title too
        text = re.sub(rf"(?:{_BARE_LEVEL.pattern}\s+)?\b{re.escape(title)}\b", " ", text)
    return bool(_BARE_LEVEL.search(text))


def partner_roles(question: str) -> set[str]:
    """The titles ``question`` names only as someone its subject works with ("how does a
    lead work with data scientists?"), never as what it asks about."""
    titles = _titles(question)
    about = {role for role, partner in titles if not partner}
    return {role for role, partner in titles if partner} - about


def _titles(question: str) -> list[tuple[str, bool]]:
    """(title, named after "with"/"between"/… ) for every job title in ``question``."""
    text = _normal(question)
    found: list[tuple[str, bool]] = []
    for match in _TITLE.finditer(text):
        before = text[: match.start()].split()
        if match.group(3) or match.group(4):
            found.append((match.group(3) or match.group(4), _after_partner_word(before)))
            continue
        words = match.group(1).split()
        # Keep only the words right before the head that can be part of a title.
        kept: list[str] = []
        for word in reversed(words):
            if word == "non":  # "non-engineers", "non-technical managers": not a title
                kept = []
                break
            if word in _STOP_BEFORE:
                break
            kept.insert(0, word)
        if kept and kept[-1] in _NO_FIELD and match.group(2).startswith("manager"):
            # "a people manager", "their line manager": how someone manages, not a field
            continue
        if kept:  # a bare "engineers" or "managers" names no particular role
            lead = before + words[: len(words) - len(kept)]
            found.append((" ".join([*kept, match.group(2)]), _after_partner_word(lead)))
    return found


def _after_partner_word(words: list[str]) -> bool:
    """Whether the title after ``words`` is someone else than what is asked about: a
    partner ("with data scientists") or the asker ("I'm a data scientist, how do I move
    into MLOps?", "as a data scientist, …")."""
    rest = list(words)
    while rest and rest[-1] in _DETERMINERS:
        rest.pop()
    if rest[-2:] in (["i", "m"], ["i", "am"]) or rest[-1:] == ["im"] or rest == ["as"]:
        return True
    return bool(rest) and rest[-1] in _PARTNER
