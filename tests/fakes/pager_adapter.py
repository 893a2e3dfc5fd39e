"""A third chat platform, "Pager", adapted with nothing but :mod:`bot` and :mod:`bot.toolkit`.

Pager delivers events as dicts and retries them; its messages hold at most
:data:`MESSAGE_LIMIT` characters; an answer carries 👍/👎 buttons whose value is an answer
id. Everything a platform needs beyond translating those events and rendering replies comes
from the toolkit: this file is the proof that a new adapter copies none of it (and the
"add a platform" checklist in docs/architecture.md, followed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from bot import Answer, ErrorReply, FeedbackStore, HelpReply, Reply, Request, Turn
from bot.toolkit import (
    STREAMING,
    DeliveryClaims,
    Handler,
    StreamPacer,
    paced,
    recent_turns,
    remember_answer,
    reply_events,
    report_failure,
    split_text,
)

log = logging.getLogger("rolebot.pager")

MESSAGE_LIMIT = 200
FAILED = "Pager could not answer that (reference {ref})."


@dataclass
class Post:
    """One message as Pager shows it."""

    channel: str
    text: str
    buttons: dict[str, str] = field(default_factory=dict)


class PagerAdapter:
    """Pager events in, :class:`Request` to the handler, Pager posts out."""

    def __init__(
        self,
        *,
        bot: Handler,
        feedback: FeedbackStore,
        claims: DeliveryClaims,
        history_turns: int,
    ) -> None:
        self.bot = bot
        self.feedback = feedback
        self.claims = claims
        self.history_turns = history_turns
        self.posts: list[Post] = []
        self._threads: dict[str, list[Turn]] = {}

    def on_event(self, event: dict[str, Any]) -> None:
        """A message or a button press; a re-delivered event is dropped."""
        if not self.claims.claim(f"event:{event['id']}"):
            return
        if event["type"] == "vote":
            stored = self.feedback.record_vote(
                answer_id=event["answer_id"], voter=event["user"], vote=event["vote"]
            )
            self._post(event["channel"], "Thanks!" if stored else "That answer is gone.")
            return
        thread = self._threads.setdefault(event["channel"], [])
        request = Request(
            text=event["text"],
            history=recent_turns(thread, self.history_turns),
            platform="pager",
            user_id=event["user"],
            channel_id=event["channel"],
        )
        try:
            reply = self._answer(event["channel"], request)
        except Exception as exc:
            self._post(event["channel"], report_failure(log, "pager reply", exc, FAILED))
            return
        thread.extend([Turn("user", request.text), Turn("assistant", _text(reply))])

    def _answer(self, channel: str, request: Request) -> Reply:
        final: Reply | None = None
        for event in paced(reply_events(self.bot, request), StreamPacer(interval=0)):
            if event is STREAMING or isinstance(event, str):
                continue  # Pager cannot edit messages: it posts the final reply only
            final = event
        assert final is not None
        answer_id = remember_answer(self.feedback, final, platform="pager", question=request.text)
        pieces = split_text(_text(final), MESSAGE_LIMIT)
        for piece in pieces[:-1]:
            self._post(channel, piece)
        buttons = {"up": answer_id, "down": answer_id} if answer_id else {}
        self._post(channel, pieces[-1], buttons)
        return final

    def _post(self, channel: str, text: str, buttons: dict[str, str] | None = None) -> None:
        self.posts.append(Post(channel, text, buttons or {}))


def _text(reply: Reply) -> str:
    if isinstance(reply, Answer):
        return reply.answer
    if isinstance(reply, HelpReply | ErrorReply):
        return reply.text
    return str(getattr(reply, "markdown", "") or getattr(reply, "message", ""))
