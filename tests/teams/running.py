"""The real aiohttp app served on a free local port from a background thread."""

from __future__ import annotations

import asyncio
import json
import threading
from types import TracebackType
from typing import Any

import requests
from aiohttp import web


class RunningServer:
    """``with RunningServer(app) as server: server.post(activity)``."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._runner = web.AppRunner(app)
        self.port = 0

    def __enter__(self) -> RunningServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(timeout=10)
        return self

    async def _start(self) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        self.loop.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/messages"

    def post(
        self,
        activity: dict[str, Any] | None = None,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        """POSTs an activity as JSON (or raw ``data``); the response of the bot's endpoint."""
        sent_headers = {"Content-Type": "application/json", **(headers or {})}
        body = data if data is not None else json.dumps(activity).encode()
        return requests.post(self.url, data=body, headers=sent_headers, timeout=30)
