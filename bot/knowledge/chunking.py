"""Heading-aware chunking: a chunk is a section (or a run of whole blocks of one section).

Every chunk carries its document title and heading path, so a citation can say
"Lead MLOps Engineer › Requirements › Technical Skills › MLOps Tools", and the id is a
hash of what was embedded, so an unchanged chunk is never embedded twice.

Beside the sections, every list item and every sentence of a paragraph is indexed as a
*unit* (a :class:`Chunk` whose ``kind`` is "item" or "sentence"), so an answer can quote the
two facts that answer a question instead of the whole section around them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Any, Literal

from bot.knowledge.documents import Block, Document, Section
from bot.models import LABEL_SEP

# Long enough for a typical section of the guide, short enough for a 256-token encoder.
MAX_CHARS = 900
# A section is put back together for an answer from its chunks; one longer than this is
# cited in pages of at most this many characters (the guide's longest section is ~1,500).
MAX_SOURCE_CHARS = 4 * MAX_CHARS
# Parent sections whose subsections together stay under this become one extra chunk, so a
# question about "technical skills" finds every skill group in one place.
MAX_GROUP_CHARS = 1400
# Bump when ``embed_text`` changes shape, so every chunk is re-embedded.
EMBED_FORMAT = "3"
# A sentence ends at . ! or ? followed by a capital, digit or quote ("e.g., SageMaker" stays).
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")

ChunkKind = Literal["section", "item", "sentence"]


@dataclass(frozen=True)
class Chunk:
    """One retrievable unit with the metadata stored beside its vector in Chroma."""

    id: str
    text: str
    title: str
    section: str
    path: str
    section_key: str
    part: int
    parts: int
    group: bool
    position: int = 0
    # "section" for a retrievable section; "item" / "sentence" for a unit inside one.
    kind: ChunkKind = "section"

    @property
    def is_unit(self) -> bool:
        return self.kind != "section"

    @property
    def lead_in(self) -> bool:
        """A sentence that introduces the list after it ("Their core responsibilities
        include:"): it says what follows, not a fact of its own."""
        return self.kind == "sentence" and self.text.rstrip().endswith(":")

    @property
    def embed_text(self) -> str:
        """What the encoder sees: the heading path gives short lists their meaning.

        The title stays in (measured on the whole eval set before it had a held-out split:
        hit@4 0.84 with it, 0.815 without) because questions name the role, and a chunk
        without it matches them only by accident. Units are embedded the same way (tuning
        split: heading path without the title or text alone scored no better).
        """
        heading = f"{self.title}{LABEL_SEP}{self.section}" if self.section else self.title
        return f"{heading}\n{self.text}"

    @classmethod
    def from_metadata(cls, cid: str, text: str, meta: dict[str, Any]) -> Chunk:
        """A chunk read back from the index (the inverse of :meth:`metadata`)."""
        return cls(
            id=cid,
            text=text,
            title=str(meta.get("title", "")),
            section=str(meta.get("section", "")),
            path=str(meta.get("path", "")),
            section_key=str(meta.get("section_key", cid)),
            part=int(meta.get("part", 1)),
            parts=int(meta.get("parts", 1)),
            group=bool(meta.get("group", False)),
            position=int(meta.get("position", 0)),
            kind=_kind(meta.get("kind")),
        )

    def metadata(self) -> dict[str, str | int | bool]:
        return {
            "title": self.title,
            "section": self.section,
            "path": self.path,
            "section_key": self.section_key,
            "part": self.part,
            "parts": self.parts,
            "group": self.group,
            "position": self.position,
            "kind": self.kind,
        }


def _kind(value: object) -> ChunkKind:
    # Collections written before units existed have no "kind": all their chunks are sections.
    if value == "item":
        return "item"
    if value == "sentence":
        return "sentence"
    return "section"


def render_blocks(blocks: list[Block]) -> str:
    """Blocks back to compact Markdown: items as '- ' lines, paragraphs as lines."""
    return "\n".join(f"- {b.text}" if b.kind == "item" else b.text for b in blocks)


def _cut(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut after a sentence where one
    ends in the window's last two thirds, else at a space, else anywhere; linear in length."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit + 1]
        cut = max(window.rfind(end, limit // 3) for end in (". ", "! ", "? ", "; "))
        cut = cut + 1 if cut >= 0 else window.rfind(" ", limit // 3)
        cut = cut if cut > 0 else limit
        pieces.append(window[:cut].rstrip())
        start += cut
        while start < len(text) and text[start] == " ":
            start += 1
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _bounded(blocks: list[Block], limit: int) -> list[Block]:
    """Blocks as written, except that one longer than ``limit`` becomes several."""
    if all(len(block.text) <= limit for block in blocks):
        return blocks
    return [Block(b.kind, piece) for b in blocks for piece in _cut(b.text, limit)]


def _pack(blocks: list[Block], limit: int) -> list[list[Block]]:
    """Group whole blocks into runs under ``limit`` characters; a block is cut only when it
    alone is longer than that (then at sentence ends)."""
    runs: list[list[Block]] = [[]]
    size = 0
    for block in _bounded(blocks, limit - 3):
        cost = len(block.text) + 3
        if runs[-1] and size + cost > limit:
            runs.append([])
            size = 0
        runs[-1].append(block)
        size += cost
    return [run for run in runs if run]


def _paginate(texts: list[str]) -> list[list[str]]:
    """Consecutive chunk texts in pages that join to at most MAX_SOURCE_CHARS."""
    pages: list[list[str]] = [[]]
    size = 0
    for text in texts:
        if pages[-1] and size + len(text) + 1 > MAX_SOURCE_CHARS:
            pages.append([])
            size = 0
        pages[-1].append(text)
        size += len(text) + 1
    return pages


def _chunk_id(path: str, section: str, text: str, kind: ChunkKind = "section") -> str:
    # Everything that shapes the stored vector or metadata is hashed, so any change to it
    # makes a new id and is re-embedded; an unchanged chunk keeps its id and its vector.
    # Sections keep their pre-unit ids (no kind in the hash), so adding units re-embeds none.
    tag = "" if kind == "section" else f"{kind}\x00"
    key = f"{EMBED_FORMAT}\x00{tag}{path}\x00{section}\x00{text}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _make(
    doc: Document, section: str, text: str, part: int, parts: int, group: bool, page: int = 1
) -> Chunk:
    key = f"{doc.path}#{section}" if page == 1 else f"{doc.path}#{section}#page{page}"
    return Chunk(
        id=_chunk_id(doc.path, section, text),
        text=text,
        title=doc.title,
        section=section,
        path=doc.path,
        section_key=key,
        part=part,
        parts=parts,
        group=group,
    )


def _descendants(sections: list[Section]) -> dict[tuple[str, ...], list[Section]]:
    """Sections with text under each heading path, in reading order: one pass, not one per
    parent (which took minutes for a file of twenty thousand headings)."""
    below: dict[tuple[str, ...], list[Section]] = {}
    for section in sections:
        if section.blocks:
            for depth in range(len(section.path)):
                below.setdefault(section.path[:depth], []).append(section)
    return below


def _group_text(parent: Section, children: list[Section]) -> str | None:
    """The parent's text and its subsections', or None once it outgrows a group chunk."""
    parts = [render_blocks(parent.blocks)] if parent.blocks else []
    size = len(parts[0]) if parts else 0
    for child in children:
        label = LABEL_SEP.join(child.path[len(parent.path) :])
        parts.append(f"{label}:\n{render_blocks(child.blocks)}")
        size += len(parts[-1]) + 1
        if size > MAX_GROUP_CHARS:
            return None
    return "\n".join(parts)


def chunk_document(doc: Document) -> list[Chunk]:
    """Chunks for one document, in reading order, with group chunks after their parents."""
    chunks: list[Chunk] = []
    below = _descendants(doc.sections)
    for section in doc.sections:
        name = section.name
        if section.blocks:
            pages = _paginate([render_blocks(run) for run in _pack(section.blocks, MAX_CHARS)])
            for page_no, page in enumerate(pages, 1):
                for i, text in enumerate(page, 1):
                    chunks.append(_make(doc, name, text, i, len(page), False, page_no))
        children = below.get(section.path, [])
        group = _group_text(section, children) if section.path and children else None
        if group is not None:
            chunks.append(_make(doc, name, group, 1, 1, True))
    # Identical text in two places (a heading repeated) would collide; keep the first.
    seen: set[str] = set()
    unique: list[Chunk] = []
    for chunk in chunks:
        if chunk.id not in seen:
            seen.add(chunk.id)
            unique.append(replace(chunk, position=len(unique)))
    return unique


def chunk_documents(docs: list[Document]) -> list[Chunk]:
    return [chunk for doc in docs for chunk in chunk_document(doc)]


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, each verbatim."""
    return [s.strip() for s in SENTENCE.split(text) if s.strip()]


def document_units(doc: Document) -> list[Chunk]:
    """Every list item and paragraph sentence of ``doc`` as a unit, in reading order.

    A unit keeps its section's heading path and key, so it can be scored together with
    its section and cited as that section.
    """
    units: list[Chunk] = []
    seen: set[str] = set()
    for section in doc.sections:
        name = section.name
        for block in section.blocks:
            pieces: list[tuple[ChunkKind, str]] = (
                [("item", block.text)]
                if block.kind == "item"
                else [("sentence", s) for s in sentences(block.text)]
            )
            for kind, text in pieces:
                uid = _chunk_id(doc.path, name, text, kind)
                if uid in seen:
                    continue
                seen.add(uid)
                units.append(
                    Chunk(
                        id=uid,
                        text=text,
                        title=doc.title,
                        section=name,
                        path=doc.path,
                        section_key=f"{doc.path}#{name}",
                        part=1,
                        parts=1,
                        group=False,
                        position=len(units),
                        kind=kind,
                    )
                )
    return units


def units_of_documents(docs: list[Document]) -> list[Chunk]:
    return [unit for doc in docs for unit in document_units(doc)]
