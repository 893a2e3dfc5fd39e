"""Parse a knowledge Markdown file into a title, front matter and a tree of sections.

Validation lives here so that a bad file is rejected, with its name, before any index is
touched: ingest loads every document first and only then builds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(.*)$")
PATH_SEP = " › "


class KnowledgeError(Exception):
    """A knowledge file cannot be used; the message names the file and says why."""


@dataclass(frozen=True)
class Block:
    """A paragraph or one list item: the unit that is never cut when chunking."""

    kind: Literal["paragraph", "item"]
    text: str


@dataclass
class Section:
    """A heading and the blocks directly under it; ``path`` excludes the document's H1."""

    path: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)

    @property
    def name(self) -> str:
        return PATH_SEP.join(self.path)


@dataclass
class Document:
    """One knowledge file: where it is, its front matter and its sections in reading order."""

    path: str
    title: str
    meta: dict[str, Any]
    sections: list[Section]
    text: str


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot be read ({exc.strerror}).") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(
            f"{path}: is not valid UTF-8 (bad byte at offset {exc.start}); save it as UTF-8."
        ) from None


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---"):
        return {}, text
    lines = text.splitlines()
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "..."))
    except StopIteration:
        raise KnowledgeError(
            f"{path}: the front matter starts with '---' but has no closing '---' line."
        ) from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 2}" if where is not None else ""
        raise KnowledgeError(f"{path}: the front matter is not valid YAML{line}.") from None
    if not isinstance(meta, dict):
        raise KnowledgeError(f"{path}: the front matter must be 'key: value' lines.")
    return meta, "\n".join(lines[end + 1 :])


def _parse_sections(body: str) -> tuple[str | None, list[Section]]:
    h1: str | None = None
    stack: list[tuple[int, str]] = []
    current = Section(path=())
    sections = [current]
    paragraph: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            current.blocks.append(Block("paragraph", " ".join(paragraph)))
            paragraph.clear()

    for raw in body.splitlines():
        line = raw.rstrip()
        heading = HEADING.match(line)
        if heading:
            flush_paragraph()
            level, name = len(heading.group(1)), heading.group(2).strip()
            if level == 1 and h1 is None:
                h1 = name
                continue
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, name))
            current = Section(path=tuple(n for _, n in stack))
            sections.append(current)
            continue
        item = LIST_ITEM.match(line)
        if item:
            flush_paragraph()
            current.blocks.append(Block("item", item.group(1).strip()))
        elif not line.strip():
            flush_paragraph()
        elif raw.startswith((" ", "\t")) and current.blocks and current.blocks[-1].kind == "item":
            # An indented continuation belongs to the list item above it.
            last = current.blocks.pop()
            current.blocks.append(Block("item", f"{last.text} {line.strip()}"))
        else:
            paragraph.append(line.strip())
    flush_paragraph()
    return h1, [s for s in sections if s.blocks or s.path]


def load_document(path: Path, root: Path | None = None) -> Document:
    """Read and validate one Markdown file; raise :class:`KnowledgeError` naming it."""
    shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
    text = _read_text(path)
    if not text.strip():
        raise KnowledgeError(f"{shown}: the file is empty.")
    try:
        meta, body = _split_front_matter(Path(shown), text)
    except KnowledgeError:
        raise
    h1, sections = _parse_sections(body)
    title = str(meta.get("title") or h1 or path.stem.replace("-", " ").title())
    if not any(s.blocks for s in sections):
        raise KnowledgeError(f"{shown}: has headings but no text to answer from.")
    return Document(path=shown, title=title, meta=meta, sections=sections, text=text)


def knowledge_files(directory: Path) -> list[Path]:
    """Every Markdown file under ``directory``, in a stable order."""
    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: the knowledge directory does not exist.")
    return sorted(p for p in directory.rglob("*.md") if p.is_file() and p.name != "README.md")


def load_knowledge(directory: Path) -> list[Document]:
    """Load and validate all documents; the first bad file stops the load with its name."""
    files = knowledge_files(directory)
    if not files:
        raise KnowledgeError(f"{directory}: contains no Markdown (.md) knowledge files.")
    return [load_document(p, directory) for p in files]


def iter_items(sections: Iterable[Section]) -> Iterable[tuple[Section, Block]]:
    """Every block with its section, in reading order."""
    for section in sections:
        for block in section.blocks:
            yield section, block
