"""The adapter's ``on_turn_error``: a plain-language reply, never silence, and a log line
that carries no message text (exception messages can quote what the user wrote)."""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext

from adapters.teams import messages
from adapters.teams.cards.adaptive import text_activity

log = logging.getLogger("rolebot.teams")

TurnErrorHandler = Callable[[TurnContext, Exception], Awaitable[None]]


async def on_turn_error(context: TurnContext, error: Exception) -> None:
    ref = uuid.uuid4().hex[:8]
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error(
        "turn failed (ref %s, %s activity): %s\n%s",
        ref,
        context.activity.type,
        type(error).__name__,
        frames,
    )
    try:
        await context.send_activity(text_activity(messages.TURN_FAILED.format(ref=ref)))
    except Exception as send_error:
        log.error("could not tell the user about ref %s: %s", ref, type(send_error).__name__)
