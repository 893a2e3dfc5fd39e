"""Finding the parts of a role guide a job description needs, by heading words, not file names.

A new guide written with the same kind of headings ("Responsibilities", "Requirements",
"Technical Skills", "Additional Compensation") drafts without code changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from bot.knowledge.documents import Document, Section
from bot.knowledge.roles import Ladder, role_ladder
from bot.models import JDBullet, SourceRef
from bot.salary.phrases import find_levels, normalize, strip_levels
from bot.salary.table import SalaryTable


@dataclass(frozen=True)
class RoleGuide:
    """A knowledge document that describes one role, with the level its title has on the
    document's ``ladder`` (or, without a ladder, the level its title implies)."""

    document: Document
    role: str
    level: str | None
    ladder: Ladder = field(default_factory=Ladder)

    def source(self, section: Section) -> SourceRef:
        return SourceRef(title=self.document.title, section=section.name, path=self.document.path)

    def bullet(self, section: Section, text: str) -> JDBullet:
        return JDBullet(text=text, source=self.source(section))


def role_of(document: Document) -> str:
    """The role a document describes: front matter ``role``, else its title."""
    return str(document.meta.get("role") or document.title)


def family_key(text: str, table: SalaryTable | None) -> str:
    """What identifies a role regardless of level: its salary-table family, else its words."""
    if table is not None:
        families = table.families_named_in(text)
        if len(families) == 1:
            return families[0].name.lower()
    words = strip_levels(text).split()
    while words and words[-1] in {"engineer", "engineers", "team", "of"}:
        words.pop()
    while words and words[0] in {"of", "team"}:
        words.pop(0)
    return " ".join(words)


def find_guide(
    documents: Sequence[Document], role: str, table: SalaryTable | None
) -> RoleGuide | None:
    """The guide for ``role`` at any level ("senior MLOps engineer" finds "Lead MLOps Engineer")."""
    wanted = family_key(role, table)
    if not wanted:
        return None
    for document in documents:
        name = role_of(document)
        if family_key(name, table) == wanted:
            ladder = role_ladder(document)
            levels = find_levels(name)
            level = ladder.level_of(name) or (levels[0] if len(levels) == 1 else None)
            return RoleGuide(document, name, level, ladder)
    return None


def known_roles(documents: Sequence[Document]) -> list[str]:
    """Roles a job description can be drafted for, one per document."""
    return list(dict.fromkeys(role_of(d) for d in documents))


def _has(heading: str, words: Sequence[str]) -> bool:
    name = normalize(heading)
    return any(normalize(w) in name for w in words)


def top_sections(document: Document, words: Sequence[str]) -> Iterator[Section]:
    """Sections inside a top-level heading containing any of ``words`` (e.g. "requirement")."""
    for section in document.sections:
        if section.path and _has(section.path[0], words):
            yield section


def named_sections(document: Document, words: Sequence[str]) -> Iterator[Section]:
    """Sections whose own heading contains any of ``words``."""
    for section in document.sections:
        if section.path and _has(section.path[-1], words):
            yield section


def items(section: Section) -> list[str]:
    return [b.text for b in section.blocks if b.kind == "item"]


def paragraphs(section: Section) -> list[str]:
    return [b.text for b in section.blocks if b.kind == "paragraph"]


@dataclass(frozen=True)
class Rung:
    """One step of the knowledge's career progression ("Junior MLOps Engineer: Start by ...").

    ``level`` is the title's level on the guide's ladder; without one, the level word in
    the title, and a title without a level word ("MLOps Engineer") is mid-level.
    """

    title: str
    level: str
    text: str
    section: Section


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def sentences(paragraph: str) -> list[str]:
    """A paragraph cut at sentence ends; good enough for the knowledge's plain prose."""
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def _label(text: str) -> str:
    head, sep, _ = text.partition(":")
    return head.strip() if sep and len(head.split()) <= 6 else ""


def rungs(guide: RoleGuide, table: SalaryTable | None = None) -> list[Rung]:
    """The guide's career progression for its own role family, in the knowledge's order."""
    wanted = family_key(guide.role, table)
    found: list[Rung] = []
    for section in named_sections(guide.document, ["career progression", "career path"]):
        for text in items(section):
            title = _label(text)
            level = guide.ladder.level_of(title) if title else None
            if not title or (level is None and family_key(title, table) != wanted):
                continue
            levels = [level] if level else find_levels(title)
            if len(levels) <= 1:
                found.append(Rung(title, levels[0] if levels else "mid-level", text, section))
    return found


def career_chain(guide: RoleGuide) -> tuple[Section, str] | None:
    """The sentence that lays out the whole ladder ("... follows: A → B → C")."""
    for section in guide.document.sections:
        for paragraph in paragraphs(section):
            for sentence in sentences(paragraph):
                if sentence.count("→") >= 2:
                    return section, sentence
    return None


def article(title: str) -> str:
    """ "A" or "An" for a title as spoken: "an MLOps Team Lead", "a Senior MLOps Engineer"."""
    spoken_vowel = title[:1].lower() in "aeiou" or re.match(r"(?:ML|MLOps|SRE|SWE)\b", title)
    return "An" if spoken_vowel else "A"


def with_article(title: str) -> str:
    """ "an MLOps Team Lead", "a Senior MLOps Engineer": a title inside a sentence."""
    return f"{article(title).lower()} {title}"
