"""A local stand-in for the Bot Framework Connector service, for end-to-end Teams tests.

The bot replies by POSTing to ``{serviceUrl}/v3/conversations/{id}/activities`` (new
message) or ``.../activities/{replyToId}`` (reply in a thread). This server records
both and answers like the real service, so tests assert on exactly what Teams would show.
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


class FakeBotConnector(LocalHTTPServer):
    """Start with ``with FakeBotConnector() as connector:``; point ``serviceUrl`` at ``.url``."""

    def __init__(self) -> None:
        self._posted: list[PostedActivity] = []
        self._changed = threading.Condition()
        super().__init__(self._handler_class())

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
                connector._record(
                    PostedActivity(
                        conversation_id=parts[2],
                        reply_to_id=parts[4] if len(parts) == 5 else None,
                        body=body,
                        authorization=self.headers.get("Authorization"),
                        received_at=time.monotonic(),
                    )
                )
                self.send_json(200, {"id": uuid.uuid4().hex})

        return Handler
