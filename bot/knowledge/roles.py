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
from bot.knowledge.documents import Document

FRONT_MATTER_KEYS = ("role", "aliases", "related_roles")

# The last word of a job title, and the chat abbreviations that stand for a whole title.
_HEADS = (
    r"engineers?|scientists?|analysts?|developers?|devs?|managers?|designers?|architects?|"
    r"researchers?|administrators?|admins?|consultants?|specialists?|technicians?|"
    r"recruiters?|programmers?|testers?|directors?|owners?"
)
_ABBREVIATIONS = r"sres?|swes?|mles?|pms?"
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
    ]
)
_TITLE = re.compile(rf"\b((?:{_MODIFIER}\s+){{0,3}})({_HEADS})\b|\b({_ABBREVIATIONS})\b")
_WORDS = re.compile(r"[a-z0-9+#/]+")


def _normal(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower().replace("-", " ")))


def _core(title: str) -> str:
    """A title without its level words: "Senior MLOps Engineer" → "mlops engineer"."""
    return " ".join(w for w in _normal(title).split() if w not in _LEVELS)


@dataclass(frozen=True)
class CoveredRoles:
    """The role names the knowledge describes, compared without their level words."""

    names: tuple[str, ...] = ()

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

    def primary(self) -> str:
        return self.names[0] if self.names else ""


def covered_roles(docs: Iterable[Document]) -> CoveredRoles:
    """Role names from every document's front matter; raises ``KnowledgeError`` on bad ones."""
    names: list[str] = []
    for doc in docs:
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
    return CoveredRoles(tuple(names))


def named_roles(question: str) -> list[str]:
    """Job titles a question names ("lead data scientist", "sre"), lower-cased."""
    found: list[str] = []
    for match in _TITLE.finditer(_normal(question)):
        if match.group(3):
            found.append(match.group(3))
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
        if kept:  # a bare "engineers" or "managers" names no particular role
            found.append(" ".join([*kept, match.group(2)]))
    return found
