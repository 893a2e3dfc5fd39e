"""A salary lookup as a compact terminal table: role, figure, location, source; notes below."""

from __future__ import annotations

from bot.models import SalaryResult
from bot.salary.format import describe_location, describe_role, describe_source, format_amount

_HEADERS = ("Role", "Figure", "Location", "Source")


def render_salary_text(result: SalaryResult) -> str:
    """Plain text for a terminal; widths follow the content so nothing is cut off."""
    lines: list[str] = []
    if result.message and result.message not in result.notes:
        lines.append(result.message)
    if result.ranges:
        rows = [
            (
                describe_role(f),
                f"{format_amount(f)} ({f.label}{', ' + str(f.year) if f.year else ''})",
                describe_location(f),
                describe_source(f),
            )
            for f in result.ranges
        ]
        widths = [max(len(r[i]) for r in (_HEADERS, *rows)) for i in range(len(_HEADERS))]
        if lines:
            lines.append("")
        for row in (_HEADERS, tuple("-" * w for w in widths), *rows):
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    if result.notes:
        if lines:
            lines.append("")
        lines += [f"Note: {note}" if result.found else note for note in result.notes]
    return "\n".join(lines) + "\n"
