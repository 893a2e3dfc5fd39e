"""Teams' streaming protocol for bots, for answers the model writes in personal chats.

1. An informative ``typing`` activity ("Searching the knowledge base…") with a
   ``streaminfo`` entity (``streamType: informative``, ``streamSequence: 1``); the id Teams
   returns for it is the ``streamId`` of everything that follows.
2. ``typing`` activities carrying the whole text so far (``streamType: streaming``, the
   sequence counting up), paced by ``bot.streaming``: the first text at once, then about
   one update a second, as Teams asks.
3. A final ``message`` (``streamType: final``, no sequence) with the finished answer's text
   and the Adaptive Card of its sources and 👍/👎. If the final answer is not what was
   streamed (the model failed, or its answer was rejected), the final message carries the
   grounded answer and its note: Teams shows the final message in place of the stream.

Teams streams only in personal chats; a chat or tenant that refuses (403
``ContentStreamNotAllowed``) gets the finished reply as ordinary messages.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from botbuilder.schema import Activity, ActivityTypes, Entity, ResourceResponse

from adapters.teams.cards.adaptive import card_activity, text_activity
from adapters.teams.cards.answer import answer_tail_card, streamed_answer_text
from adapters.teams.render import render_reply, reply_text
from bot import Answer, Reply

log = logging.getLogger("rolebot.teams.streaming")

Send = Callable[[Activity], Awaitable[ResourceResponse | None]]


class StreamInfo(Entity):  # type: ignore[misc]
    """The ``streaminfo`` entity; botbuilder's ``Entity`` serializes only ``type``."""

    _attribute_map: ClassVar[dict[str, dict[str, str]]] = {
        "type": {"key": "type", "type": "str"},
        "stream_id": {"key": "streamId", "type": "str"},
        "stream_type": {"key": "streamType", "type": "str"},
        "stream_sequence": {"key": "streamSequence", "type": "int"},
    }

    def __init__(
        self,
        *,
        stream_type: str,
        stream_id: str | None = None,
        stream_sequence: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(type="streaminfo", **kwargs)
        self.stream_type = stream_type
        self.stream_id = stream_id
        self.stream_sequence = stream_sequence


class StreamRefused(Exception):
    """Teams would not take a streaming update; the reply goes as ordinary messages."""


class TeamsStream:
    """One streamed reply: ``start``, ``update`` as text grows, then ``finish``."""

    def __init__(self, send: Send) -> None:
        # Replaced when the stream moves from the turn to a proactive conversation.
        self.send = send
        self._sequence = 0
        self.stream_id: str | None = None
        self.shown = ""

    async def start(self, informative: str) -> None:
        """The informative update that opens the stream; raises :class:`StreamRefused`."""
        response = await self._typing(informative, "informative")
        if response is None or not response.id:
            raise StreamRefused("no stream id")
        self.stream_id = response.id

    async def update(self, text: str) -> None:
        """Append ``text`` to what is shown; raises :class:`StreamRefused`."""
        self.shown += text
        await self._typing(self.shown, "streaming")

    async def finish(self, reply: Reply, answer_id: str | None) -> None:
        """The final message; raises :class:`StreamRefused` (then send it normally)."""
        info = StreamInfo(stream_type="final", stream_id=self.stream_id)
        await self._deliver(final_activity(reply, answer_id), info)

    async def _typing(self, text: str, stream_type: str) -> ResourceResponse | None:
        self._sequence += 1
        info = StreamInfo(
            stream_type=stream_type, stream_id=self.stream_id, stream_sequence=self._sequence
        )
        return await self._deliver(Activity(type=ActivityTypes.typing, text=text), info)

    async def _deliver(self, activity: Activity, info: StreamInfo) -> ResourceResponse | None:
        activity.entities = [*(activity.entities or []), info]
        try:
            return await self.send(activity)
        except Exception as exc:  # 403 ContentStreamNotAllowed, 400, a dropped connection
            log.warning("Teams refused a streaming update (%s)", type(exc).__name__)
            raise StreamRefused(type(exc).__name__) from exc


def final_activity(reply: Reply, answer_id: str | None) -> Activity:
    """The message that ends a stream: the answer's text, its sources card attached."""
    if isinstance(reply, Answer):
        activity = text_activity(streamed_answer_text(reply))
        tail = answer_tail_card(reply, answer_id)
        if tail is not None:
            activity.attachments = card_activity(tail).attachments
        return activity
    # Only answers are streamed; an error that ends a stream is plain text already.
    first = render_reply(reply, answer_id=answer_id)[0]
    return first if first.text else text_activity(reply_text(reply))
