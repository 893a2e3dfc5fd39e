"""The adapter's ``on_turn_error``: a plain-language reply, never silence, and a log line
that carries no message text (exception messages can quote what the user wrote)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext

from adapters.teams import messages
from adapters.teams.cards.adaptive import text_activity
from bot.ops.logging import error_reference

log = logging.getLogger("rolebot.teams")

TurnErrorHandler = Callable[[TurnContext, Exception], Awaitable[None]]


async def on_turn_error(context: TurnContext, error: Exception) -> None:
    ref = error_reference()
    log.error("turn failed (ref %s): %s", ref, type(error), exc_info=error)
    try:
        await context.send_activity(text_activity(messages.TURN_FAILED.format(ref=ref)))
    except Exception as send_error:
        log.error("could not tell the user about ref %s: %s", ref, type(send_error).__name__)
