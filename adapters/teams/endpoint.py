"""``POST /api/messages``: validate, authenticate, de-duplicate, then run the bot.

botbuilder's ``CloudAdapter.process`` answers a missing Content-Type, malformed JSON, a
junk token or an unreachable key endpoint with a 500, so the request is checked here
first and only a well-formed, authenticated, new activity reaches the adapter.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from botbuilder.core import Bot, serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity

from adapters.teams.auth import plausible_token
from adapters.teams.dedup import RecentActivities

log = logging.getLogger("rolebot.teams")


class MessagesEndpoint:
    """The aiohttp handler for Bot Framework activities."""

    def __init__(
        self,
        *,
        adapter: CloudAdapter,
        bot: Bot,
        app_id: str | None,
        recent: RecentActivities,
    ) -> None:
        self.adapter = adapter
        self.bot = bot
        self.app_id = app_id
        self.recent = recent

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        if request.content_type != "application/json":
            return web.Response(status=415, text="Expected an application/json activity.")
        activity = await _read_activity(request)
        if activity is None:
            return web.Response(status=400, text="Expected a JSON activity with a type.")
        auth_header = request.headers.get("Authorization", "")
        if self.app_id is not None and not plausible_token(auth_header, self.app_id):
            log.info("rejected a request without a valid Bot Framework token")
            return web.Response(status=401)
        try:
            authenticated = await self.adapter.bot_framework_authentication.authenticate_request(
                activity, auth_header
            )
        except Exception as exc:
            log.info("rejected a request: %s", type(exc).__name__)
            return web.Response(status=401)
        if not self.recent.first_time(activity):
            log.info("ignored a re-delivered activity")
            return web.Response(status=200)
        invoke = await self.adapter.process_activity(authenticated, activity, self.bot.on_turn)
        if invoke:
            return web.json_response(data=serializer_helper(invoke.body), status=invoke.status)
        return web.Response(status=201)


async def _read_activity(request: web.Request) -> Activity | None:
    try:
        body: Any = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict) or not isinstance(body.get("type"), str) or not body["type"]:
        return None
    try:
        activity: Activity = Activity().deserialize(body)
    except Exception:  # msrest raises its own DeserializationError family
        return None
    return activity
