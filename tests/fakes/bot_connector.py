"""A local stand-in for the Bot Framework Connector service, for end-to-end Teams tests.

The bot replies by POSTing to ``{serviceUrl}/v3/conversations/{id}/activities`` (new
message) or ``.../activities/{replyToId}`` (reply in a thread). This server records
both and answers like the real service, so tests assert on exactly what Teams would show.

It also keeps Teams' streaming protocol as the real service does: an activity carrying a
``streaminfo`` entity without a ``streamId`` opens a stream (it must be sequence 1 and have
text; the answer is 201 with the stream's id), later ``typing`` updates name that id with a
rising ``streamSequence``, and a final ``message`` with ``streamType: final`` and no
sequence closes it. A broken rule gets Teams' 400, an update after the end a 403, and
:meth:`FakeBotConnector.reject_streaming` makes every streaming activity a 403
``ContentStreamNotAllowed``. Every streaming activity is kept, in order, in :attr:`streams`.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import unquote

from tests.fakes.local_http import LocalHTTPServer, QuietJSONHandler

ADAPTIVE = "application/vnd.microsoft.card.adaptive"


@dataclass(frozen=True)
class PostedActivity:
    """One activity the bot sent, as the connector received it."""

    conversation_id: str
    reply_to_id: str | None
    body: dict[str, Any]
    authorization: str | None
    # time.monotonic() when it arrived, for latency measurements (bench/chat_load.py)
    received_at: float = 0.0

    @property
    def type(self) -> str:
        return str(self.body.get("type"))

    @property
    def text(self) -> str:
        return str(self.body.get("text") or "")

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [
            a["content"]
            for a in self.body.get("attachments") or []
            if a.get("contentType") == ADAPTIVE
        ]

    @property
    def size(self) -> int:
        return len(json.dumps(self.body, ensure_ascii=False).encode("utf-8"))

    @property
    def stream_info(self) -> dict[str, Any] | None:
        """The activity's ``streaminfo`` entity, if it has one."""
        for entity in self.body.get("entities") or []:
            if str(entity.get("type", "")).lower() == "streaminfo":
                return dict(entity)
        return None


@dataclass(frozen=True)
class StreamUpdate:
    """One streaming activity as the connector accepted it."""

    type: str
    stream_type: str
    sequence: int | None
    text: str
    received_at: float
    activity: PostedActivity


class FakeBotConnector(LocalHTTPServer):
    """Start with ``with FakeBotConnector() as connector:``; point ``serviceUrl`` at ``.url``."""

    def __init__(self) -> None:
        self._posted: list[PostedActivity] = []
        self._changed = threading.Condition()
        # stream id -> its accepted activities in order; ids of streams that have ended
        self.streams: dict[str, list[StreamUpdate]] = {}
        self._ended: set[str] = set()
        self._streaming_refused = False
        super().__init__(self._handler_class())

    def reject_streaming(self) -> None:
        """From now on every streaming activity gets 403 ContentStreamNotAllowed."""
        self._streaming_refused = True

    def wait_for_stream_end(self, timeout: float = 10.0) -> list[StreamUpdate]:
        """Blocks until a stream has ended; returns its activities in order."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not self._ended:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no stream ended; streams: {list(self.streams)}")
                self._changed.wait(remaining)
            return list(self.streams[next(iter(self._ended))])

    def _stream(self, posted: PostedActivity, info: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Teams' rules for one streaming activity: the status and body it answers."""

        def refuse(status: int, code: str, message: str) -> tuple[int, dict[str, Any]]:
            return status, {"error": {"code": code, "message": message}}

        if self._streaming_refused:
            return refuse(403, "ContentStreamNotAllowed", "Content stream is not allowed")
        stream_type, sequence = info.get("streamType", "streaming"), info.get("streamSequence")
        stream_id = info.get("streamId")
        final = stream_type == "final"
        if final != (posted.type == "message") or stream_type not in (
            "informative",
            "streaming",
            "final",
        ):
            return refuse(400, "BadRequest", "typing streams; only the final is a message")
        if not posted.text and not final:
            return refuse(400, "BadRequest", "Start streaming activities should include text")
        if final and sequence is not None:
            return refuse(400, "BadRequest", "the final message must not set streamSequence")
        with self._changed:
            if stream_id is None:
                if final or sequence != 1:
                    return refuse(400, "BadRequest", "a stream starts at streamSequence 1")
                stream_id = uuid.uuid4().hex
                self.streams[stream_id] = []
                status, body = 201, {"id": stream_id}
            elif stream_id not in self.streams:
                return refuse(400, "BadRequest", "unknown streamId")
            elif stream_id in self._ended:
                return refuse(403, "ContentStreamNotAllowed", "stream already completed")
            else:
                earlier = [u.sequence for u in self.streams[stream_id] if u.sequence]
                if not final and (
                    not isinstance(sequence, int) or sequence <= max(earlier, default=0)
                ):
                    return refuse(400, "BadRequest", "streamSequence must increase")
                status, body = 202, {}
            self.streams[stream_id].append(
                StreamUpdate(
                    posted.type, stream_type, sequence, posted.text, posted.received_at, posted
                )
            )
            if final:
                self._ended.add(stream_id)
        return status, body

    @property
    def url(self) -> str:
        return f"{self.origin}/"

    @property
    def posted(self) -> list[PostedActivity]:
        with self._changed:
            return list(self._posted)

    @property
    def messages(self) -> list[PostedActivity]:
        """What a user sees: everything but typing indicators."""
        return [p for p in self.posted if p.type == "message"]

    def wait_for_messages(self, count: int, timeout: float = 10.0) -> list[PostedActivity]:
        """Blocks until at least ``count`` messages arrived (or ``timeout``), returns them all."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while sum(p.type == "message" for p in self._posted) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
        return self.messages

    def _record(self, posted: PostedActivity) -> None:
        with self._changed:
            self._posted.append(posted)
            self._changed.notify_all()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        connector = self

        class Handler(QuietJSONHandler):
            def do_POST(self) -> None:
                parts = [unquote(p) for p in self.path.split("?")[0].strip("/").split("/")]
                # v3 / conversations / {id} / activities [ / {replyToId} ]
                if len(parts) not in (4, 5) or parts[:2] != ["v3", "conversations"]:
                    self.send_json(404, {"error": {"code": "NotFound"}})
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                posted = PostedActivity(
                    conversation_id=parts[2],
                    reply_to_id=parts[4] if len(parts) == 5 else None,
                    body=body,
                    authorization=self.headers.get("Authorization"),
                    received_at=time.monotonic(),
                )
                info = posted.stream_info
                if info is not None:
                    status, answer = connector._stream(posted, info)
                    if status >= 400:
                        self.send_json(status, answer)
                        return
                    connector._record(posted)
                    self.send_json(status, answer)
                    return
                connector._record(posted)
                self.send_json(200, {"id": uuid.uuid4().hex})

        return Handler
