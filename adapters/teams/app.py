"""The composition root for Teams: one ``CloudAdapter``, one worker pool, one aiohttp app.

Every part of the adapter is built here once and handed in: conversation state (memory,
files or Redis), re-delivery claims, the answer delivery and the activity handler; the
turn error handler answers with a reference instead of going silent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web
from botbuilder.core import ConversationState, MemoryStorage, Storage, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botframework.connector.auth import BotFrameworkAuthentication

from adapters.teams import messages
from adapters.teams.activity_handler import RoleBotActivityHandler
from adapters.teams.auth import build_authentication, serves_this_machine_only
from adapters.teams.cards.adaptive import text_activity
from adapters.teams.delivery import AnswerDelivery
from adapters.teams.endpoint import MessagesEndpoint, RecentActivities
from adapters.teams.file_storage import FileStorage
from adapters.teams.history import ConversationHistory
from adapters.teams.shared_storage import SharedStorage
from bot import FeedbackStore, Settings, SharedState, guide_of
from bot.toolkit import Handler, report_failure

log = logging.getLogger("rolebot.teams")

MESSAGES_PATH = "/api/messages"
SHUTDOWN_GRACE_SECONDS = 20.0
ENGINE_THREADS = 8  # as many as Slack's listener threads
# Activity ids seen, per replica (and shared through Redis when configured).
MAX_ACTIVITY_IDS = 10_000


def default_storage(settings: Settings, shared: SharedState | None = None) -> Storage:
    """Redis when ``shared`` has it (every replica sees every conversation), else files under
    ``ROLEBOT_TEAMS_STATE_DIR`` if set, else memory; any botbuilder Storage can be passed."""
    if shared is not None and shared.link is not None:
        return SharedStorage.on(shared)
    if settings.teams_state_dir is not None:
        return FileStorage(settings.teams_state_dir)
    return MemoryStorage()


def make_connector_clients_cheap() -> None:
    """msrest builds each connector client's retry list by testing 999 codes against a
    500-item *list*: 6–9 ms of CPU on the event loop, twice per turn (botbuilder makes a
    connector and a token client for every activity). Under a burst of 100 that was ~1.8 s
    of a 2-core machine's loop time (cProfile of ``rolebot serve teams``). A set gives the
    same retry list in microseconds. Idempotent."""
    from msrest.universal_http.requests import ClientRetryPolicy

    ClientRetryPolicy.safe_codes = frozenset(ClientRetryPolicy.safe_codes)  # type: ignore[assignment]


def build_teams_app(
    settings: Settings,
    *,
    engine: Handler,
    feedback: FeedbackStore,
    storage: Storage | None = None,
    answer_timeout: float = 10.0,
    on_duplicate: Callable[[], None] | None = None,
    authentication: BotFrameworkAuthentication | None = None,
    shared: SharedState | None = None,
) -> web.Application:
    """The web app; ``answer_timeout`` is how long a turn waits before going proactive.

    ``authentication`` defaults to ``build_authentication(settings)`` (Microsoft's endpoints).
    ``shared`` (Redis) shares re-delivery keys and conversation state between replicas.
    """
    make_connector_clients_cheap()
    adapter = CloudAdapter(authentication or build_authentication(settings))
    adapter.on_turn_error = on_turn_error
    history = ConversationHistory(
        ConversationState(storage or default_storage(settings, shared)),
        max_turns=settings.history_turns,
    )
    workers = ThreadPoolExecutor(max_workers=ENGINE_THREADS, thread_name_prefix="rolebot-teams")
    delivery = AnswerDelivery(
        engine=engine,
        feedback=feedback,
        history=history,
        app_id=settings.microsoft_app_id,
        workers=workers,
        answer_timeout=answer_timeout,
    )
    handler = RoleBotActivityHandler(
        delivery=delivery, history=history, feedback=feedback, guide=guide_of(engine)
    )
    endpoint = MessagesEndpoint(
        adapter=adapter,
        bot=handler,
        app_id=settings.microsoft_app_id,
        recent=RecentActivities(
            (shared or SharedState()).claims(
                namespace="teams", max_keys=MAX_ACTIVITY_IDS, on_repeat=on_duplicate
            )
        ),
        this_machine_only=serves_this_machine_only(settings),
    )
    app = web.Application()

    async def messages(request: web.Request) -> web.StreamResponse:
        # aiohttp wants a coroutine function; a callable object is a deprecated "bare" handler.
        return await endpoint(request)

    app.router.add_post(MESSAGES_PATH, messages)

    async def finish_late_answers(_: web.Application) -> None:
        await delivery.drain(SHUTDOWN_GRACE_SECONDS)

    async def stop_workers(_: web.Application) -> None:
        workers.shutdown(wait=False, cancel_futures=True)

    app.on_shutdown.append(finish_late_answers)
    app.on_cleanup.append(stop_workers)
    return app


async def on_turn_error(context: TurnContext, error: Exception) -> None:
    """A turn that failed gets a plain-language reply with a reference, never silence; the
    log line carries the reference and no message text."""
    text = report_failure(log, "turn", error, messages.TURN_FAILED)
    try:
        await context.send_activity(text_activity(text))
    except Exception as send_error:
        log.error("could not tell the user about a failed turn: %s", type(send_error).__name__)
