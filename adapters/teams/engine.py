"""What the adapter needs from the engine: :class:`bot.service.RoleBot` satisfies it."""

from __future__ import annotations

from typing import Protocol

from bot.models import Reply, Request


class Engine(Protocol):
    def handle(self, request: Request) -> Reply:
        """Any request in, a reply out; synchronous, so the adapter runs it in a thread."""
        ...
