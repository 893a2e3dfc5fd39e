"""Answering within Teams' time limit: in the turn when quick, proactively when slow.

Teams waits about 15 s for a bot's HTTP response. The engine runs in a worker thread;
if it has not answered within ``answer_timeout`` the turn ends with "working on it"
and the answer follows as a proactive message using the stored conversation reference.
"""

from __future__ import annotations

import asyncio
import logging

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ConversationReference

from adapters.teams import messages
from adapters.teams.cards.adaptive import text_activity
from adapters.teams.engine import Engine
from adapters.teams.history import ConversationHistory
from adapters.teams.render import render_reply, reply_text
from bot.feedback import FeedbackStore
from bot.models import Answer, ErrorReply, Reply, Request
from bot.ops.logging import error_reference

log = logging.getLogger("rolebot.teams")

TYPING_EVERY_SECONDS = 3.0  # Teams shows a typing indicator for about this long


class AnswerDelivery:
    """Runs the engine for one question and gets its reply to the user, one way or another."""

    def __init__(
        self,
        *,
        engine: Engine,
        feedback: FeedbackStore,
        history: ConversationHistory,
        app_id: str | None,
        answer_timeout: float = 10.0,
    ) -> None:
        self.engine = engine
        self.feedback = feedback
        self.history = history
        self.app_id = app_id
        self.answer_timeout = answer_timeout
        self._late: set[asyncio.Task[None]] = set()

    async def answer(self, context: TurnContext, question: str, request: Request) -> None:
        """``question`` is what the user typed (kept in history); ``request`` goes to the engine."""
        work = asyncio.ensure_future(asyncio.to_thread(self.engine.handle, request))
        if await self._wait_typing(context, work):
            await self.send(context, question, work.result())
            return
        await context.send_activity(text_activity(messages.WORKING_ON_IT))
        reference = TurnContext.get_conversation_reference(context.activity)
        late = asyncio.create_task(self._deliver_later(context.adapter, reference, question, work))
        self._late.add(late)
        late.add_done_callback(self._late.discard)

    async def _wait_typing(self, context: TurnContext, work: asyncio.Future[Reply]) -> bool:
        """Shows "typing…" until the reply is ready (True) or the time is up (False)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.answer_timeout
        while True:
            await context.send_activity(Activity(type=ActivityTypes.typing))
            remaining = deadline - loop.time()
            if remaining <= 0:
                return work.done()
            done, _ = await asyncio.wait({work}, timeout=min(TYPING_EVERY_SECONDS, remaining))
            if done:
                return True

    async def send(self, context: TurnContext, question: str, reply: Reply) -> None:
        """Renders and sends ``reply`` and records the exchange in the conversation history."""
        answer_id = await self._remember(question, reply)
        await context.send_activities(render_reply(reply, answer_id=answer_id))
        await self.history.append(context, question, reply_text(reply))

    async def _remember(self, question: str, reply: Reply) -> str | None:
        if not isinstance(reply, Answer):
            return None
        return await asyncio.to_thread(
            self.feedback.remember_answer,
            platform="teams",
            question=question,
            sources=[f"{s.title} › {s.section}" for s in reply.sources],  # as Slack stores them
            mode=reply.mode,
        )

    async def _deliver_later(
        self,
        adapter: BotAdapter,
        reference: ConversationReference,
        question: str,
        work: asyncio.Future[Reply],
    ) -> None:
        try:
            reply = await work
        except Exception:
            ref = error_reference()
            log.exception("late answer failed (ref %s)", ref)
            reply = ErrorReply(messages.LATE_ANSWER_FAILED.format(ref=ref))

        async def deliver(context: TurnContext) -> None:
            await self.send(context, question, reply)

        try:
            await adapter.continue_conversation(reference, deliver, self.app_id)
        except Exception:
            log.exception("could not deliver a late answer to conversation")

    async def drain(self, timeout: float) -> None:
        """Waits (up to ``timeout``) for late answers still in flight, e.g. at shutdown."""
        if self._late:
            await asyncio.wait(set(self._late), timeout=timeout)
