"""The ops endpoints on their own port: ``/healthz``, ``/readyz`` and ``/metrics``.

A separate port keeps probes and scrapes off the platform's webhook path (and out of its
auth), and lets the same app serve next to Slack's WSGI server or inside Teams' aiohttp loop.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.feedback import FeedbackStore
from bot.ops.endpoints import HEALTH_PATH, METRICS_PATH, READY_PATH
from bot.ops.instrumented import InstrumentedBot
from bot.ops.metrics import CONTENT_TYPE, RoleBotMetrics
from bot.ops.readiness import IndexCheck, LlmCheck, Readiness, SharedStateCheck
from bot.service import RoleBot
from bot.settings import Settings
from bot.state import SharedState


def build_ops_app(
    bot: RoleBot | InstrumentedBot,
    settings: Settings,
    *,
    metrics: RoleBotMetrics,
    shared: SharedState | None = None,
    feedback: FeedbackStore | None = None,
) -> web.Application:
    """The aiohttp app serving the three endpoints for ``bot``; ``shared`` and ``feedback``
    add Redis and the feedback database to ``/readyz``."""
    index_check = IndexCheck(bot.index)
    llm_check = LlmCheck(settings)
    state_check = SharedStateCheck(shared, feedback)

    async def healthz(_: web.Request) -> web.Response:
        # Liveness: the process and its event loop respond. Nothing else, so a Chroma
        # outage drains traffic (readyz) instead of restarting every replica.
        return web.Response(text="ok")

    async def readyz(_: web.Request) -> web.Response:
        loop = asyncio.get_running_loop()
        ready, index = await loop.run_in_executor(None, index_check.run)
        shared_ready, redis, database = await loop.run_in_executor(None, state_check.run)
        verdict = Readiness(
            ready=ready and shared_ready,
            index=index,
            llm=await llm_check.run(),
            redis=redis,
            database=database,
        )
        return web.json_response(verdict.as_json(), status=200 if verdict.ready else 503)

    async def metrics_text(_: web.Request) -> web.Response:
        response = web.Response(body=metrics.exposition())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    app = web.Application()
    app.router.add_get(HEALTH_PATH, healthz)
    app.router.add_get(READY_PATH, readyz)
    app.router.add_get(METRICS_PATH, metrics_text)
    return app
