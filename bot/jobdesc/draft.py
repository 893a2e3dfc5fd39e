"""Drafting a job description: knowledge sections, a table figure, optional LLM polish.

Without a chat model the assembled draft is the answer; with one, only wording may change
(:mod:`bot.jobdesc.polish` checks figures and tools before accepting it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot import messages
from bot.jobdesc import assemble
from bot.jobdesc.compensation import compensation
from bot.jobdesc.knowledge import RoleGuide, find_guide, known_roles, with_article
from bot.jobdesc.levels import level_notes, shares_guide_rung
from bot.jobdesc.markdown import render_posting, render_reviewer_notes
from bot.jobdesc.options import INDUSTRIES, canonical_industry
from bot.jobdesc.polish import polish_markdown, tool_names
from bot.knowledge.documents import Document
from bot.knowledge.roles import Ladder, role_examples
from bot.models import AnswerMode, JDSection, JobDescription
from bot.salary.phrases import (
    LEVELS,
    canonical_level,
    find_levels,
    known_place,
    normalize,
    unlisted_levels,
)
from bot.salary.table import SalaryTable

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel


def job_title(role: str, level: str | None, ladder: Ladder | None = None) -> str:
    """The posting title for ``role`` at ``level``: the title the guide's ``ladder`` gives
    that level ("Director of MLOps"), else one made from the role ("Senior Platform Engineer")."""
    if level is None:
        return role
    if ladder is not None and (title := ladder.title(level)) is not None:
        return title
    words = role.split()
    base_words = [w for w in words if canonical_level(w) is None]
    base = " ".join(base_words) or role
    short = " ".join(base_words[:-1]) if len(base_words) > 1 else base
    if level == "mid-level":
        return base
    if level == "team lead":
        return f"{short} Team Lead"
    if level == "director":
        return f"Director of {short}"
    return f"{level.capitalize()} {base}"


def _not_drafted(message: str) -> JobDescription:
    return JobDescription(title="", sections=[], markdown=message + "\n", notes=[message])


# "make the JD shorter", "redo the jd more formally": a change to a draft, not a role.
_EDIT_VOCABULARY = """
shorter longer short long better more less formal formally casual casually concise brief
detailed again it that this one please pls simpler simple friendlier punchier
"""
_EDIT_WORDS = frozenset(_EDIT_VOCABULARY.split())


def _unknown_role(role: str, documents: Sequence[Document]) -> JobDescription:
    roles = ", ".join(known_roles(documents)) or "none yet"
    if not role.strip():
        return _not_drafted(f"Which role should the job description be for? I can draft: {roles}.")
    if set(normalize(role).split()) <= _EDIT_WORDS:
        example = role_examples(documents[0] if documents else None).job_description
        return _not_drafted(messages.JD_NO_EDITS.format(example=example))
    return _not_drafted(
        f"I have no knowledge for the role “{role.strip()}”, so I can't draft a job "
        f"description for it. I can draft: {roles} (at any level)."
    )


def _place(location: str | None) -> str | None:
    """How the posting names the place: the table's name for a known one ("nyc" -> "New
    York"), else the user's words, capitalised when they were typed in lower case."""
    if not location or not location.strip():
        return None
    named = known_place(location)
    if named is not None:
        return named.name
    words = location.strip()
    return words.title() if words.islower() else words


def _facts(
    location: str | None, remote: bool, industry: str | None, arrangement: str | None = None
) -> list[str]:
    facts = []
    if remote:
        facts.append(f"**Location:** Remote ({location})" if location else "**Location:** Remote")
    elif location:
        worked = f" ({arrangement})" if arrangement else ""
        facts.append(f"**Location:** {location}{worked}")
    elif arrangement:
        facts.append(f"**Location:** {arrangement.capitalize()}")
    if industry:
        facts.append(f"**Industry:** {assemble.industry_display(industry)}")
    return facts


def _industry(guide: RoleGuide, industry: str | None, notes: list[str]) -> list[JDSection]:
    if not industry or not industry.strip():
        return []
    known = canonical_industry(industry)
    section, pay = assemble.industry_focus(guide, known) if known else (None, [])
    for bullet in pay:
        notes.append(f"On pay, the knowledge base says: “{bullet.text}” ({bullet.source.section}).")
    if section is None:
        covered = [name for name in INDUSTRIES if assemble.industry_focus(guide, name)[0]]
        notes.append(
            f"The knowledge base has no guidance specific to the “{industry.strip()}” industry, "
            "so the draft is not tailored to it"
            + (f" (it covers {', '.join(covered)})." if covered else ".")
        )
        return []
    return [section]


def draft_job_description(
    documents: Sequence[Document],
    table: SalaryTable,
    *,
    role: str,
    level: str | None = None,
    location: str | None = None,
    industry: str | None = None,
    remote: bool = False,
    arrangement: str | None = None,
    chat_model: BaseChatModel | None = None,
    prompts_dir: Path,
) -> JobDescription:
    """A postable draft for ``role`` from the knowledge; empty ``sections`` if the role is unknown.

    ``level`` is a level word ("senior", "Sr."); the guide's own level is used when None.
    """
    notes: list[str] = []
    named = known_roles(documents)
    if not role.strip() and len(named) == 1:
        # "draft a JD for a senior one": the knowledge describes one role, so that is it.
        role = named[0]
        notes.append(
            f"No role was named; the draft is for the role the knowledge base describes ({role})."
        )
    guide = find_guide(documents, role, table)
    if guide is None:
        return _unknown_role(role, documents)
    wanted = canonical_level(level) if level else None
    if level and wanted is None:
        notes.append(f"“{level}” is not a level I know ({', '.join(LEVELS)}); it was ignored.")
    effective = wanted or guide.level
    own = shares_guide_rung(guide, effective)
    title = job_title(guide.role, effective, guide.ladder)
    unlisted = unlisted_levels(role)
    pay_level = effective
    if not level and not find_levels(role) and unlisted:
        # "jd staff mlops engineer": a rung the knowledge never describes. The posting is
        # titled as asked; its text is the nearest rung's, and says so to the reviewer.
        nearest = title
        title = f"{unlisted[0].title()} {job_title(guide.role, 'mid-level', guide.ladder)}"
        pay_level = unlisted[0]
        notes.append(
            f"The knowledge base has no {' or '.join(unlisted)} level. This {title} draft "
            f"reuses what it says about the {nearest}, the nearest rung it describes, so "
            "review the experience, leadership duties and pay before posting; or ask for a "
            f"level it has ({', '.join(LEVELS)})."
        )
    elif not level and not find_levels(role) and guide.level:
        notes.append(
            f"No level was named, so this is drafted as {with_article(title)}, the level the "
            f"knowledge base describes; ask for another ({', '.join(LEVELS)}) to change it."
        )
    if own and effective != guide.level:
        notes.append(
            f"The knowledge base describes the {guide.role}; this {title} draft reuses its "
            "requirements, so review experience and leadership expectations before posting."
        )
    place = _place(location)
    industry_sections = _industry(guide, industry, notes)
    pay = compensation(guide, table, title=title, level=pay_level, location=place)
    sections = [
        assemble.about_us(),
        assemble.about(guide, effective, own=own, title=title),
        *industry_sections,
        assemble.responsibilities(guide, effective, own=own),
        assemble.required(guide, own=own),
        assemble.preferred(guide, own=own),
        assemble.skills(guide),
        pay.section,
        assemble.benefits(guide),
        assemble.how_to_apply(),
        assemble.equal_opportunity(),
    ]
    sections = [s for s in sections if s.bullets or s.paragraph or s.placeholders]
    notes = [
        messages.JD_REVIEWER_FILL,
        *notes,
        *level_notes(guide, effective, title, own=own, used=sections),
        *pay.notes,
    ]
    industry_name = canonical_industry(industry) if industry else None
    facts = _facts(
        place, remote, industry_name or (industry.strip() if industry else None), arrangement
    )
    posted_title = title + (" (Remote)" if remote else "")
    posting = render_posting(posted_title, facts, sections)
    mode: AnswerMode = "extractive"
    degraded: str | None = None
    if chat_model is not None:
        skills = next((s for s in sections if s.heading == assemble.SKILLS), None)
        tools = tool_names(b.text for b in skills.bullets) if skills else []
        polished = polish_markdown(chat_model, prompts_dir, posting, tools)
        notes.append(polished.note)
        if polished.markdown is not None:
            posting, mode = polished.markdown, "llm"
        else:
            degraded = polished.note
    markdown = f"{posting}\n{render_reviewer_notes(notes)}"
    return JobDescription(
        title=posted_title,
        sections=sections,
        markdown=markdown,
        notes=notes,
        mode=mode,
        note=degraded,
    )
