"""The memory behind "a re-delivered event is answered once" on Slack and Teams.

A key is claimed once; repeats are refused until it expires; the memory is bounded, the
oldest keys going first; and two threads racing for one key never both win.
"""

from __future__ import annotations

import threading

from bot.expiring_keys import ExpiringKeys
from bot.state import SharedState
from bot.state.claims import DEFAULT_MAX_KEYS, DEFAULT_TTL_SECONDS


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_claimed_once_until_it_expires() -> None:
    clock = Clock()
    keys = ExpiringKeys(ttl=60, max_keys=10, clock=clock)

    assert keys.claim("event:1")
    assert not keys.claim("event:1")
    assert keys.claim("event:2")  # other keys are independent
    clock.now += 59.9
    assert not keys.claim("event:1")
    clock.now += 0.1  # exactly the ttl after the claim: forgotten
    assert keys.claim("event:1")


def test_a_refused_repeat_does_not_extend_the_memory() -> None:
    clock = Clock()
    keys = ExpiringKeys(ttl=60, max_keys=10, clock=clock)
    keys.claim("k")
    clock.now += 50
    assert not keys.claim("k")
    clock.now += 10
    assert keys.claim("k")  # 60 s after the first claim, not after the repeat


def test_the_oldest_keys_are_forgotten_first_when_full() -> None:
    keys = ExpiringKeys(ttl=60, max_keys=3, clock=Clock())
    for key in ("a", "b", "c", "d"):
        assert keys.claim(key)

    assert keys.claim("a")  # pushed out by "d"
    assert not keys.claim("c") and not keys.claim("d")


def test_racing_threads_claim_a_key_exactly_once() -> None:
    keys = ExpiringKeys(ttl=60, max_keys=100)
    start = threading.Barrier(8)
    wins: list[bool] = []

    def race() -> None:
        start.wait()
        wins.append(keys.claim("event:same"))

    threads = [threading.Thread(target=race) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 7 + [True]


def test_slack_remembers_deliveries_longer_than_slack_retries_them() -> None:
    # Slack retries for about five minutes; an hour leaves room, 50,000 keys bound memory.
    assert DEFAULT_TTL_SECONDS >= 10 * 60
    assert 1_000 <= DEFAULT_MAX_KEYS <= 1_000_000
    clock = Clock()
    # Built as the Slack adapter builds its re-delivery set (adapters/slack/app.py).
    dedup = SharedState().claims(namespace="slack", clock=clock)
    assert dedup.ttl == DEFAULT_TTL_SECONDS
    assert dedup.claim("event:Ev1")
    clock.now += 5 * 60
    assert not dedup.claim("event:Ev1")
