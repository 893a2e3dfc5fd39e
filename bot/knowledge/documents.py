"""Parse a knowledge Markdown file into a title, front matter and a tree of sections.

Validation lives here so that a bad file is rejected, with its name, before any index is
touched: ingest loads every document first and only then builds. The limits below keep a
hostile or runaway file (a YAML alias bomb, a 20 MB paragraph, tens of thousands of
headings, a link to /etc/passwd) from costing more than a refusal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from bot.errors import KnowledgeError
from bot.models import LABEL_SEP

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(.*)$")
# A cheap, bounded test for "this line is a heading" that runs before HEADING, whose lazy
# group would backtrack quadratically over a long line of spaces.
HEADING_START = re.compile(r"#{1,6}\s")

# ROLEBOT_MAX_KNOWLEDGE_FILE_SIZE's default: ~100 times the Lead MLOps guide.
DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 16 * 1024
MAX_YAML_DEPTH = 16
MAX_TITLE_CHARS = 200
MAX_HEADING_CHARS = 200
# About 30 times the guide's 72; bounds group chunks and citations per file.
MAX_SECTIONS_PER_FILE = 2000


@dataclass(frozen=True)
class Block:
    """A paragraph or one list item: chunking keeps it whole unless it alone outgrows a chunk."""

    kind: Literal["paragraph", "item"]
    text: str


@dataclass
class Section:
    """A heading and the blocks directly under it; ``path`` excludes the document's H1."""

    path: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)

    @property
    def name(self) -> str:
        return LABEL_SEP.join(self.path)


@dataclass
class Document:
    """One knowledge file: where it is, its front matter and its sections in reading order."""

    path: str
    title: str
    meta: dict[str, Any]
    sections: list[Section]
    text: str


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KiB"


def read_knowledge_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing (without reading it all) one larger than ``max_bytes``."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
            if len(raw) > max_bytes:
                size = max(len(raw), os.fstat(handle.fileno()).st_size)
                raise KnowledgeError(
                    f"{shown}: is {_size(size)}, over the {_size(max_bytes)} limit for a knowledge "
                    "file (ROLEBOT_MAX_KNOWLEDGE_FILE_SIZE); split it into smaller files."
                )
    except OSError as exc:
        raise KnowledgeError(f"{shown}: cannot be read ({exc.strerror}).") from None
    return raw


def _read_text(path: Path, shown: str, max_bytes: int) -> str:
    raw = read_knowledge_bytes(path, shown, max_bytes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(
            f"{shown}: is not valid UTF-8 (bad byte at offset {exc.start}); save it as UTF-8."
        ) from None


def parse_plain_yaml(
    text: str,
    where: str,
    *,
    first_line: int = 1,
    error: type[KnowledgeError] = KnowledgeError,
) -> Any:
    """``yaml.safe_load`` for files people write: no anchors or aliases, bounded nesting.

    Errors read ``f"{where} <reason>"``, so ``where`` is the subject ("a.md: the front matter").

    An alias bomb is a few hundred bytes that expand into billions of values; nothing a
    curator writes needs aliases, so refusing them is simpler and safer than budgeting them.
    Deep nesting would exhaust PyYAML's recursion before it could report anything useful.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + first_line if event.start_mark else first_line
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise error(
                    f"{where} uses a YAML anchor or alias (&name / *name) at line {line}; "
                    "write the value out in full."
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise error(f"{where} nests more than {MAX_YAML_DEPTH} levels at line {line}.")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + first_line}" if mark is not None else ""
        raise error(f"{where} is not valid YAML{at}.") from None


def _split_front_matter(shown: str, text: str) -> tuple[dict[str, Any], str, int]:
    """Front matter, the body, and the body's first line number in the file."""
    if not text.startswith("---"):
        return {}, text, 1
    lines = text.splitlines()
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "..."))
    except StopIteration:
        raise KnowledgeError(
            f"{shown}: the front matter starts with '---' but has no closing '---' line."
        ) from None
    source = "\n".join(lines[1:end])
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise KnowledgeError(
            f"{shown}: the front matter is {_size(len(source))}, over the "
            f"{_size(MAX_FRONT_MATTER_CHARS)} limit; keep it to short 'key: value' lines."
        )
    meta = parse_plain_yaml(source, f"{shown}: the front matter", first_line=2) or {}
    if not isinstance(meta, dict):
        raise KnowledgeError(f"{shown}: the front matter must be 'key: value' lines.")
    return meta, "\n".join(lines[end + 1 :]), end + 2


class _SectionParser:
    """One pass over the body's lines, linear in its length however the lines are shaped."""

    def __init__(self, shown: str, first_line: int) -> None:
        self.shown = shown
        self.first_line = first_line
        self.h1: str | None = None
        self.stack: list[tuple[int, str]] = []
        self.current = Section(path=())
        self.sections = [self.current]
        self.paragraph: list[str] = []
        # The last list item's lines while continuation lines may still join it; joined
        # once when it closes (joining on every line would copy a long item once per line).
        self.item: list[str] | None = None

    def close_item(self) -> None:
        if self.item is not None:
            self.current.blocks.append(Block("item", " ".join(self.item)))
            self.item = None

    def flush_paragraph(self) -> None:
        if self.paragraph:
            self.close_item()
            self.current.blocks.append(Block("paragraph", " ".join(self.paragraph)))
            self.paragraph = []

    def heading(self, number: int, line: str) -> bool:
        """Start the section ``line`` heads; False when it is not a heading after all."""
        if len(line) > MAX_HEADING_CHARS:
            raise KnowledgeError(
                f"{self.shown}: the heading at line {number} is longer than "
                f"{MAX_HEADING_CHARS} characters; shorten it."
            )
        match = HEADING.match(line)
        if match is None:
            return False
        self.flush_paragraph()
        self.close_item()
        level, name = len(match.group(1)), match.group(2).strip()
        if level == 1 and self.h1 is None:
            self.h1 = name
            return True
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, name))
        if len(self.sections) > MAX_SECTIONS_PER_FILE:
            raise KnowledgeError(
                f"{self.shown}: has more than {MAX_SECTIONS_PER_FILE} sections (at line "
                f"{number}); split it into several files."
            )
        self.current = Section(path=tuple(n for _, n in self.stack))
        self.sections.append(self.current)
        return True

    def parse(self, body: str) -> tuple[str | None, list[Section]]:
        for number, raw in enumerate(body.splitlines(), self.first_line):
            line = raw.rstrip()
            if HEADING_START.match(line) and self.heading(number, line):
                continue
            item = LIST_ITEM.match(line)
            if item:
                self.flush_paragraph()
                self.close_item()
                self.item = [item.group(1).strip()]
            elif not line.strip():
                self.flush_paragraph()
            elif raw.startswith((" ", "\t")) and self.item is not None and not self.paragraph:
                # An indented continuation belongs to the list item above it.
                self.item.append(line.strip())
            else:
                self.paragraph.append(line.strip())
        self.flush_paragraph()
        self.close_item()
        return self.h1, [s for s in self.sections if s.blocks or s.path]


def _title(shown: str, meta: dict[str, Any], h1: str | None, path: Path) -> str:
    given = meta.get("title")
    if given is not None and not isinstance(given, str | int | float):
        raise KnowledgeError(f"{shown}: the front matter's 'title' must be text.")
    title = str(given or h1 or path.stem.replace("-", " ").title())
    if len(title) > MAX_TITLE_CHARS:
        raise KnowledgeError(
            f"{shown}: the title is longer than {MAX_TITLE_CHARS} characters; shorten it."
        )
    return title


def load_document(
    path: Path, root: Path | None = None, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> Document:
    """Read and validate one Markdown file; raise :class:`KnowledgeError` naming it."""
    shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
    text = _read_text(path, shown, max_bytes)
    if not text.strip():
        raise KnowledgeError(f"{shown}: the file is empty.")
    meta, body, first_line = _split_front_matter(shown, text)
    h1, sections = _SectionParser(shown, first_line).parse(body)
    title = _title(shown, meta, h1, path)
    if not any(s.blocks for s in sections):
        raise KnowledgeError(f"{shown}: has headings but no text to answer from.")
    return Document(path=shown, title=title, meta=meta, sections=sections, text=text)


def check_inside(directory: Path, files: Iterable[Path]) -> None:
    """Refuse files whose real path (links followed) lies outside ``directory``.

    A link named ``passwd.md`` pointing at /etc/passwd would otherwise be indexed and
    quoted to anyone who asks; every such file is named in one line.
    """
    root = directory.resolve()
    outside = [p for p in files if not p.resolve().is_relative_to(root)]
    if outside:
        names = ", ".join(str(p.relative_to(directory)) for p in outside)
        raise KnowledgeError(
            f"{names}: {'are links to files' if len(outside) > 1 else 'is a link to a file'} "
            "outside the knowledge directory; copy the file into it instead."
        )


def knowledge_files(directory: Path) -> list[Path]:
    """Every Markdown file under ``directory``, in a stable order."""
    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: the knowledge directory does not exist.")
    files = sorted(p for p in directory.rglob("*.md") if p.is_file() and p.name != "README.md")
    check_inside(directory, files)
    return files


def load_knowledge(directory: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> list[Document]:
    """Load and validate all documents; the first bad file stops the load with its name.

    ``max_bytes`` is ROLEBOT_MAX_KNOWLEDGE_FILE_SIZE: a larger file is refused unread.
    """
    files = knowledge_files(directory)
    if not files:
        raise KnowledgeError(f"{directory}: contains no Markdown (.md) knowledge files.")
    return [load_document(p, directory, max_bytes=max_bytes) for p in files]
