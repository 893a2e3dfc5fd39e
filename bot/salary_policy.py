"""Who may see salary figures, enforced once on every reply the engine gives.

The allow-lists name people and places per chat platform (Slack user and channel ids; a
Teams user's AAD object id and Teams channel ids). When any list is set, figures are
restricted on every chat platform: someone on no list gets salary lookups refused, job
descriptions without the compensation figures, and answers without the sentences that
state pay, each with a note saying why. The CLI is not restricted: whoever runs it can
read ``knowledge/salaries.yaml`` anyway.

Filtering the reply, rather than guessing the intent of the question, is what makes this
hold for every path (``/ask``, ``/jd``, a DM, a generated answer quoting the text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from bot import messages
from bot.jobdesc.assemble import COMPENSATION
from bot.models import Answer, ErrorReply, JDSection, JobDescription, Reply, Request, SalaryResult
from bot.settings import Settings

UNRESTRICTED_PLATFORMS = frozenset({"cli"})

# A currency sign or code next to an amount: "$137,700", "USD 180k", "€90.000". The
# possessive ``*+`` keeps "$1.1 billion" whole so the look-ahead can tell market sizes
# (which are not pay) from salaries.
_CURRENCY = r"(?:[$€£¥₹]|\b(?:USD|US\$|EUR|GBP|CAD|AUD|INR|CHF|JPY|SGD)\b)"
_AMOUNT = r"\d[\d,.]*+(?:\s?[kK]\b)?"
_NOT_PAY = r"(?!\s*(?:billion|million|trillion|bn)\b)"
_MONEY = re.compile(
    rf"{_CURRENCY}\s?{_AMOUNT}{_NOT_PAY}|\b\d[\d,.]*+\s?(?:USD|EUR|GBP|dollars?|euros?)\b",
    re.IGNORECASE,
)
# Bare amounts ("137,700", "180k") count only in a sentence about pay.
_BARE_AMOUNT = re.compile(r"\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b|\b\d{2,3}(?:\.\d)?\s?[kK]\b")
_PAY_WORDS = re.compile(
    r"\b(?:salar\w*|pay\w*|paid|compensation|comp|earn\w*|wages?|income|bonus\w*|"
    r"base|per\s+(?:year|annum|month|hour)|a\s+year|annual\w*|package|ote)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_ONLY_CITATIONS = re.compile(r"^(?:\[\d+\])+[.,;:]?$")
# No two whitespace runs meet: on a long line of spaces the match fails in one pass.
_EMPTY_LINE = re.compile(r"^\s*(?:(?:[-*•]|\d+[.)])\s*)?(?:\[\d+\]\s*)*(?:[.,;:]\s*)?$")
_HEADING_LINE = re.compile(r"^\s*(?:#{1,6}\s+.+|[^\n]{1,200}:)\s*$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s")
_SOURCE_LINE = re.compile(r"^_Source: .*_$")
_CITATION = re.compile(r"\[(\d+)\]")


def carries_pay_figure(text: str) -> bool:
    """True when ``text`` states an amount of pay."""
    if _MONEY.search(text):
        return True
    return bool(_BARE_AMOUNT.search(text) and _PAY_WORDS.search(text))


def _sentences(line: str) -> list[str]:
    """``line`` cut into sentences; a trailing citation ("… specifics. [3]") stays attached."""
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(line):
        if pieces and _ONLY_CITATIONS.match(piece.strip()):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


def withhold_figures(text: str) -> tuple[str, bool]:
    """``text`` without the sentences that state pay, and whether anything was removed.

    Lines left with nothing but a bullet or citations go, and so do headings left with
    nothing under them.
    """
    kept: list[str] = []
    removed = False
    for line in text.splitlines():
        if not carries_pay_figure(line):
            kept.append(line)
            continue
        removed = True
        indent = line[: len(line) - len(line.lstrip())]
        rest = [s for s in _sentences(line.strip()) if not carries_pay_figure(s)]
        remaining = indent + " ".join(rest)
        if rest and not _EMPTY_LINE.match(remaining):
            kept.append(remaining)
    if not removed:
        return text, False
    return "\n".join(_drop_empty_headings(kept)).strip("\n"), True


def _drop_empty_headings(lines: list[str]) -> list[str]:
    """Headings with nothing left under them go, with the source lines that followed them."""
    kept: list[str] = []
    skipping = False
    for i, line in enumerate(lines):
        if _is_heading(line):
            skipping = not _has_content_below(lines, i)
            if skipping:
                continue
        elif skipping and (not line.strip() or _SOURCE_LINE.match(line.strip())):
            continue
        else:
            skipping = False
        kept.append(line)
    return kept


def _is_heading(line: str) -> bool:
    return bool(_HEADING_LINE.match(line)) and not line.startswith((" ", "-", "*", "•"))


def _level(line: str) -> int:
    """A Markdown heading's level (1 for ``#``); other heading lines count as level 7."""
    return len(line) - len(line.lstrip("#")) if _MARKDOWN_HEADING.match(line) else 7


def _has_content_below(lines: list[str], index: int) -> bool:
    """Whether the heading at ``index`` has anything under it before the next heading of
    its own level or above (a title keeps its sections; a section needs lines)."""
    level = _level(lines[index])
    for line in lines[index + 1 :]:
        stripped = line.strip()
        if not stripped or _SOURCE_LINE.match(stripped):
            continue
        if _is_heading(line):
            return _level(line) > level
        return True
    return False


@dataclass(frozen=True)
class SalaryPolicy:
    """The salary allow-lists per platform; all empty means figures are for everyone."""

    users: Mapping[str, frozenset[str]] = field(default_factory=dict)
    channels: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> SalaryPolicy:
        return cls(
            users={
                "slack": frozenset(settings.salary_allowed_users),
                "teams": frozenset(settings.teams_salary_allowed_users),
            },
            channels={
                "slack": frozenset(settings.salary_allowed_channels),
                "teams": frozenset(settings.teams_salary_allowed_channels),
            },
        )

    @property
    def restricted(self) -> bool:
        """True when any allow-list is set: then only the people and places listed see figures."""
        return any(self.users.values()) or any(self.channels.values())

    def allows(self, request: Request) -> bool:
        """Whether the person who sent ``request``, where they sent it, may see figures."""
        if not self.restricted or request.platform in UNRESTRICTED_PLATFORMS:
            return True
        users = self.users.get(request.platform, frozenset())
        channels = self.channels.get(request.platform, frozenset())
        return (request.user_id is not None and request.user_id in users) or (
            request.channel_id is not None and request.channel_id in channels
        )

    def apply(self, request: Request, reply: Reply) -> Reply:
        """``reply`` as the requester may see it."""
        if self.allows(request):
            return reply
        if isinstance(reply, SalaryResult):
            return ErrorReply(messages.SALARY_RESTRICTED)
        if isinstance(reply, JobDescription):
            return _job_description(reply)
        if isinstance(reply, Answer):
            return _answer(reply)
        return reply


def _answer(answer: Answer) -> Answer:
    text, removed = withhold_figures(answer.answer)
    sources = [replace(s, text=withhold_figures(s.text)[0]) for s in answer.sources]
    if not removed:
        return replace(answer, sources=sources)
    if not text.strip() or all(_is_heading(line) for line in text.splitlines()):
        text = messages.SALARY_FIGURES_ONLY
    elif cited := {int(n) for n in _CITATION.findall(text)}:
        # Sources only the withheld sentences cited are no longer part of the answer.
        sources = [s for s in sources if s.n in cited]
    note = " ".join(n for n in (answer.note, messages.SALARY_FIGURES_WITHHELD) if n)
    return replace(answer, answer=text, sources=sources, note=note)


def _compensation_placeholder(markdown: str) -> str:
    """``markdown`` with the body of its Compensation section replaced by a placeholder."""
    lines = markdown.splitlines()
    heading = f"## {COMPENSATION}"
    if heading not in lines:
        return markdown
    start = lines.index(heading) + 1
    end = next(
        (i for i in range(start, len(lines)) if lines[i].startswith("## ") or lines[i] == "---"),
        len(lines),
    )
    body = ["", messages.JD_TODO_COMPENSATION_RESTRICTED, ""]
    return "\n".join([*lines[:start], *body, *lines[end:]])


def _job_description(jd: JobDescription) -> JobDescription:
    # The posting still needs a pay section: it becomes a placeholder for someone who may
    # see the figures, rather than vanishing from the draft.
    sections: list[JDSection] = []
    for section in jd.sections:
        if section.heading == COMPENSATION:
            sections.append(
                JDSection(COMPENSATION, placeholders=[messages.JD_TODO_COMPENSATION_RESTRICTED])
            )
            continue
        bullets = [b for b in section.bullets if not carries_pay_figure(b.text)]
        paragraph = withhold_figures(section.paragraph)[0] if section.paragraph else None
        if bullets or paragraph:
            sections.append(replace(section, bullets=bullets, paragraph=paragraph or None))
    markdown, removed = withhold_figures(_compensation_placeholder(jd.markdown))
    notes = [n for n in (withhold_figures(n)[0] for n in jd.notes) if n.strip()]
    if not removed and sections == jd.sections and notes == jd.notes:
        return jd
    return replace(
        jd,
        sections=sections,
        markdown=markdown + "\n",
        notes=[*notes, messages.SALARY_FIGURES_WITHHELD_JD],
    )
