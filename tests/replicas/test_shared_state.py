"""The shared stores against a real redis-server: shared while it runs, in-process while it
is down (nothing fails), shared again when it returns."""

from __future__ import annotations

import asyncio
import time

from bot.state import Claim, RedisLink, SharedCache
from bot.state.claims import DeliveryClaims
from bot.state.presence import Presence
from bot.state.rate_limit import RateLimiter
from tests.servers import RedisServer


def replica(url: str) -> tuple[RedisLink, DeliveryClaims]:
    presence, claims = replica_with_presence(url)
    return presence.link, claims


def test_a_key_claimed_on_one_replica_is_a_repeat_on_another(redis_url: str) -> None:
    _, a = replica(redis_url)
    _, b = replica(redis_url)
    assert a.try_claim("event:1") is Claim.OWNED
    assert b.try_claim("event:1") is Claim.BUSY  # a is alive and has not finished
    a.finish("event:1")
    assert b.recheck("event:1") is Claim.DONE
    assert a.try_claim("event:1") is Claim.DONE


def test_other_deliveries_and_other_platforms_are_not_repeats(redis_url: str) -> None:
    """Keys shaped as the adapters build them (tuples): only the same delivery is a repeat,
    and the same id on another platform is a different delivery."""
    link, a = replica(redis_url)
    _, b = replica(redis_url)
    teams = DeliveryClaims(namespace="teams", ttl=60, max_keys=100, presence=Presence(link))
    assert a.try_claim(("T1", "Ev1")) is Claim.OWNED
    assert b.try_claim(("T1", "Ev2")) is Claim.OWNED
    assert b.try_claim(("T2", "Ev1")) is Claim.OWNED
    assert teams.try_claim(("T1", "Ev1")) is Claim.OWNED
    assert b.try_claim(("T1", "Ev1")) is Claim.BUSY


def replica_with_presence(url: str) -> tuple[Presence, DeliveryClaims]:
    presence = Presence(RedisLink.from_url(url, retry_every=0.2))
    presence.beat()
    return presence, DeliveryClaims(namespace="t", ttl=60, max_keys=100, presence=presence)


def test_a_held_retry_is_dropped_when_the_first_replica_finishes(redis_url: str) -> None:
    _, a = replica_with_presence(redis_url)
    _, b = replica_with_presence(redis_url)
    assert a.try_claim("event:7") is Claim.OWNED

    async def retry_on_b() -> tuple[bool, bool]:
        waiting = asyncio.create_task(b.claim_waiting("event:7", hold=10))
        await asyncio.sleep(0.5)
        still_waiting = not waiting.done()
        a.finish("event:7")
        return still_waiting, await waiting

    held, answered_by_b = asyncio.run(retry_on_b())
    assert held  # the retry waited for the replica answering it
    assert answered_by_b is False  # ...which finished: the retry is not answered again


def test_a_held_retry_is_answered_when_the_first_replica_dies(redis_url: str) -> None:
    presence_a, a = replica_with_presence(redis_url)
    _, b = replica_with_presence(redis_url)
    assert a.try_claim("event:8") is Claim.OWNED

    async def retry_on_b() -> bool:
        waiting = asyncio.create_task(b.claim_waiting("event:8", hold=10))
        await asyncio.sleep(0.5)
        presence_a.stop()  # replica A goes away without finishing
        return await waiting

    assert asyncio.run(retry_on_b()) is True
    assert b.try_claim("event:8") is Claim.DONE  # B now remembers it as its own


def test_while_redis_is_down_claims_fall_back_to_this_process_and_recover(
    redis_url: str, redis_server: RedisServer
) -> None:
    link, a = replica(redis_url)
    _, b = replica(redis_url)
    redis_server.stop()
    try:
        assert a.try_claim("event:down") is Claim.OWNED  # answered, never dropped
        assert a.try_claim("event:down") is Claim.DONE  # still de-duplicated here
        status = link.status()
        assert not status.reachable and status.reason == "connection refused"
    finally:
        redis_server.start()
    time.sleep(0.3)  # past retry_every: the next call tries Redis again
    assert a.try_claim("event:up") is Claim.OWNED
    assert link.status().reachable
    assert b.try_claim("event:up") is Claim.BUSY  # shared again


def test_claims_say_whether_the_shared_set_is_reachable(
    redis_url: str, redis_server: RedisServer
) -> None:
    """What /readyz reports for re-delivery: a single process is always fine; a replica
    is degraded while Redis is down."""
    assert DeliveryClaims(namespace="t").reachable()
    link, a = replica(redis_url)
    assert a.reachable()
    redis_server.stop()
    try:
        a.try_claim("event:probe")  # the link notices
        assert not a.reachable()
    finally:
        redis_server.start()
        link.close()


def test_plain_keys_are_distinct_deliveries_across_replicas(redis_url: str) -> None:
    _, a = replica(redis_url)
    _, b = replica(redis_url)
    assert a.try_claim("event:10") is Claim.OWNED
    assert b.try_claim("event:11") is Claim.OWNED
    assert b.try_claim("event:10") is Claim.BUSY


def test_finishing_a_claim_that_expired_meanwhile_still_marks_it_done(redis_url: str) -> None:
    """An answer that took longer than the claim lives: a late retry must still see it done."""
    link, a = replica(redis_url)
    _, b = replica(redis_url)
    assert a.try_claim("event:slow") is Claim.OWNED
    link.run(lambda client: client.delete("rolebot:t:claim:event:slow"))  # expired
    a.finish("event:slow")
    assert link.run(lambda client: client.get("rolebot:t:claim:event:slow")) in ("done", b"done")
    assert 0 < link.run(lambda client: client.ttl("rolebot:t:claim:event:slow")) <= 60
    assert b.try_claim("event:slow") is Claim.DONE


def test_a_failing_redis_costs_each_call_well_under_a_second(
    redis_url: str, redis_server: RedisServer
) -> None:
    """After one failure the link skips Redis for a while instead of timing out per call."""
    link = RedisLink.from_url(redis_url, retry_every=30)
    cache = SharedCache(namespace="c", ttl=60, max_local=10, link=link)
    redis_server.stop()
    try:
        cache.put("k", "v")  # fails over to the local copy
        started = time.monotonic()
        for _ in range(100):
            assert cache.get("k") == "v"
        assert time.monotonic() - started < 1.0
    finally:
        redis_server.start()


def test_cache_is_shared_between_replicas(redis_url: str) -> None:
    a = SharedCache(namespace="c", ttl=60, max_local=10, link=RedisLink.from_url(redis_url))
    b = SharedCache(namespace="c", ttl=60, max_local=10, link=RedisLink.from_url(redis_url))
    a.put("thread", "history")
    assert b.get("thread") == "history"
    b.delete("thread")
    assert a.get("thread") is None


def test_rate_limit_counts_one_person_on_every_replica(redis_url: str) -> None:
    now = [1_000_000_050.0]  # 30 s into a minute
    a = RateLimiter(per_minute=2, link=RedisLink.from_url(redis_url), clock=lambda: now[0])
    b = RateLimiter(per_minute=2, link=RedisLink.from_url(redis_url), clock=lambda: now[0])
    assert a.wait_for("slack:U1") is None
    assert b.wait_for("slack:U1") is None
    assert a.wait_for("slack:U1") == 30  # the third in this minute, wherever it arrives
    assert b.wait_for("slack:U2") is None  # someone else is not affected
    now[0] += 31  # the next minute
    assert b.wait_for("slack:U1") is None


def test_rate_limit_without_redis_counts_in_this_process() -> None:
    limiter = RateLimiter(per_minute=1, clock=lambda: 60.0)
    assert limiter.wait_for("teams:aad-1") is None
    assert limiter.wait_for("teams:aad-1") == 60


def test_a_teams_activity_answered_before_its_replica_died_is_not_answered_again(
    redis_url: str,
) -> None:
    """Teams' re-delivery keys, as the endpoint claims and finishes them: a retry reaching
    the other replica after the first answered and went away is dropped, not answered twice;
    one that arrives while the first is still answering is taken over once it dies."""
    from botbuilder.schema import Activity, ConversationAccount

    from adapters.teams.endpoint import RecentActivities

    presence_a, claims_a = replica_with_presence(redis_url)
    presence_b, claims_b = replica_with_presence(redis_url)
    a, b = RecentActivities(claims_a), RecentActivities(claims_b)
    answered = Activity(id="1", channel_id="msteams", conversation=ConversationAccount(id="c"))
    unfinished = Activity(id="2", channel_id="msteams", conversation=ConversationAccount(id="c"))
    # no conversation at all (a malformed but authenticated activity) is keyed all the same
    bare = Activity(id="3", channel_id="msteams")

    async def scenario() -> tuple[bool, bool, bool, bool, bool]:
        first = await a.claim(answered) and await a.claim(unfinished) and await a.claim(bare)
        await a.finish(answered)
        presence_a.stop()
        retry_answered = await b.claim(answered)
        retry_unfinished = await b.claim(unfinished)
        repeat_bare = await a.claim(bare)
        return first, retry_answered, retry_unfinished, repeat_bare, await b.claim(unfinished)

    try:
        first, retry_answered, retry_unfinished, repeat_bare, again = asyncio.run(scenario())
    finally:
        presence_b.stop()
        presence_a.link.close()
        presence_b.link.close()
    assert first
    assert retry_answered is False  # answered before A died: never answered again
    assert retry_unfinished is True  # A died before finishing: B answers it
    assert repeat_bare is False
    assert again is False  # ...once
