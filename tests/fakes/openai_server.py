"""A small OpenAI-compatible HTTP server for tests: the real ``openai`` client talks to it.

Point ``OPENAI_BASE_URL`` (or ``Settings(openai_base_url=...)``) at :attr:`base_url`.
Replies come from a queue (the last one repeats) or a callable that sees each request body;
each reply can set a status code and a delay (a delay longer than the client timeout
simulates a hung server). Every request body is recorded in :attr:`requests`.

A streamed reply can be paced like a real model (``first_token_delay``, then
``tokens_per_second``; one word is one token) and can break part-way: ``fail_after`` sends an
error event after that many tokens, ``cut_after`` closes the connection without finishing.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.fakes.local_http import LocalHTTPServer, QuietJSONHandler


@dataclass(frozen=True)
class FakeReply:
    """One answer: assistant ``content`` with ``status`` 200, or an error status and body."""

    content: str = ""
    status: int = 200
    delay: float = 0.0
    # "length" plays a model stopped by its token cap.
    finish: str = "stop"
    # Streaming only: seconds before the first token, then the pace of the rest.
    first_token_delay: float = 0.0
    tokens_per_second: float | None = None
    # Streaming only: an error event after this many tokens, or the connection closed
    # (no finish, no [DONE]) after this many.
    fail_after: int | None = None
    cut_after: int | None = None
    error: dict[str, Any] = field(
        default_factory=lambda: {"error": {"message": "fake failure", "type": "server_error"}}
    )


Responder = Callable[[dict[str, Any]], FakeReply]


def completion(content: str, model: str = "fake-model", finish: str = "stop") -> dict[str, Any]:
    """A ``chat.completion`` body as the OpenAI API returns it."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish,
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunks(content: str, model: str, finish: str = "stop") -> Iterable[dict[str, Any]]:
    words = content.split(" ")
    for i, word in enumerate(words):
        piece = word if i == len(words) - 1 else word + " "
        yield {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "delta": {"role": "assistant", "content": piece},
                    "finish_reason": None,
                }
            ],
        }
    yield {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": {}, "finish_reason": finish}],
    }


EMBEDDING_DIM = 16


def _vector(text: str) -> list[float]:
    """A deterministic unit vector from word hashes: texts sharing words come out close."""
    vec = [0.0] * EMBEDDING_DIM
    for word in text.lower().split():
        digest = hashlib.sha256(word.encode()).digest()
        vec[digest[0] % EMBEDDING_DIM] += 1.0
    norm = sum(x * x for x in vec) ** 0.5 or 1.0
    return [x / norm for x in vec]


def embeddings(body: dict[str, Any]) -> dict[str, Any]:
    """An ``embeddings`` response body for ``input`` (a string or a list of strings)."""
    texts = body.get("input", [])
    texts = [texts] if isinstance(texts, str) else texts
    return {
        "object": "list",
        "model": body.get("model", "fake-embedding"),
        "data": [
            {"object": "embedding", "index": i, "embedding": _vector(str(t))}
            for i, t in enumerate(texts)
        ],
        "usage": {"prompt_tokens": 1, "total_tokens": 1},
    }


def user_text(body: dict[str, Any]) -> str:
    """The last user message of a recorded request (the thing the model was asked)."""
    messages = [m for m in body.get("messages", []) if m.get("role") == "user"]
    content = messages[-1]["content"] if messages else ""
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content)
    return str(content)


class FakeOpenAIServer(LocalHTTPServer):
    """Serves ``POST /v1/chat/completions`` (plain or streamed) on 127.0.0.1, any free port.

    Use as a context manager; ``replies`` is a list of :class:`FakeReply` / strings, or a
    callable ``(request_body) -> FakeReply``.
    """

    def __init__(self, replies: Iterable[FakeReply | str] | Responder = ("ok",)) -> None:
        self.requests: list[dict[str, Any]] = []
        self.embedding_requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._responder: Responder | None = None
        self._queue: list[FakeReply] = []
        self.set_replies(replies)
        super().__init__(self._handler_class())

    def set_replies(self, replies: Iterable[FakeReply | str] | Responder) -> None:
        """Replace what the server answers from now on."""
        with self._lock:
            if callable(replies):
                self._responder, self._queue = replies, []
            else:
                self._responder = None
                self._queue = [FakeReply(r) if isinstance(r, str) else r for r in replies]

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1"

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()  # release replies still waiting out a "hang" delay
        super().__exit__(*exc)

    def _next(self, body: dict[str, Any]) -> FakeReply:
        with self._lock:
            self.requests.append(body)
            if self._responder is not None:
                responder = self._responder
            elif len(self._queue) > 1:
                return self._queue.pop(0)
            elif self._queue:
                return self._queue[0]
            else:
                return FakeReply(status=500)
        return responder(body)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(QuietJSONHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    body = {}
                if self.path.rstrip("/").endswith("/embeddings"):
                    server.embedding_requests.append(body)
                    self.send_json(200, embeddings(body))
                    return
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self.send_json(404, {"error": {"message": "not found"}})
                    return
                reply = server._next(body)
                if reply.delay and server._stopping.wait(reply.delay):
                    return
                try:
                    if reply.status != 200:
                        self.send_json(reply.status, reply.error)
                    elif body.get("stream"):
                        self._stream(reply, str(body.get("model", "fake-model")))
                    else:
                        model = str(body.get("model", "fake"))
                        self.send_json(200, completion(reply.content, model, reply.finish))
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client gave up (timeout); nothing to answer

            def _stream(self, reply: FakeReply, model: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                self.wfile.flush()
                if reply.first_token_delay and server._stopping.wait(reply.first_token_delay):
                    return
                gap = 1.0 / reply.tokens_per_second if reply.tokens_per_second else 0.0
                for n, chunk in enumerate(_chunks(reply.content, model, reply.finish)):
                    if n == reply.fail_after:
                        failure = {"error": {"message": "fake failure", "type": "server_error"}}
                        self.wfile.write(f"data: {json.dumps(failure)}\n\n".encode())
                        self.wfile.flush()
                        return
                    if n == reply.cut_after:
                        return
                    if n and gap and server._stopping.wait(gap):
                        return
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        return Handler
