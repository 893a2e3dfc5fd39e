"""A draft as Markdown ready to paste into a job board; sources stay in the JSON form."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.jobdesc.assemble import ABOUT, COMPENSATION
from bot.models import JDSection

_LABEL = re.compile(r"^([^:.]{2,60}):\s+(.+)$")


def _bullet(text: str) -> str:
    label = _LABEL.match(text)
    if label and len(label.group(1).split()) <= 6:
        return f"- **{label.group(1)}:** {label.group(2)}"
    return f"- {text}"


def render_markdown(title: str, facts: Sequence[str], sections: Sequence[JDSection]) -> str:
    """Title, a line of facts (location, arrangement, industry), then each section."""
    lines = [f"# {title}", ""]
    if facts:
        lines += [" · ".join(facts), ""]
    for section in sections:
        lines += [f"## {section.heading}", ""]
        if section.paragraph:
            lines += [section.paragraph, ""]
        if section.heading == ABOUT:
            # The overview reads as prose, not a list.
            for bullet in section.bullets:
                lines += [bullet.text, ""]
            continue
        lines += [_bullet(b.text) for b in section.bullets]
        if section.heading == COMPENSATION:
            sources = dict.fromkeys(
                f"{b.source.title} › {b.source.section}" for b in section.bullets
            )
            lines += ["", *(f"_Source: {s}._" for s in sources)]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
