"""The compensation section of a draft: one figure from the salary table, its source named.

A posting needs one range, so the most specific statistic is chosen (typical range before
range, dated before undated); the other figures the knowledge gives are listed in a note
for the hiring team. Nothing is averaged, and no figure comes from another role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.jobdesc.assemble import COMPENSATION
from bot.jobdesc.knowledge import RoleGuide
from bot.models import JDBullet, JDSection, SalaryFigure
from bot.salary.format import describe_source, format_amount
from bot.salary.phrases import place_matches
from bot.salary.table import SalaryRow, SalaryTable

_PREFERENCE = ("typical range", "range", "estimate bounds", "average", "median", "upper bound")


@dataclass(frozen=True)
class Compensation:
    """The section (None when the table has no figure) and notes for the hiring team."""

    section: JDSection | None
    figure: SalaryFigure | None
    notes: list[str] = field(default_factory=list)


def _rank(row: SalaryRow) -> tuple[int, int]:
    return (_PREFERENCE.index(row.statistic), 0 if row.figure.year is not None else 1)


def _describe(figure: SalaryFigure) -> str:
    details = [figure.label]
    if figure.location:
        details.append(figure.location)
    if figure.year:
        details.append(str(figure.year))
    return f"{format_amount(figure)} ({'; '.join(details)})"


def compensation(
    guide: RoleGuide, table: SalaryTable, *, title: str, level: str | None, location: str | None
) -> Compensation:
    """The figure for the guide's role at ``level``, preferring ones specific to ``location``."""
    families = table.families_named_in(guide.role)
    rows = [r for r in table.rows if r.family in {f.name for f in families}]
    rows = [r for r in rows if r.figure.level == level]
    if not rows:
        return Compensation(
            None,
            None,
            [
                f"The knowledge base has no salary figure for {title}, so the compensation "
                "section is left out; add it before posting."
            ],
        )
    notes: list[str] = []
    if location:
        specific = [r for r in rows if place_matches(location, r.figure.location)]
        if specific:
            rows = specific
        else:
            notes.append(f"No salary figure in the knowledge base is specific to {location}.")
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
    section = JDSection(
        heading=COMPENSATION,
        bullets=[JDBullet(text=_describe(chosen.figure), source=chosen.figure.source)],
    )
    return Compensation(section, chosen.figure, notes)
