"""The ops endpoints on their own port: ``/healthz``, ``/readyz`` and ``/metrics``.

A separate port keeps probes and scrapes off the platform's webhook path (and out of its
auth), and lets the same app serve next to Slack's WSGI server or inside Teams' aiohttp loop.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.ops.endpoints import HEALTH_PATH, METRICS_PATH, READY_PATH
from bot.ops.metrics import CONTENT_TYPE, RoleBotMetrics
from bot.ops.readiness import IndexCheck, LlmCheck, Readiness
from bot.service import RoleBot
from bot.settings import Settings


def build_ops_app(bot: RoleBot, settings: Settings, *, metrics: RoleBotMetrics) -> web.Application:
    """The aiohttp app serving the three endpoints for ``bot``."""
    index_check = IndexCheck(bot.index)
    llm_check = LlmCheck(settings)

    async def healthz(_: web.Request) -> web.Response:
        # Liveness: the process and its event loop respond. Nothing else, so a Chroma
        # outage drains traffic (readyz) instead of restarting every replica.
        return web.Response(text="ok")

    async def readyz(_: web.Request) -> web.Response:
        ready, index = await asyncio.get_running_loop().run_in_executor(None, index_check.run)
        verdict = Readiness(ready=ready, index=index, llm=await llm_check.run())
        return web.json_response(verdict.as_json(), status=200 if ready else 503)

    async def metrics_text(_: web.Request) -> web.Response:
        response = web.Response(body=metrics.exposition())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    app = web.Application()
    app.router.add_get(HEALTH_PATH, healthz)
    app.router.add_get(READY_PATH, readyz)
    app.router.add_get(METRICS_PATH, metrics_text)
    return app
