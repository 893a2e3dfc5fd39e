"""Keeping every outgoing activity under Teams' message size limit.

Teams rejects activities over roughly 28 KB; each one sent here stays under 25 KB
(the issue's margin), measured as the UTF-8 JSON the connector will POST.
"""

from __future__ import annotations

import json
from typing import Any

from botbuilder.schema import Activity

MAX_ACTIVITY_BYTES = 25_000
# Room left for the card's frame, sources and buttons around a chunk of body text.
TEXT_CHUNK_BYTES = 16_000


def activity_bytes(activity: Activity) -> int:
    """The size of ``activity`` on the wire."""
    payload: Any = activity.serialize()
    return len(json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def split_text(text: str, limit: int = TEXT_CHUNK_BYTES) -> list[str]:
    """``text`` in pieces of at most ``limit`` UTF-8 bytes, cut at line ends where possible."""
    if _size(text) <= limit:
        return [text]
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for line in text.splitlines(keepends=True):
        for piece in _hard_split(line, limit):
            size = _size(piece)
            if current and used + size > limit:
                chunks.append("".join(current).rstrip("\n"))
                current, used = [], 0
            current.append(piece)
            used += size
    if "".join(current).strip():
        chunks.append("".join(current).rstrip("\n"))
    return chunks


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _hard_split(line: str, limit: int) -> list[str]:
    """A single line longer than ``limit`` cut on character boundaries."""
    if _size(line) <= limit:
        return [line]
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for char in line:
        size = _size(char)
        if used + size > limit:
            pieces.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += size
    if current:
        pieces.append("".join(current))
    return pieces
