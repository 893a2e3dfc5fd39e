"""``rolebot serve teams``: the app from :mod:`adapters.teams.app` on ``POST /api/messages``."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiohttp import web

from adapters.teams.app import MESSAGES_PATH, build_teams_app
from adapters.teams.auth import listen_host
from bot import FeedbackStore, Settings, SharedState
from bot.toolkit import Handler, LogSafe

log = logging.getLogger("rolebot.teams")


def serve(
    settings: Settings,
    bot: Handler,
    feedback: FeedbackStore,
    *,
    port: int = 3978,
    on_duplicate: Callable[[], None] | None = None,
    shared: SharedState | None = None,
) -> None:
    """Blocks serving Teams on ``port`` until interrupted: all interfaces, or loopback only
    in local mode (see ``adapters.teams.auth``)."""
    app = build_teams_app(
        settings, engine=bot, feedback=feedback, on_duplicate=on_duplicate, shared=shared
    )
    host = listen_host(settings)
    log.info(
        "Teams endpoint listening on http://%s:%d%s", LogSafe(host), port, LogSafe(MESSAGES_PATH)
    )
    web.run_app(app, host=host, port=port, print=None)
