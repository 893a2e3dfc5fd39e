"""Keeps a replica on the live index generation without waiting for traffic.

``LiveIndex`` checks the pointer when it is asked for a retriever, at most every couple of
seconds; a replica with no questions would keep the old generation loaded until its next
question and then pay for loading the new one inside that question. Following the pointer
from a thread bounds how long after an ingest every replica serves the new generation
(about ``every`` seconds plus one load; docs/operations.md has the measured bound) and
takes the load off the question's path.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

log = logging.getLogger("rolebot.index")

FOLLOW_EVERY_SECONDS = 2.0


class Refreshable(Protocol):
    def refresh(self, *, force: bool = False) -> bool: ...


class IndexFollower:
    """Calls ``index.refresh()`` every ``every`` seconds in a daemon thread."""

    def __init__(self, index: Refreshable, *, every: float = FOLLOW_EVERY_SECONDS) -> None:
        self._index = index
        self._every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="rolebot-index-follower", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5.0)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                if self._index.refresh():
                    log.info("now serving a new index generation")
            except Exception as exc:  # Chroma down: questions say so; keep following
                log.debug("index refresh failed: %s", type(exc).__name__)
