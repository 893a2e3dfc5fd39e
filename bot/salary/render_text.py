"""A salary lookup as chat-width text: one cited line per figure, notes, then the sources.

The same text is the CLI's output, the ``answer`` of ``ask --json`` and Teams' text fallback,
so it is written for a chat pane rather than a wide terminal: a table whose source column
alone ran past 100 characters wrapped into noise there.
"""

from __future__ import annotations

from bot.models import SalaryResult
from bot.salary.format import describe_role, describe_source, format_amount


def render_salary_text(result: SalaryResult) -> str:
    """Plain text: the message, ``- role, place: amount (label, year) [n]`` lines, notes, sources.

    Figures from one section share a citation number, as an answer's lines do.
    """
    lines: list[str] = []
    if result.message and result.message not in result.notes:
        lines.append(result.message)
    sources: dict[str, int] = {}
    rows: list[str] = []
    for f in result.ranges:
        n = sources.setdefault(describe_source(f), len(sources) + 1)
        year = f", {f.year}" if f.year else ""
        place = f.location or "location not stated"
        rows.append(f"- {describe_role(f)}, {place}: {format_amount(f)} ({f.label}{year}) [{n}]")
    if rows:
        if lines:
            lines.append("")
        lines += rows
    if notes := result.notes_below():
        if lines:
            lines.append("")
        lines += [f"Note: {note}" if result.found else note for note in notes]
    if sources:
        lines += ["", "Sources:"]
        lines += [f"  [{n}] {source}" for source, n in sources.items()]
    return "\n".join(lines) + "\n"
