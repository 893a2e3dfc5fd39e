"""Deliveries parked while another replica works on them, taken over if it dies.

Slack wants its HTTP 200 within 3 seconds, and a replica is declared dead only seconds
after its last heartbeat, so a retry that finds its delivery ``BUSY`` is acknowledged at
once and parked here. One thread looks at every parked delivery a few times a second:
done by its owner, it is forgotten; taken over (the owner died before finishing), it is
handed to ``resume`` to be processed here. Parked deliveries are bounded in number and
in time: after ``max_wait`` a delivery whose owner is alive is left to it, and one whose
fate cannot be known (Redis down) is processed here rather than lost.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.state.claims import Claim, DeliveryClaims

log = logging.getLogger("rolebot.state")

P = TypeVar("P")

CHECK_EVERY_SECONDS = 0.25
MAX_WAIT_SECONDS = 120.0
MAX_PARKED = 5_000


@dataclass
class _Parked(Generic[P]):
    payload: P
    since: float


class ParkedDeliveries(Generic[P]):
    """Parked deliveries of one platform; ``resume(key, payload)`` processes a taken-over one."""

    def __init__(
        self,
        claims: DeliveryClaims,
        resume: Callable[[Hashable, P], None],
        *,
        check_every: float = CHECK_EVERY_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
        max_parked: int = MAX_PARKED,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._claims = claims
        self._resume = resume
        self._check_every = check_every
        self._max_wait = max_wait
        self._max_parked = max_parked
        self._clock = clock
        self._parked: OrderedDict[Hashable, _Parked[P]] = OrderedDict()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def __len__(self) -> int:
        with self._lock:
            return len(self._parked)

    def park(self, key: Hashable, payload: P) -> None:
        """Watch ``key`` until its owner finishes it or dies (a second park of it is a no-op)."""
        with self._lock:
            if key in self._parked:
                return
            self._parked[key] = _Parked(payload, self._clock())
            if len(self._parked) > self._max_parked:
                self._parked.popitem(last=False)
                log.warning("too many parked deliveries; the oldest is left to its owner")
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="rolebot-handoff", daemon=True
                )
                self._thread.start()
        self._wake.set()

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()

    def check_now(self) -> None:
        """One pass over every parked delivery (the thread calls it every ``check_every``)."""
        with self._lock:
            parked = list(self._parked.items())
        now = self._clock()
        for key, entry in parked:
            outcome = self._claims.recheck(key)
            overdue = now - entry.since >= self._max_wait
            if outcome is Claim.BUSY and not overdue:
                continue
            with self._lock:
                if self._parked.pop(key, None) is None:
                    continue
            if outcome is Claim.OWNED:
                self._run_resume(key, entry.payload)
            elif outcome is Claim.BUSY and not self._claims.reachable():
                # Overdue and Redis still down: whether its owner lived is unknowable, and a
                # second answer is better than none.
                log.warning("a parked delivery is processed here: Redis is still down")
                self._run_resume(key, entry.payload)

    def _run_resume(self, key: Hashable, payload: P) -> None:
        try:
            self._resume(key, payload)
        except Exception:
            log.exception("could not resume a delivery taken over from another replica")

    def _run(self) -> None:
        while not self._stopped.is_set():
            self._wake.wait(self._check_every)
            self._wake.clear()
            if self._stopped.is_set():
                return
            try:
                self.check_now()
            except Exception:  # never let the watcher die: parked deliveries depend on it
                log.exception("checking parked deliveries failed")
