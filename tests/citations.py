"""What a citation promises a reader, checked the same way on every surface.

A reader who sees a line marked ``[2]`` looks up source 2 ("Lead MLOps Engineer ›
Requirements › Experience") and expects to find that line there. So, whatever the layout
of an answer (a heading ending in ``[n]`` with quoted lines under it, or a line ending in
its own ``[n]``):

- sources are listed as 1, 2, 3... in that order, and every one listed is cited;
- every ``[n]`` in the text names a listed source;
- every cited line's text occurs in the knowledge section source n names (its
  subsections included, as when the reader opens that section of the guide); a heading
  that carries ``[n]`` may instead just name that section.

The knowledge is read straight from the Markdown files, not through the bot's own parser
or chunker, so a bug there cannot make the check agree with itself.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PATH_SEP = " › "
_CITATION = re.compile(r"\[(\d+)\]")
_BULLET = re.compile(r"^(?:[-*•◦]|\d+[.)])\s+")
# Block quotes and Markdown heading marks around a line change nothing about what it cites.
_DECORATION = re.compile(r"^(?:>\s*)*(?:#{1,6}\s+)?")
_ENDS_WITH_CITATION = re.compile(r"(?:\s*\[\d+\])+\s*[:.]?\s*$")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# "Technical Skills › Programming Languages: Python; Java" names a sub-list by its path.
_FRAGMENT_SEPARATORS = re.compile(r";\s+|:\s+|\s+›\s+")
# "…and 2 more in the source.": the answer pointing at the rest of a list, not a quote.
_MORE_IN_SOURCE = re.compile(r"^…and \d+ more in the source\.$")


def normalize(text: str) -> str:
    """Text as a reader compares it: Slack's escaping undone, emphasis marks and line
    breaks ignored."""
    text = html.unescape(text).replace("*", "").replace("`", "")
    return " ".join(text.split())


class KnowledgeSections:
    """The text of every section of the knowledge, by the label users see for a source."""

    def __init__(self, knowledge_dir: Path) -> None:
        texts: dict[str, list[str]] = defaultdict(list)
        for path in sorted(knowledge_dir.rglob("*.md")):
            for label, text in _sections(path.read_text(encoding="utf-8")):
                texts[label.lower()].append(text)
        self._texts = {label: normalize("\n".join(parts)) for label, parts in texts.items()}

    def text(self, label: str) -> str | None:
        """The section's text with its subsections (and their headings), or None if unknown."""
        return self._texts.get(normalize(label).lower())


def _sections(markdown: str) -> Iterable[tuple[str, str]]:
    """(label, text) for every heading path, each line counted in all its ancestors."""
    lines = markdown.splitlines()
    if lines and lines[0].strip() == "---":
        end = next(i for i, ln in enumerate(lines[1:], 1) if ln.strip() == "---")
        front = dict(ln.split(":", 1) for ln in lines[1:end] if ":" in ln)
        title = front.get("title", "").strip()
        lines = lines[end + 1 :]
    else:
        title = ""
    stack: list[tuple[int, str]] = []  # (level, heading) below the document title
    found: dict[str, list[str]] = defaultdict(list)

    def labels() -> list[str]:
        names = [title] + [h for _, h in stack]
        return [PATH_SEP.join(names[: i + 1]) for i in range(len(names))]

    for line in lines:
        match = _HEADING.match(line)
        if match and len(match[1]) == 1:
            title = title or match[2]
            continue
        if match:
            level = len(match[1])
            stack = [(lv, h) for lv, h in stack if lv < level] + [(level, match[2])]
            for label in labels()[:-1]:
                found[label].append(match[2])  # a subsection's name is part of its parent
            continue
        for label in labels():
            found[label].append(line)
    return [(label, "\n".join(text)) for label, text in found.items()]


@dataclass(frozen=True)
class CitedLine:
    """Text the answer attributes to the sources ``numbers``."""

    numbers: tuple[int, ...]
    text: str
    heading: bool


def cited_lines(answer: str) -> list[CitedLine]:
    """Every line of ``answer`` that a citation covers, with the numbers that cover it.

    A line that is not a list item and ends in ``[n]`` (or ``[n]:``) opens a group: the
    lines after it, up to a blank line or the next such line, are cited as ``[n]``.
    Lines before any citation (an introduction) are not claims about a source.
    """
    found: list[CitedLine] = []
    current: tuple[int, ...] = ()
    for raw in answer.splitlines():
        line = _DECORATION.sub("", raw.strip())
        if not line:
            current = ()
            continue
        bullet = _BULLET.match(line)
        body = line[bullet.end() :] if bullet else line
        numbers = tuple(int(n) for n in _CITATION.findall(body))
        content = " ".join(_CITATION.sub(" ", body).split())
        content = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", content).rstrip(":").strip()
        if numbers and not bullet and _ENDS_WITH_CITATION.search(body):
            current = numbers
            found.append(CitedLine(numbers, content, heading=True))
        elif numbers:
            found.append(CitedLine(numbers, content, heading=False))
        elif current and content and not _MORE_IN_SOURCE.match(content):
            found.append(CitedLine(current, content, heading=False))
    return found


def _fragments(text: str) -> list[str]:
    """A quoted line may join a label and items ("Skills: Python; Java"): check each part."""
    parts = (normalize(p).rstrip(".,;:") for p in _FRAGMENT_SEPARATORS.split(text))
    return [p for p in parts if p]


def citation_problems(
    answer: str, listed: list[tuple[int, str]], knowledge: KnowledgeSections
) -> list[str]:
    """What a reader would find wrong with ``answer`` given the sources ``listed`` as
    (number, label) in the order they are shown; empty when every citation holds."""
    problems: list[str] = []
    numbers = [n for n, _ in listed]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"sources are listed as {numbers}, not 1..{len(numbers)} in order")
    labels = dict(listed)
    lines = cited_lines(answer)
    if not lines:
        problems.append("no line of the answer is cited")
    used = {n for line in lines for n in line.numbers}
    problems += [f"[{n}] is cited but no source {n} is listed" for n in sorted(used - set(labels))]
    problems += [f"source [{n}] is listed but never cited" for n in sorted(set(labels) - used)]
    for line in lines:
        cited = [labels[n] for n in line.numbers if n in labels]
        sections = [knowledge.text(label) for label in cited]
        problems += [
            f"source label {label!r} is no section of the knowledge"
            for label, text in zip(cited, sections, strict=True)
            if text is None
        ]
        texts = [t for t in sections if t]
        if not texts:
            continue
        if line.heading and any(
            normalize(line.text).lower() in normalize(label).lower() for label in cited
        ):
            continue  # a heading naming the section it cites
        missing = [f for f in _fragments(line.text) if not any(f in t for t in texts)]
        if missing:
            marks = "".join(f"[{n}]" for n in line.numbers)
            problems.append(
                f"{line.text!r} is cited as {marks} ({'; '.join(cited)}), "
                f"but {missing} is not in that section"
            )
    return problems


def source_label(title: str, section: str) -> str:
    """The label a user sees for a source: "Title › Section › Subsection"."""
    return f"{title}{PATH_SEP}{section}" if section and section != title else title


# Questions people ask, in their words, about every part of the guide. None comes from
# eval/: the invariant must hold for any question, not for the ones a gate was tuned on.
USER_QUESTIONS = [
    "what does the lead actually do all week?",
    "is a phd needed for this?",
    "which programming languages matter most?",
    "do they need kubernetes?",
    "what monitoring should be in place for deployed models?",
    "how do they handle retraining?",
    "what ci/cd tools do they use?",
    "which clouds should they know?",
    "what does the career ladder look like?",
    "how do you become a lead mlops engineer?",
    "what soft skills does the role need?",
    "what are typical challenges in mlops?",
    "how do teams deal with model drift?",
    "what best practices apply to experiment tracking?",
    "what do they do about compliance and governance?",
    "which industries want mlops engineers?",
    "is demand for mlops growing?",
    "what bonuses and benefits come with the job?",
    "what affects how much they get paid?",
    "how much experience with mlops is required?",
    "what certifications help?",
    "how do they keep costs of compute down?",
    "what documentation do they write?",
    "how do they collaborate with data scientists?",
    "what data engineering skills are expected?",
    "how should ml projects be structured?",
    "what is reproducibility in mlops?",
    "which mlops tools come up most?",
    "what does a lead do about security?",
    "what trends are shaping mlops?",
]


def heading_questions(knowledge_dir: Path) -> list[str]:
    """ "what about <heading>?" for every heading in the knowledge, as a curious user asks."""
    questions = []
    for path in sorted(knowledge_dir.rglob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _HEADING.match(line)
            if match and len(match[1]) > 1:
                questions.append(f"what about {match[2].lower()}?")
    return questions
