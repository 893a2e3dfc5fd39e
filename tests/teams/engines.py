"""Engines standing in for RoleBot where a test needs control over the reply (fakes, not mocks)."""

from __future__ import annotations

import threading

from bot.models import Reply, Request


class RecordingEngine:
    """Returns a fixed reply and remembers every request it was given."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        self.requests: list[Request] = []
        self._lock = threading.Lock()

    def handle(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
        return self.reply


class GatedEngine:
    """A real engine that answers only once the test opens the gate, like a slow LLM.

    What happens before ``release`` is then a matter of order, not of timing: ``answered``
    stays 0 until the test lets the engine finish.
    """

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.release = threading.Event()
        self.answered = 0

    def handle(self, request: Request) -> Reply:
        self.release.wait(timeout=30)
        reply: Reply = self.inner.handle(request)  # type: ignore[attr-defined]
        self.answered += 1
        return reply


class BrokenEngine:
    """Fails the way a bug would, with the user's text in the exception message."""

    def handle(self, request: Request) -> Reply:
        raise RuntimeError(f"cannot handle {request.text!r}")
