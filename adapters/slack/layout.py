"""Slack's size limits, applied: long text becomes several blocks, many blocks several messages.

Slack rejects a section whose text exceeds 3,000 characters and a message with more than
50 blocks; we split on paragraph, line and word boundaries so a reply is never refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.toolkit import split_text

Block = dict[str, Any]

MAX_SECTION_CHARS = 3000
MAX_BLOCKS = 50
MAX_CONTEXT_ELEMENTS = 10
# Slack also refuses very large messages overall; stay well under that too.
MAX_MESSAGE_CHARS = 12_000
MAX_FALLBACK_CHARS = 3000
# However long a reply is, it is at most this many messages (plus one for its footer):
# a runaway reply must not become hundreds of posts in a thread.
MAX_MESSAGES = 8
SHORTENED = "_(This reply was too long for Slack and has been shortened.)_"


@dataclass
class SlackMessage:
    """One message to post: blocks, and the plain ``text`` Slack shows in notifications."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def _pieces(text: str) -> list[str]:
    """``text`` in pieces a section takes, without blank ones (Slack refuses those)."""
    pieces = (piece.strip() for piece in split_text(text.strip(), MAX_SECTION_CHARS))
    return [piece for piece in pieces if piece]


def mrkdwn(text: str) -> Block:
    """A text object Slack shows as written: ``verbatim`` stops it turning bare addresses
    and channel names into links (our own ``<…>`` links and mentions still work)."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def sections(text: str) -> list[Block]:
    """A long mrkdwn text as as many section blocks as Slack needs."""
    return [{"type": "section", "text": mrkdwn(piece)} for piece in _pieces(text)]


def context_blocks(lines: list[str]) -> list[Block]:
    """Small grey lines (sources, notes), packed into context blocks within Slack's limits."""
    pieces = _pieces("\n".join(lines))
    return [
        {"type": "context", "elements": [mrkdwn(p) for p in pieces[i : i + MAX_CONTEXT_ELEMENTS]]}
        for i in range(0, len(pieces), MAX_CONTEXT_ELEMENTS)
    ]


def _size(block: Block) -> int:
    return len(str(block))


def paginate(body: list[Block], footer: list[Block], fallback: str) -> list[SlackMessage]:
    """Split ``body`` across messages; ``footer`` (sources, buttons) ends the last one."""
    pages: list[list[Block]] = [[]]
    for block in body:
        page = pages[-1]
        full = len(page) >= MAX_BLOCKS or sum(map(_size, page)) + _size(block) > MAX_MESSAGE_CHARS
        if page and full:
            pages.append([])
        pages[-1].append(block)
    if len(pages) > MAX_MESSAGES:
        pages = pages[:MAX_MESSAGES]
        footer = [*context_blocks([SHORTENED]), *footer]
    footer_size = sum(map(_size, footer))
    last = pages[-1]
    too_big = sum(map(_size, last)) + footer_size > MAX_MESSAGE_CHARS
    if last and (len(last) + len(footer) > MAX_BLOCKS or too_big):
        pages.append([])
    pages[-1].extend(footer)
    return [SlackMessage(text=_fallback(page, fallback), blocks=page) for page in pages]


def _fallback(page: list[Block], default: str) -> str:
    """The message's own text, so notifications and thread history read like the blocks."""
    texts = [b["text"]["text"] for b in page if b.get("type") == "section" and "text" in b]
    text = "\n".join(texts) or default
    return text if len(text) <= MAX_FALLBACK_CHARS * 4 else text[: MAX_FALLBACK_CHARS * 4]
