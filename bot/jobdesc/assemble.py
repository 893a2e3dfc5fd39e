"""The knowledge-grounded parts of a job description, each bullet carrying its source section.

Selection is by heading words (see :mod:`bot.jobdesc.knowledge`); the text of every bullet
is the knowledge's own, so the draft promises nothing the guide does not say.

A guide describes one rung of its career ladder (its ``role`` on the front matter's
``ladder``). A draft for that rung (``own``) uses all of it. A draft for another rung never
borrows what is specific to the guide's rung: its opening paragraph, its years of
experience and its leadership duties. It says what the knowledge says about that rung (the
career progression), keeps what is not level-specific (skills, tools, hands-on duties),
and leaves a placeholder and a reviewer note where the knowledge has nothing.
"""

from __future__ import annotations

import re

from bot import messages
from bot.jobdesc.knowledge import (
    RoleGuide,
    article,
    career_chain,
    items,
    named_sections,
    paragraphs,
    rungs,
    top_sections,
)
from bot.jobdesc.options import INDUSTRIES
from bot.models import JDBullet, JDSection
from bot.salary.phrases import has_phrase

ABOUT_US = "About us"
ABOUT = "About the role"
INDUSTRY = "Industry focus"
RESPONSIBILITIES = "Responsibilities"
REQUIRED = "Required qualifications"
PREFERRED = "Preferred qualifications"
SKILLS = "Skills and tools"
COMPENSATION = "Compensation"
BENEFITS = "Benefits"
HOW_TO_APPLY = "How to apply"
EQUAL_OPPORTUNITY = "Equal opportunity"

# Sections that read as prose in a posting (placeholders there are paragraphs, not bullets).
PROSE = {ABOUT_US, ABOUT, HOW_TO_APPLY, EQUAL_OPPORTUNITY}

LEADERSHIP_LEVELS = {"lead", "team lead", "director"}
_PREFERRED_WORDS = ("advantageous", "beneficial", "preferred", "a plus", "nice to have")
# Duties and qualities that belong to leading a team, not to doing the work.
_LEADERSHIP = re.compile(
    r"\b(?:lead|leads|leading|leadership|mentor\w*|oversee\w*|oversight|strategic|"
    r"guide\s+(?:\w+\s+){0,2}teams?|manag\w*\s+(?:\w+\s+){0,3}teams?|team\s+management)\b",
    re.IGNORECASE,
)
_PAY_HEADINGS = ("salary", "compensation", "pay")
_MAX_INDUSTRY_BULLETS = 4


def _label(text: str) -> str:
    """ "Team Leadership: Guide ..." -> "team leadership"."""
    head, sep, _ = text.partition(":")
    return head.strip().lower() if sep and len(head.split()) <= 6 else ""


def is_leadership(text: str) -> bool:
    """Whether a line asks for leading people ("Team Leadership: Guide MLOps teams ...")."""
    return bool(_LEADERSHIP.search(text))


def is_experience_section(path: tuple[str, ...]) -> bool:
    return any("experience" in heading.lower() for heading in path[1:])


def about_us() -> JDSection:
    return JDSection(heading=ABOUT_US, placeholders=[messages.JD_TODO_ABOUT_US])


def about(guide: RoleGuide, level: str | None, *, own: bool, title: str = "") -> JDSection:
    """The rung as the knowledge describes it; the guide's opening only for its own rung.

    Written as a posting reads ("As a Senior MLOps Engineer, you will assume leadership
    roles…"; "An MLOps Team Lead is a senior role…"), not as the guide's ladder line
    ("Senior MLOps Engineer: Assume leadership roles…"), which had to be rewritten before
    posting. The words after the title are the knowledge's own."""
    title = title or guide.role
    bullets: list[JDBullet] = []
    if own:
        for section in top_sections(guide.document, ["overview", "about", "summary"]):
            if paragraphs(section):
                opening = _retitled(paragraphs(section)[0], guide.role, title)
                bullets.append(guide.bullet(section, opening))
                break
    wanted = level or guide.level
    bullets += [
        # (the guide's own rung posted under another title, "MLOps Team Lead", "Staff MLOps
        # Engineer", says that title, as its retitled opening does)
        guide.bullet(r.section, _as_posting(r.title, r.text, title if own else r.title))
        for r in rungs(guide)
        if r.level == wanted
    ]
    if not own and (chain := career_chain(guide)) is not None:
        section, sentence = chain
        bullets.append(guide.bullet(section, _placed_on_ladder(sentence, title)))
    described = own or any(r.level == wanted for r in rungs(guide))
    placeholders = [] if described else [messages.JD_TODO_ROLE_SUMMARY]
    return JDSection(heading=ABOUT, bullets=bullets, placeholders=placeholders)


def _retitled(opening: str, role: str, title: str) -> str:
    """ "A Lead MLOps Engineer is a senior role…" opening an MLOps Team Lead posting (the
    same rung) names the posted title."""
    if title.lower() == role.lower():
        return opening
    said = re.match(rf"^(?:an?|the)\s+{re.escape(role)}\b", opening, re.IGNORECASE)
    return f"{article(title)} {title}{opening[said.end() :]}" if said else opening


def _as_posting(title: str, text: str, posted: str = "") -> str:
    """ "Senior MLOps Engineer: Assume leadership roles…" as "As a Senior MLOps Engineer,
    you will assume leadership roles…" (``posted`` names the posting's title when it is not
    the rung's); a line not of that form is kept."""
    label, colon, rest = text.partition(": ")
    words = rest.split(maxsplit=1)
    if not colon or label.strip() != title or not words or not words[0].istitle():
        return text
    verb = _base_form(words[0].lower())
    tail = f" {words[1]}" if len(words) > 1 else ""
    posted = posted or title
    return f"As {article(posted).lower()} {posted}, you will {verb}{tail}"


def _base_form(verb: str) -> str:
    """ "sets" -> "set", "oversees" -> "oversee", "focuses" -> "focus": a ladder line may
    say what the rung does ("Sets the strategy") rather than tell it ("Set the strategy")."""
    if verb.endswith(("sses", "shes", "ches", "xes", "zes", "uses")):
        return verb[:-2]
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith("s") and not verb.endswith("ss"):
        return verb[:-1]
    return verb


def _placed_on_ladder(sentence: str, title: str) -> str:
    """The ladder sentence ("… follows: A → B → C.") as where the posted rung sits: "In the
    career ladder, this role comes after A and before C."."""
    steps = [s.strip(" .") for s in sentence.split(":", 1)[-1].split("→")]
    lowered = [s.lower() for s in steps]
    if title.lower() not in lowered:
        return sentence
    at = lowered.index(title.lower())
    after = f"after {steps[at - 1]}" if at > 0 else ""
    before = f"before {steps[at + 1]}" if at + 1 < len(steps) else ""
    where = " and ".join(p for p in (after, before) if p)
    return f"On the career ladder, this role comes {where}." if where else sentence


def industry_focus(guide: RoleGuide, industry: str) -> tuple[JDSection | None, list[JDBullet]]:
    """What the knowledge says naming ``industry``: posting lines, and pay lines for the notes.

    Only list items that name the industry (or a word people use for it) count, so two
    industries get different text exactly where the knowledge says different things.
    """
    aliases = (industry, *INDUSTRIES.get(industry, ()))
    posting: list[JDBullet] = []
    pay: list[JDBullet] = []
    for section in guide.document.sections:
        about_pay = any(has_phrase(h, w) for h in section.path for w in _PAY_HEADINGS)
        for text in items(section):
            if any(has_phrase(text, alias) for alias in aliases):
                (pay if about_pay else posting).append(guide.bullet(section, text))
    if not posting:
        return None, pay
    display = industry_display(industry)
    return (
        JDSection(
            heading=INDUSTRY,
            paragraph=f"Why {display} needs this role:",
            bullets=_unique(posting)[:_MAX_INDUSTRY_BULLETS],
        ),
        pay,
    )


def industry_display(industry: str) -> str:
    return "E-commerce" if industry == "e-commerce" else industry.strip().capitalize()


def responsibilities(guide: RoleGuide, level: str | None, *, own: bool) -> JDSection:
    """One line per area of the core responsibilities; team leadership only for the guide's
    own leadership rung. Another rung gets the hands-on lines (its own duties, as the career
    progression states them, open the draft in "About the role")."""
    bullets: list[JDBullet] = []
    for section in top_sections(guide.document, ["responsibilit"]):
        found = items(section)
        if not own:
            found = [text for text in found if not is_leadership(text)]
        if not found:
            continue
        chosen = found[:1] if len(section.path) > 1 else found[:8]
        bullets += [guide.bullet(section, text) for text in chosen]
    if own and (level or guide.level) in LEADERSHIP_LEVELS:
        for section in named_sections(guide.document, ["key responsibilities"]):
            for text in items(section):
                if any(w in _label(text) for w in ("leadership", "lead", "mentor")):
                    bullets.append(guide.bullet(section, text))
    return JDSection(heading=RESPONSIBILITIES, bullets=_unique(bullets))


def _requirement_sections(guide: RoleGuide, words: list[str], *, own: bool) -> list[JDBullet]:
    bullets = []
    for section in top_sections(guide.document, ["requirement", "qualification"]):
        if len(section.path) > 1 and any(w in section.path[1].lower() for w in words):
            bullets += [
                guide.bullet(section, text)
                for text in items(section)
                if not any(p in text.lower() for p in _PREFERRED_WORDS)
                and (own or not is_leadership(text))
            ]
    return bullets


def required(guide: RoleGuide, *, own: bool) -> JDSection:
    """Education, experience and soft skills; another rung gets no years, only a placeholder."""
    bullets = _requirement_sections(guide, ["education"], own=own)
    placeholders: list[str] = []
    if own:
        bullets += _requirement_sections(guide, ["experience"], own=own)
    else:
        placeholders.append(messages.JD_TODO_EXPERIENCE)
    bullets += _requirement_sections(guide, ["soft skill"], own=own)
    return JDSection(heading=REQUIRED, bullets=_unique(bullets), placeholders=placeholders)


def preferred(guide: RoleGuide, *, own: bool) -> JDSection:
    """Additional qualifications, and anything the requirements call advantageous."""
    bullets: list[JDBullet] = []
    for section in top_sections(guide.document, ["requirement", "qualification"]):
        if not own and is_experience_section(section.path):
            continue
        additional = len(section.path) > 1 and any(
            w in section.path[-1].lower() for w in ("additional", "preferred", "nice to have")
        )
        for text in items(section):
            if not own and is_leadership(text):
                continue
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


def benefits(guide: RoleGuide) -> JDSection:
    """What the knowledge says total compensation includes, to confirm against the offer."""
    for section in guide.document.sections:
        heading = section.path[-1].lower() if section.path else ""
        mentions = any("total compensation" in p.lower() for p in paragraphs(section))
        if items(section) and ("additional compensation" in heading or mentions):
            return JDSection(
                heading=BENEFITS,
                paragraph="Beyond base salary, total compensation often includes:",
                bullets=[guide.bullet(section, text) for text in items(section)],
                placeholders=[messages.JD_TODO_BENEFITS],
            )
    return JDSection(heading=BENEFITS, placeholders=[messages.JD_TODO_BENEFITS])


def how_to_apply() -> JDSection:
    return JDSection(heading=HOW_TO_APPLY, placeholders=[messages.JD_TODO_HOW_TO_APPLY])


def equal_opportunity() -> JDSection:
    return JDSection(heading=EQUAL_OPPORTUNITY, placeholders=[messages.JD_TODO_EQUAL_OPPORTUNITY])


def _unique(bullets: list[JDBullet]) -> list[JDBullet]:
    seen: set[str] = set()
    kept = []
    for bullet in bullets:
        if bullet.text.lower() not in seen:
            seen.add(bullet.text.lower())
            kept.append(bullet)
    return kept
