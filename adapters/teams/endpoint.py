"""``POST /api/messages``: validate, authenticate, de-duplicate, then run the bot.

The Bot Connector retries when a response is slow or lost; without de-duplication a retried
question gets two answers. Activity ids are claimed in the toolkit's
:class:`~bot.toolkit.DeliveryClaims` (shared by every replica through Redis when
``ROLEBOT_REDIS_URL`` is set): a retry that reaches another replica is dropped there, waits
while the first replica is still answering it, and is answered there if the first replica
died before finishing.

botbuilder's ``CloudAdapter.process`` answers a missing Content-Type, malformed JSON, a
junk token or an unreachable key endpoint with a 500, so the request is checked here
first and only a well-formed, authenticated, new activity reaches the adapter. In local
mode (no app id) only requests from and replies to this machine pass (see ``auth``).
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from botbuilder.core import Bot, serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity

from adapters.teams.auth import is_local_url, plausible_token
from bot.toolkit import DeliveryClaims

log = logging.getLogger("rolebot.teams")


class RecentActivities:
    """Re-delivered activities, keyed by (channel, conversation, activity id)."""

    def __init__(self, claims: DeliveryClaims) -> None:
        self.claims = claims

    async def claim(self, activity: Activity) -> bool:
        """True for an activity not seen before (and records it; activities without an id
        pass), off the event loop, holding a retry whose activity another live replica is
        answering until that one finishes (False) or dies (True)."""
        key = _key(activity)
        return key is None or await self.claims.claim_waiting(key)

    async def finish(self, activity: Activity) -> None:
        """The turn for ``activity`` is over: no other replica takes it over now."""
        key = _key(activity)
        if key is not None:
            await self.claims.finish_async(key)


def _key(activity: Activity) -> tuple[str, str, str] | None:
    if not activity.id:
        return None
    conversation = activity.conversation.id if activity.conversation else ""
    return (activity.channel_id or "", conversation or "", activity.id)


class MessagesEndpoint:
    """The aiohttp handler for Bot Framework activities."""

    def __init__(
        self,
        *,
        adapter: CloudAdapter,
        bot: Bot,
        app_id: str | None,
        recent: RecentActivities,
        this_machine_only: bool = False,
    ) -> None:
        self.adapter = adapter
        self.bot = bot
        self.app_id = app_id
        self.recent = recent
        self.this_machine_only = this_machine_only

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        if request.content_type != "application/json":
            return web.Response(status=415, text="Expected an application/json activity.")
        activity = await _read_activity(request)
        if activity is None:
            return web.Response(status=400, text="Expected a JSON activity with a type.")
        if self.this_machine_only and not _from_and_to_this_machine(request, activity):
            log.warning("local mode refused a request for another host or serviceUrl")
            return web.Response(status=403, text=LOCAL_MODE_ONLY)
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
        if not await self.recent.claim(activity):
            log.info("ignored a re-delivered activity")
            return web.Response(status=200)
        try:
            invoke = await self.adapter.process_activity(authenticated, activity, self.bot.on_turn)
        finally:
            await self.recent.finish(activity)
        if invoke:
            return web.json_response(data=serializer_helper(invoke.body), status=invoke.status)
        return web.Response(status=201)


LOCAL_MODE_ONLY = (
    "Local mode (no MICROSOFT_APP_ID) serves this machine only: the Host and the activity's "
    "serviceUrl must be localhost or a loopback address."
)


def _from_and_to_this_machine(request: web.Request, activity: Activity) -> bool:
    """The Host header is checked too, so a browser page cannot reach us by DNS rebinding."""
    return is_local_url(f"http://{request.host}/") and is_local_url(activity.service_url)


async def _read_activity(request: web.Request) -> Activity | None:
    try:
        body: Any = await request.json()
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep to parse
        return None
    if not isinstance(body, dict) or not isinstance(body.get("type"), str) or not body["type"]:
        return None
    if body["type"] == "invoke" and not isinstance(body.get("name"), str):
        return None
    try:
        activity: Activity = Activity().deserialize(body)
    except Exception:  # msrest raises its own DeserializationError family
        return None
    return activity
