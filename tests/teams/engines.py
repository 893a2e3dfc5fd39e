"""Engines standing in for RoleBot where a test needs control over the reply (fakes, not mocks)."""

from __future__ import annotations

import threading
import time

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


class SlowEngine:
    """A real engine that takes ``delay`` seconds longer, like a slow LLM."""

    def __init__(self, inner: object, delay: float) -> None:
        self.inner = inner
        self.delay = delay
        self.calls = 0

    def handle(self, request: Request) -> Reply:
        self.calls += 1
        time.sleep(self.delay)
        reply: Reply = self.inner.handle(request)  # type: ignore[attr-defined]
        return reply


class BrokenEngine:
    """Fails the way a bug would, with the user's text in the exception message."""

    def handle(self, request: Request) -> Reply:
        raise RuntimeError(f"cannot handle {request.text!r}")
