"""What every chat platform needs, written once: an adapter only translates events and renders.

An adapter for a new platform imports from here and from :mod:`bot` (the public face), and
copies none of this:

- **the handler** it is given: :class:`Handler` (``handle``), maybe :class:`StreamingHandler`;
  :func:`reply_events` gives one code path for both, :class:`StreamPacer` and :func:`paced`
  keep edits within a platform's rate limit (:mod:`bot.streaming`);
- **re-delivery**: :class:`DeliveryClaims`, built by ``SharedState.claims(namespace=...)``,
  in-process or shared by every replica through Redis (:mod:`bot.state.claims`), and
  :class:`ParkedDeliveries` for retries waiting on another replica (:mod:`bot.state.handoff`);
- **size limits**: :func:`split_text` cuts text to a platform's limit, in characters or
  UTF-8 bytes, at paragraph, line or word ends;
- **failures**: :func:`report_failure` logs a failure with a reference and returns the
  sentence that shows the user the same reference;
- **feedback**: :func:`remember_answer` stores an answer so its 👍/👎 buttons can carry its
  id; the vote goes to ``FeedbackStore.record_vote``;
- **history**: :func:`recent_turns` keeps the window ``ROLEBOT_HISTORY_TURNS`` sets;
- **untrusted text**: :func:`clean_text`, and :func:`unlink` with :func:`urls_in` so only
  links the knowledge contains stay live (:mod:`bot.untrusted`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from bot.models import Answer, Reply
from bot.ops.logging import LogSafe, report_failure
from bot.settings import DEFAULT_HISTORY_TURNS
from bot.state.claims import Claim, DeliveryClaims
from bot.state.handoff import ParkedDeliveries
from bot.streaming import (
    STREAMING,
    Handler,
    StreamEvent,
    StreamingHandler,
    StreamPacer,
    paced,
    replaces_streamed_text,
    reply_events,
)
from bot.untrusted import clean_text, unlink, urls_in

if TYPE_CHECKING:
    from bot.feedback import FeedbackStore

T = TypeVar("T")

__all__ = [
    "DEFAULT_HISTORY_TURNS",
    "STREAMING",
    "Claim",
    "DeliveryClaims",
    "Handler",
    "LogSafe",
    "ParkedDeliveries",
    "StreamEvent",
    "StreamPacer",
    "StreamingHandler",
    "clean_text",
    "paced",
    "recent_turns",
    "remember_answer",
    "replaces_streamed_text",
    "reply_events",
    "report_failure",
    "split_text",
    "unlink",
    "urls_in",
]


def split_text(text: str, limit: int, *, encoding: str | None = None) -> list[str]:
    """``text`` in pieces of at most ``limit``, cut at line or word ends, losing nothing
    but the newline or space each cut falls on (``"\n".join`` restores text cut at lines).

    ``limit`` counts characters, or bytes in ``encoding`` for a platform that measures
    those (Teams' activity size). A cut falls on the piece's last line end, or on its last
    space when no line ends in its last two thirds, or mid-word for one very long word.
    """

    def size(piece: str) -> int:
        return len(piece) if encoding is None else len(piece.encode(encoding))

    pieces: list[str] = []
    while size(text) > limit:
        window = _prefix(text, limit, encoding)
        cut, skip = window.rfind("\n"), 1
        if cut < len(window) // 3:
            cut = window.rfind(" ")
        if cut < len(window) // 3:
            cut, skip = len(window), 0  # one very long word: cut it
        pieces.append(text[:cut])
        text = text[cut + skip :]
    pieces.append(text)
    return pieces


def _prefix(text: str, limit: int, encoding: str | None) -> str:
    """The longest start of ``text`` within ``limit`` (never splitting a character)."""
    if encoding is None:
        return text[:limit]
    return text.encode(encoding)[:limit].decode(encoding, "ignore")


def remember_answer(
    feedback: FeedbackStore, reply: Reply, *, platform: str, question: str
) -> str | None:
    """Store an answer so its 👍/👎 buttons can point at it: the id they carry, or None for
    a reply that is not an answer (nothing to vote on). Blocking: run it in a worker."""
    if not isinstance(reply, Answer):
        return None
    return feedback.remember_answer(
        platform=platform,
        question=question,
        sources=[source.label for source in reply.sources],
        mode=reply.mode,
    )


def recent_turns(turns: Sequence[T], window: int = DEFAULT_HISTORY_TURNS) -> list[T]:
    """The last ``window`` turns (``settings.history_turns``), oldest first, as the
    platform keeps them (:class:`~bot.models.Turn` or its own stored form)."""
    return list(turns[-window:]) if window > 0 else []
