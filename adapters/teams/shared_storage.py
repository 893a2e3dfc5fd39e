"""A botbuilder ``Storage`` on :class:`bot.state.SharedCache`: Teams conversation state in
Redis, so a conversation started on one replica continues on any other, and after restarts.

botbuilder-python ships memory, Blob and Cosmos stores only. Each state key is one JSON
string in Redis, kept ``STATE_TTL_SECONDS`` after its last write, and copied in memory:
while Redis is down a replica reads and writes its own copy, so the conversations it
served keep their context.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from botbuilder.core import Storage

from bot import SharedCache, SharedState

# A conversation idle for a month starts afresh; a busy one never expires.
STATE_TTL_SECONDS = 30 * 24 * 3600
LOCAL_COPIES = 10_000


class SharedStorage(Storage):  # type: ignore[misc]
    """State values must be JSON (rolebot stores plain dicts and lists)."""

    def __init__(self, cache: SharedCache) -> None:
        super().__init__()
        self.cache = cache

    @classmethod
    def on(cls, shared: SharedState) -> SharedStorage:
        return cls(
            shared.cache(namespace="teams:state", ttl=STATE_TTL_SECONDS, max_local=LOCAL_COPIES)
        )

    async def read(self, keys: list[str]) -> dict[str, Any]:
        def read_all() -> dict[str, Any]:
            found: dict[str, Any] = {}
            for key in keys or []:
                raw = self.cache.get(key)
                if raw is not None:
                    found[key] = json.loads(raw)
            return found

        return await asyncio.to_thread(read_all)

    async def write(self, changes: dict[str, Any]) -> None:
        def write_all() -> None:
            for key, value in (changes or {}).items():
                self.cache.put(key, json.dumps(value, ensure_ascii=False))

        await asyncio.to_thread(write_all)

    async def delete(self, keys: list[str]) -> None:
        def delete_all() -> None:
            for key in keys or []:
                self.cache.delete(key)

        await asyncio.to_thread(delete_all)
