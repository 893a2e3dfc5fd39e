"""Streamed answers, the same for every platform: what an engine yields and how fast to show it.

:meth:`bot.service.RoleBot.stream` yields :data:`STREAMING` when the answer will be written
by the model, then pieces of text to append to what the user sees, then the final
:class:`~bot.models.Reply`. A request that is not streamed (an extractive answer, a salary
lookup, a JD draft, an error) yields its final reply alone: those take milliseconds or are
not text, and are posted whole.

The final reply is what the user must end up seeing. When it differs from the pieces shown
(the model failed mid-answer, or a check at the end rejected what it wrote), the adapter
replaces the streamed text with it: the grounded answer and its one-line note, never a half
answer without one. :func:`replaces_streamed_text` says when.

Chat platforms limit how often a message may be edited, so :class:`StreamPacer` coalesces
pieces: the first text goes out at once (time to first visible text is what users feel),
later updates at most once per :data:`UPDATE_INTERVAL_SECONDS`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Final, Protocol, runtime_checkable

from bot.models import Answer, Reply, Request


class _Streaming:
    """The marker type: the answer that follows is written by the model, piece by piece."""

    def __repr__(self) -> str:
        return "STREAMING"


STREAMING: Final = _Streaming()
StreamEvent = _Streaming | str | Reply

# Teams asks for about one streaming update per second; Slack allows about one message
# write per second per channel. One rule for both.
UPDATE_INTERVAL_SECONDS = 1.0


class Handler(Protocol):
    """What a chat adapter is given to answer with: any request in, a reply out, never
    raising. :class:`bot.service.RoleBot` is one, and so is the instrumented wrapper a chat
    server runs (:class:`bot.ops.instrumented.InstrumentedBot`); tests pass their own.

    Synchronous: an adapter on an event loop runs it in a worker thread.
    """

    def handle(self, request: Request) -> Reply: ...


@runtime_checkable
class StreamingHandler(Protocol):
    """A handler that can also stream an answer the model writes (see :meth:`RoleBot.stream`)."""

    def handle(self, request: Request) -> Reply: ...

    def stream(self, request: Request) -> Iterator[StreamEvent]: ...


def reply_events(handler: Handler, request: Request) -> Iterator[StreamEvent]:
    """The handler's stream when it has one, else its one reply: adapters need one code path
    whatever handler they were given (test handlers only ``handle``)."""
    if isinstance(handler, StreamingHandler):
        yield from handler.stream(request)
    else:
        yield handler.handle(request)


def replaces_streamed_text(shown: str, final: Reply) -> bool:
    """True when the text already shown is not the final answer's text, so it must be
    replaced (a fallback, a rejected generation, a shortened or filtered answer)."""
    return not (isinstance(final, Answer) and final.answer.strip() == shown.strip())


class StreamPacer:
    """Decides when accumulated text is shown: the first piece at once, then at most one
    update every ``interval`` seconds. Pure state, so sync and async callers share it."""

    def __init__(
        self,
        interval: float = UPDATE_INTERVAL_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._pending = ""
        self._last: float | None = None

    def add(self, piece: str) -> str | None:
        """Buffer ``piece``; the text to show now, or None to wait."""
        self._pending += piece
        if not self._pending.strip() or self.delay() > 0:
            return None
        self.sent()
        return self.flush()

    def delay(self) -> float:
        """Seconds until the next update may be shown (0: now). For a sender that waits
        itself, e.g. one whose previous update took a while to get through."""
        if self._last is None:
            return 0.0
        return max(0.0, self._last + self.interval - self._clock())

    def sent(self) -> None:
        """Record that an update was shown now."""
        self._last = self._clock()

    def flush(self) -> str:
        """Whatever is still buffered (at the end of the stream)."""
        text, self._pending = self._pending, ""
        return text


def paced(events: Iterable[StreamEvent], pacer: StreamPacer) -> Iterator[StreamEvent]:
    """``events`` with text pieces coalesced by ``pacer``; the marker and final reply pass."""
    for event in events:
        if isinstance(event, str):
            update = pacer.add(event)
            if update:
                yield update
            continue
        if not isinstance(event, _Streaming):
            rest = pacer.flush()
            if rest:
                yield rest
        yield event
