"""A draft as Markdown ready to paste into a job board; sources stay in the JSON form.

The posting comes first, with "[TODO: …]" placeholders where the company must add what the
knowledge cannot say. The reviewer notes follow as one block after a rule, so a saved file
keeps every caveat and deleting that block leaves exactly the posting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot import messages
from bot.jobdesc.assemble import ABOUT, COMPENSATION, PROSE
from bot.models import JDSection

_LABEL = re.compile(r"^([^:.]{2,60}):\s+(.+)$")
REVIEWER_RULE = "---"


def _bullet(text: str) -> str:
    label = _LABEL.match(text)
    if label and len(label.group(1).split()) <= 6:
        return f"- **{label.group(1)}:** {label.group(2)}"
    return f"- {text}"


def render_posting(title: str, facts: Sequence[str], sections: Sequence[JDSection]) -> str:
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
        else:
            lines += [_bullet(b.text) for b in section.bullets]
        if section.heading in PROSE or not section.bullets:
            for placeholder in section.placeholders:
                lines += [placeholder, ""]
        else:
            lines += [f"- {placeholder}" for placeholder in section.placeholders]
        if section.heading == COMPENSATION and section.bullets:
            sources = dict.fromkeys(
                f"{b.source.title} › {b.source.section}" for b in section.bullets
            )
            lines += ["", *(f"_Source: {s}._" for s in sources)]
        lines.append("")
    return _tidy(lines)


def render_reviewer_notes(notes: Sequence[str]) -> str:
    """The notes as one block that starts at a rule and runs to the end of the file."""
    if not notes:
        return ""
    lines = [REVIEWER_RULE, "", f"## {messages.JD_REVIEWER_HEADING}", ""]
    lines += [f"- {note}" for note in notes]
    return _tidy(lines)


def _tidy(lines: list[str]) -> str:
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def posting_part(markdown: str) -> str:
    """``markdown`` without its reviewer block: what is left once a reviewer deletes it."""
    marker = f"\n{REVIEWER_RULE}\n\n## {messages.JD_REVIEWER_HEADING}\n"
    head, found, _ = markdown.partition(marker)
    return head.rstrip() + "\n" if found else markdown
