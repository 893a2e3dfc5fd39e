"""What a draft at one level may take from a guide written about another, and what the
reviewer must be told about it.

A guide describes one rung of its career ladder (front matter ``ladder``) in full. Its
opening, years of experience and leadership duties belong to that rung; another rung gets
what the knowledge says about it, and the reviewer notes say what was left out and why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.jobdesc.knowledge import RoleGuide, career_chain, items, rungs, with_article
from bot.models import JDSection


def shares_guide_rung(guide: RoleGuide, level: str | None) -> bool:
    """Whether a draft at ``level`` may use what the guide says about its own rung.

    Levels on the guide's rung of its front-matter ``ladder`` share it (the MLOps guide puts
    "MLOps Team Lead" on the "Lead MLOps Engineer" rung); every other level is another rung.
    """
    if level is None or level == guide.level:
        return True
    return guide.level is not None and guide.ladder.same_rung(level, guide.level)


_YEARS = re.compile(r"\b\d+\s*(?:[-–]\s*\d+\s*)?\+?\s*(?:years?|months?)\b", re.IGNORECASE)


def _experience_lines(guide: RoleGuide) -> list[tuple[str, str]]:
    """Every line stating years of experience, with its section name."""
    return [
        (text, section.name)
        for section in guide.document.sections
        if any("experience" in heading.lower() for heading in section.path)
        for text in items(section)
        if _YEARS.search(text)
    ]


def level_notes(
    guide: RoleGuide, level: str | None, title: str, *, own: bool, used: Sequence[JDSection]
) -> list[str]:
    """What the reviewer must know about how far the knowledge covers this level."""
    lines = _experience_lines(guide)
    if own:
        cited = {b.text for s in used for b in s.bullets}
        elsewhere = [(t, name) for t, name in lines if t not in cited]
        if not elsewhere or not any(t in cited for t, _ in lines):
            return []
        quoted = "; ".join(f"“{t}” ({name})" for t, name in elsewhere)
        chosen = ", ".join(dict.fromkeys(name for t, name in lines if t in cited))
        return [
            f"The knowledge base also states experience as {quoted}; the draft uses {chosen}. "
            "Check which you mean."
        ]
    chain = career_chain(guide)
    if any(r.level == level for r in rungs(guide)):
        lead_in = (
            f"About {with_article(title)} the knowledge base says only what its career "
            "progression says "
            "(quoted under “About the role”)."
        )
    elif chain is not None and title.lower() in chain[1].lower():
        lead_in = (
            f"The knowledge base names the {title} in its career path but does not describe "
            "the role, its duties or its requirements: add what this level owns."
        )
    else:
        lead_in = (
            f"The knowledge base does not describe {with_article(title)}: add what this level owns."
        )
    notes = [
        f"{lead_in} The draft leaves out the {guide.role}'s opening, years of experience and "
        f"leadership duties; its skills, education and hands-on responsibilities come from the "
        f"{guide.role} guide, so check they fit this level."
    ]
    if lines:
        quoted = "; ".join(f"“{t}” ({name})" for t, name in lines)
        notes.append(
            f"The knowledge base states experience only for the {guide.role}: {quoted}. It "
            f"states none for {with_article(title)}, so the required qualifications have a "
            "placeholder."
        )
    return notes
