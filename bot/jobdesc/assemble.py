"""The knowledge-grounded parts of a job description, each bullet carrying its source section.

Selection is by heading words (see :mod:`bot.jobdesc.knowledge`); the text of every bullet
is the knowledge's own, so the draft promises nothing the guide does not say.
"""

from __future__ import annotations

import re

from bot.jobdesc.knowledge import (
    RoleGuide,
    family_key,
    items,
    named_sections,
    paragraphs,
    top_sections,
)
from bot.models import JDBullet, JDSection
from bot.salary.phrases import find_levels, has_phrase

ABOUT = "About the role"
INDUSTRY = "Industry focus"
RESPONSIBILITIES = "Responsibilities"
REQUIRED = "Required qualifications"
PREFERRED = "Preferred qualifications"
SKILLS = "Skills and tools"
COMPENSATION = "Compensation"
TOTAL_COMPENSATION = "What total compensation includes"

LEADERSHIP_LEVELS = {"lead", "team lead", "director"}
_PREFERRED_WORDS = ("advantageous", "beneficial", "preferred", "a plus", "nice to have")
_REGULATED = ("compliance", "compliant", "comply", "regulated", "governance")
# What the knowledge stresses for each industry it names.
_INDUSTRY_EMPHASIS: dict[str, tuple[str, ...]] = {
    "healthcare": _REGULATED,
    "finance": _REGULATED,
    "e-commerce": ("scalable", "at scale", "large-scale", "scalability"),
}
_MAX_INDUSTRY_BULLETS = 5


def _label(text: str) -> str:
    """ "Team Leadership: Guide ..." -> "team leadership"."""
    head, sep, _ = text.partition(":")
    return head.strip().lower() if sep and len(head.split()) <= 6 else ""


def about(guide: RoleGuide, level: str | None) -> JDSection:
    """The guide's opening paragraph, and what the career path says about this level."""
    bullets: list[JDBullet] = []
    for section in top_sections(guide.document, ["overview", "about", "summary"]):
        if paragraphs(section):
            bullets.append(guide.bullet(section, paragraphs(section)[0]))
            break
    wanted = family_key(guide.role, None)
    for section in named_sections(guide.document, ["career progression", "career path"]):
        for text in items(section):
            label = _label(text)
            if not label or family_key(label, None) != wanted:
                continue
            levels = find_levels(label)
            if levels == ([level] if level not in (None, "mid-level") else []):
                bullets.append(guide.bullet(section, text))
    return JDSection(heading=ABOUT, bullets=bullets)


def industry_focus(guide: RoleGuide, industry: str) -> JDSection | None:
    """Bullets for what the knowledge stresses in the industry (compliance, scale)."""
    emphasis = _INDUSTRY_EMPHASIS.get(industry)
    if emphasis is None:
        return None
    bullets: list[JDBullet] = []
    for section in guide.document.sections:
        if not section.path or any(
            has_phrase(h, w) for h in section.path for w in ("salary", "compensation")
        ):
            continue
        heading_hit = any(has_phrase(section.path[-1], w) for w in emphasis)
        for text in items(section):
            if text.lower().startswith("challenge:"):
                continue
            if heading_hit or any(has_phrase(text, w) for w in emphasis):
                bullets.append(guide.bullet(section, re.sub(r"^Solution:\s*", "", text)))
    if not bullets:
        return None
    return JDSection(
        heading=INDUSTRY,
        paragraph=f"For a role in {industry}, the knowledge base stresses:",
        bullets=_unique(bullets)[:_MAX_INDUSTRY_BULLETS],
    )


def responsibilities(guide: RoleGuide, level: str | None) -> JDSection:
    """One line per area of the core responsibilities, plus team leadership for lead levels."""
    bullets: list[JDBullet] = []
    for section in top_sections(guide.document, ["responsibilit"]):
        found = items(section)
        if not found:
            continue
        chosen = found[:1] if len(section.path) > 1 else found[:8]
        bullets += [guide.bullet(section, text) for text in chosen]
    if level in LEADERSHIP_LEVELS or (level is None and guide.level in LEADERSHIP_LEVELS):
        for section in named_sections(guide.document, ["key responsibilities"]):
            for text in items(section):
                if any(w in _label(text) for w in ("leadership", "lead", "mentor")):
                    bullets.append(guide.bullet(section, text))
    return JDSection(heading=RESPONSIBILITIES, bullets=_unique(bullets))


def _requirement_sections(guide: RoleGuide, words: list[str]) -> list[JDBullet]:
    bullets = []
    for section in top_sections(guide.document, ["requirement", "qualification"]):
        if len(section.path) > 1 and any(w in section.path[1].lower() for w in words):
            bullets += [
                guide.bullet(section, text)
                for text in items(section)
                if not any(p in text.lower() for p in _PREFERRED_WORDS)
            ]
    return bullets


def required(guide: RoleGuide) -> JDSection:
    """Education, experience and soft skills from the requirements."""
    bullets = _requirement_sections(guide, ["education"])
    bullets += _requirement_sections(guide, ["experience"])
    bullets += _requirement_sections(guide, ["soft skill"])
    return JDSection(heading=REQUIRED, bullets=_unique(bullets))


def preferred(guide: RoleGuide) -> JDSection:
    """Additional qualifications, and anything the requirements call advantageous."""
    bullets: list[JDBullet] = []
    for section in top_sections(guide.document, ["requirement", "qualification"]):
        additional = len(section.path) > 1 and any(
            w in section.path[-1].lower() for w in ("additional", "preferred", "nice to have")
        )
        for text in items(section):
            if additional or any(p in text.lower() for p in _PREFERRED_WORDS):
                bullets.append(guide.bullet(section, text))
    return JDSection(heading=PREFERRED, bullets=_unique(bullets))


def skills(guide: RoleGuide) -> JDSection:
    """One line per technical-skill area ("Containerization and Orchestration: ...")."""
    bullets: list[JDBullet] = []
    for section in top_sections(guide.document, ["requirement", "qualification"]):
        if len(section.path) < 3 or "skill" not in section.path[1].lower():
            continue
        found = [t for t in items(section) if not any(p in t.lower() for p in _PREFERRED_WORDS)]
        if found:
            bullets.append(guide.bullet(section, f"{section.path[-1]}: {'; '.join(found)}"))
    if not bullets:
        for section in named_sections(guide.document, ["essential skills", "technical skills"]):
            bullets += [guide.bullet(section, text) for text in items(section)]
    return JDSection(heading=SKILLS, bullets=bullets)


def total_compensation(guide: RoleGuide) -> JDSection | None:
    """What the knowledge says total compensation includes (bonuses, equity, ...)."""
    for section in guide.document.sections:
        heading = section.path[-1].lower() if section.path else ""
        mentions = any("total compensation" in p.lower() for p in paragraphs(section))
        if items(section) and ("additional compensation" in heading or mentions):
            return JDSection(
                heading=TOTAL_COMPENSATION,
                paragraph="Beyond base salary, total compensation often includes:",
                bullets=[guide.bullet(section, text) for text in items(section)],
            )
    return None


def _unique(bullets: list[JDBullet]) -> list[JDBullet]:
    seen: set[str] = set()
    kept = []
    for bullet in bullets:
        if bullet.text.lower() not in seen:
            seen.add(bullet.text.lower())
            kept.append(bullet)
    return kept
