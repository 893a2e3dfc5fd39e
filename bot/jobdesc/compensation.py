"""The compensation section of a draft: one figure from the salary table, its source named.

A posting needs one range, so the most specific statistic is chosen (typical range before
range, dated before undated); the other figures the knowledge gives are listed in a note
for the hiring team. Nothing is averaged, and no figure comes from another role, level or
place: when the knowledge has none for the posting's level or place, the section is a
placeholder and the reviewer notes point to the nearest figures, each with its place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot import messages
from bot.jobdesc.assemble import COMPENSATION
from bot.jobdesc.knowledge import RoleGuide, with_article
from bot.jobdesc.levels import shares_guide_rung
from bot.models import JDBullet, JDSection, SalaryFigure
from bot.salary.format import describe_source, format_amount
from bot.salary.phrases import LEVELS, place_matches
from bot.salary.table import SalaryRow, SalaryTable

_PREFERENCE = ("typical range", "range", "estimate bounds", "average", "median", "upper bound")


@dataclass(frozen=True)
class Compensation:
    """The section (a placeholder when the table has no figure) and notes for the reviewer."""

    section: JDSection
    figure: SalaryFigure | None
    notes: list[str] = field(default_factory=list)


def _rank(row: SalaryRow) -> tuple[int, int]:
    return (_PREFERENCE.index(row.statistic), 0 if row.figure.year is not None else 1)


def _describe(figure: SalaryFigure) -> str:
    details = [figure.label, figure.location or "location not stated"]
    if figure.year:
        details.append(str(figure.year))
    return f"{format_amount(figure)} ({'; '.join(details)})"


def _cited(rows: Sequence[SalaryRow]) -> str:
    return "; ".join(
        f"{r.figure.role}: {_describe(r.figure)} from {describe_source(r.figure)}" for r in rows
    )


def _distance(level: str | None, wanted: str | None) -> int:
    if level is None or wanted is None:
        return len(LEVELS)
    # a rung the table never has ("principal", "staff") sits nearest the lead's
    index = LEVELS.index(wanted) if wanted in LEVELS else LEVELS.index("lead")
    return abs(LEVELS.index(level) - index)


def _nearest_levels(rows: Sequence[SalaryRow], level: str | None) -> list[SalaryRow]:
    """Figures at the closest level the table has, then those for the role at no level."""
    levelled = [r for r in rows if r.figure.level is not None]
    closest = min((_distance(r.figure.level, level) for r in levelled), default=None)
    near = [r for r in levelled if _distance(r.figure.level, level) == closest]
    return near + [r for r in rows if r.figure.level is None]


def _placeholder(text: str) -> JDSection:
    return JDSection(heading=COMPENSATION, placeholders=[text])


def compensation(
    guide: RoleGuide, table: SalaryTable, *, title: str, level: str | None, location: str | None
) -> Compensation:
    """The figure for the guide's role at ``level``, and only one for ``location`` if given."""
    families = {f.name for f in table.families_named_in(guide.role)}
    family_rows = [r for r in table.rows if r.family in families]
    rows = [r for r in family_rows if r.figure.level == level]
    # "MLOps Team Lead": its only figure carries the knowledge's own caveat ("may be
    # conservative for lead positions"); the rung it shares with the guide's role has
    # figures without one, and those are posted. The note names the title's own figure,
    # and, when the draft posts one, whose it posts.
    own_figure: list[str] = []
    posted_instead = ""
    rung = [r for r in family_rows if r.figure.level == guide.level]
    if rows and rung and all(r.note for r in rows) and shares_guide_rung(guide, level):
        own = "; ".join(f"{_describe(r.figure)} from {describe_source(r.figure)}" for r in rows)
        own_figure.append(
            f"The knowledge base's own figure for the {title} is {own}, with the caveat: "
            f"{rows[0].note}"
        )
        posted_instead = (
            f" The draft posts the figure for the {guide.role}, on the same rung of its "
            "career ladder."
        )
        rows = rung
    if not rows:
        note = (
            f"The knowledge base has no salary figure for {with_article(title)}, so the draft "
            "gives none."
        )
        nearest = _nearest_levels(family_rows, level)
        if nearest:
            note += f" The nearest figures it has: {_cited(nearest)}."
        return Compensation(
            _placeholder(messages.JD_TODO_SALARY_LEVEL.format(title=title)), None, [note]
        )
    notes: list[str] = []
    if location:
        specific = [r for r in rows if place_matches(location, r.figure.location)]
        if not specific:
            note = (
                f"The knowledge base has no salary figure for {with_article(title)} in "
                f"{location}, so the draft gives none. The nearest figures it has for "
                f"{with_article(title)}: "
                f"{_cited(sorted(rows, key=_rank))}."
            )
            related = [
                r
                for r in table.rows
                if r.family not in families
                and r.figure.level == level
                and place_matches(location, r.figure.location)
            ]
            if related:
                note += f" For a related role (not used): {_cited(related)}."
            # the draft posts no figure: only the title's own figure and its caveat are named
            return Compensation(
                _placeholder(messages.JD_TODO_SALARY_PLACE.format(place=location)),
                None,
                [*own_figure, note],
            )
        rows = specific
    rows.sort(key=_rank)
    chosen = rows[0]
    others = [
        r
        for r in rows[1:]
        if (r.figure.low, r.figure.high) != (chosen.figure.low, chosen.figure.high)
    ]
    if others:
        listed = "; ".join(
            f"{_describe(r.figure)} from {describe_source(r.figure)}" for r in others
        )
        notes.append(
            f"The draft uses the figure labelled “{chosen.figure.label}”; "
            f"the knowledge base also gives {listed}."
        )
    if chosen.note:
        notes.append(f"About the compensation figure: {chosen.note}")
    notes[:0] = [f"{note}{posted_instead}" for note in own_figure]
    section = JDSection(
        heading=COMPENSATION,
        bullets=[JDBullet(text=_describe(chosen.figure), source=chosen.figure.source)],
    )
    return Compensation(section, chosen.figure, notes)
