"""Answering within Teams' time limit: in the turn when quick, proactively when slow.

Teams waits about 15 s for a bot's HTTP response. The engine runs in a worker thread;
if it has not answered within ``answer_timeout`` the turn ends with "working on it"
and the answer follows as a proactive message using the stored conversation reference.

The workers are a pool of their own, and one task per question does everything blocking
(engine, then storing the answer for the 👍/👎 buttons). botbuilder's connector sends its
HTTP requests from the event loop's default executor: sharing that pool put every step of
every question in one first-in-first-out queue, so under a burst each reply waited behind
the whole burst's work (bench/chat_load.py: 100 at once, p50 3.7 s, all answers together).

In a personal chat an answer the model writes is streamed (``adapters.teams.streaming``):
the turn sends the informative update and ends, and the stream continues as a proactive
conversation, so a long answer never holds the turn past Teams' limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ConversationReference

from adapters.teams import messages
from adapters.teams.cards.adaptive import text_activity
from adapters.teams.history import ConversationHistory
from adapters.teams.mentions import PERSONAL, conversation_type
from adapters.teams.render import render_reply, reply_text
from adapters.teams.streaming import StreamRefused, TeamsStream
from bot import ErrorReply, FeedbackStore, Reply, Request
from bot.toolkit import (
    STREAMING,
    Handler,
    StreamingHandler,
    StreamPacer,
    remember_answer,
    reply_events,
    report_failure,
)

log = logging.getLogger("rolebot.teams")

TYPING_EVERY_SECONDS = 3.0  # Teams shows a typing indicator for about this long


@dataclass(frozen=True)
class Answered:
    """The engine's reply and, for an answer, the id its 👍/👎 buttons carry."""

    reply: Reply
    answer_id: str | None


class AnswerDelivery:
    """Runs the engine for one question and gets its reply to the user, one way or another."""

    def __init__(
        self,
        *,
        engine: Handler,
        feedback: FeedbackStore,
        history: ConversationHistory,
        app_id: str | None,
        workers: Executor | None = None,
        answer_timeout: float = 10.0,
    ) -> None:
        """``workers`` runs the engine (None: the loop's default executor, for tests only)."""
        self.engine = engine
        self.feedback = feedback
        self.history = history
        self.app_id = app_id
        self.workers = workers
        self.answer_timeout = answer_timeout
        self._late: set[asyncio.Task[None]] = set()

    async def answer(self, context: TurnContext, question: str, request: Request) -> None:
        """``question`` is what the user typed (kept in history); ``request`` goes to the engine."""
        if conversation_type(context.activity) == PERSONAL and isinstance(
            self.engine, StreamingHandler
        ):
            await self._answer_streamed(context, question, request)
            return
        loop = asyncio.get_running_loop()
        work = loop.run_in_executor(self.workers, self._answer_and_remember, question, request)
        if await self._wait_typing(context, work):
            await self._send_answered(context, question, work.result())
            return
        await context.send_activity(text_activity(messages.WORKING_ON_IT))
        reference = TurnContext.get_conversation_reference(context.activity)
        late = asyncio.create_task(self._deliver_later(context.adapter, reference, question, work))
        self._late.add(late)
        late.add_done_callback(self._late.discard)

    async def _answer_streamed(self, context: TurnContext, question: str, request: Request) -> None:
        """Stream a model's answer; anything else is answered as in group chats."""
        loop = asyncio.get_running_loop()
        events: asyncio.Queue[_Item] = asyncio.Queue()

        def put(item: _Item) -> None:
            loop.call_soon_threadsafe(events.put_nowait, item)

        loop.run_in_executor(self.workers, self._stream_and_remember, question, request, put)
        first = asyncio.ensure_future(events.get())
        if not await self._wait_typing(context, first):
            first.cancel()
            await context.send_activity(text_activity(messages.WORKING_ON_IT))
            stream: TeamsStream | None = None
        elif isinstance(first.result(), Answered | BaseException):
            await self._send_answered(context, question, _answered(first.result()))
            return
        else:
            stream = TeamsStream(context.send_activity)
            try:
                await stream.start(messages.STREAM_INFORMATIVE)
            except StreamRefused:
                stream = None
        reference = TurnContext.get_conversation_reference(context.activity)
        late = asyncio.create_task(
            self._continue_stream(context.adapter, reference, question, events, stream)
        )
        self._late.add(late)
        late.add_done_callback(self._late.discard)

    def _stream_and_remember(
        self, question: str, request: Request, put: Callable[[_Item], None]
    ) -> None:
        """The engine's stream into ``put`` (paced where it is sent); the final reply as
        :class:`Answered`."""
        try:
            for event in reply_events(self.engine, request):
                if isinstance(event, Reply):
                    put(self._remember(question, event))
                    return
                put(event)
        except Exception as exc:
            put(exc)

    async def _continue_stream(
        self,
        adapter: BotAdapter,
        reference: ConversationReference,
        question: str,
        events: asyncio.Queue[_Item],
        stream: TeamsStream | None,
    ) -> None:
        pacer = StreamPacer()

        async def deliver(context: TurnContext) -> None:
            nonlocal stream
            if stream is not None:
                stream.send = context.send_activity
            unsent = ""
            while True:
                item = await events.get()
                if isinstance(item, str):
                    text, done = _merge_waiting(item, events)
                    if done is None and (delay := pacer.delay()) > 0:
                        await asyncio.sleep(delay)  # about one update a second
                        more, done = _merge_waiting("", events)
                        text += more
                    unsent += text
                    if stream is not None and unsent.strip():
                        try:
                            await stream.update(unsent)
                            pacer.sent()
                        except StreamRefused:
                            stream = None
                        unsent = ""
                    if done is None:
                        continue
                    item = done
                if item is STREAMING:
                    continue
                answered = _answered(item)
                break
            if stream is not None:
                try:
                    await stream.finish(answered.reply, answered.answer_id)
                    await self.history.append(context, question, reply_text(answered.reply))
                    return
                except StreamRefused:
                    pass
            await self._send_answered(context, question, answered)

        try:
            await adapter.continue_conversation(reference, deliver, self.app_id)
        except Exception:
            log.exception("could not deliver a streamed answer to conversation")

    def _answer_and_remember(self, question: str, request: Request) -> Answered:
        """Everything blocking about one question, in one worker task."""
        return self._remember(question, self.engine.handle(request))

    def _remember(self, question: str, reply: Reply) -> Answered:
        """Store an answer for its 👍/👎 buttons (blocking: run it in a worker)."""
        return Answered(
            reply, remember_answer(self.feedback, reply, platform="teams", question=question)
        )

    async def _wait_typing(self, context: TurnContext, work: asyncio.Future[Any]) -> bool:
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

    async def _send_answered(self, context: TurnContext, question: str, done: Answered) -> None:
        """Renders and sends the reply and records the exchange in the conversation history."""
        await context.send_activities(render_reply(done.reply, answer_id=done.answer_id))
        await self.history.append(context, question, reply_text(done.reply))

    async def _deliver_later(
        self,
        adapter: BotAdapter,
        reference: ConversationReference,
        question: str,
        work: asyncio.Future[Answered],
    ) -> None:
        try:
            done = await work
        except Exception as exc:
            text = report_failure(log, "late answer", exc, messages.LATE_ANSWER_FAILED)
            done = Answered(ErrorReply(text), None)

        async def deliver(context: TurnContext) -> None:
            await self._send_answered(context, question, done)

        try:
            await adapter.continue_conversation(reference, deliver, self.app_id)
        except Exception:
            log.exception("could not deliver a late answer to conversation")

    async def drain(self, timeout: float) -> None:
        """Waits (up to ``timeout``) for late answers still in flight, e.g. at shutdown."""
        if self._late:
            await asyncio.wait(set(self._late), timeout=timeout)


_Item = Any  # STREAMING, a piece of text, the final Answered, or the exception that ended it


def _answered(item: _Item) -> Answered:
    if isinstance(item, Answered):
        return item
    text = report_failure(log, "streamed answer", item, messages.LATE_ANSWER_FAILED)
    return Answered(ErrorReply(text), None)


def _merge_waiting(text: str, events: asyncio.Queue[_Item]) -> tuple[str, _Item | None]:
    """``text`` with every piece already waiting after it (Teams was slower than the
    model); the first item that is not text, if one was reached."""
    while True:
        try:
            item = events.get_nowait()
        except asyncio.QueueEmpty:
            return text, None
        if not isinstance(item, str):
            return text, item
        text += item
