"""A small local HTTP server standing in for Slack: Web API, ``response_url``s, file uploads.

Like bolt-python's own ``mock_web_api_server``, it speaks real HTTP, so the app's real
WebClient (retry handlers included) is exercised. It records every call, keeps the
messages it was sent so ``conversations.replies`` returns a real thread, enforces Slack's
Block Kit size limits the way Slack does (``invalid_blocks``), and can answer 429 once.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T1"
TOKEN = "xoxb-test-token"
# conversations.replies' page cap for apps outside the Slack Marketplace.
REPLIES_PAGE_LIMIT = 15


@dataclass(frozen=True)
class Call:
    """One request the app made: a Web API method, a ``respond/<id>`` post or an upload."""

    method: str
    args: dict[str, Any]
    # The response_url or upload name after /respond/ or /upload/
    target: str = ""


class FakeSlack:
    """Start with ``with FakeSlack() as slack:``; point ``SLACK_API_URL`` at ``api_url``."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.threads: dict[str, list[dict[str, Any]]] = {}
        self._rate_limited: set[str] = set()
        # channel -> the scope conversations.replies says is missing there
        self.missing_scopes: dict[str, str] = {}
        self._lock = threading.Lock()
        self._ids: Iterator[int] = itertools.count(1)
        self._last_us = 0
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._serve(self, dict(parse_qsl(urlsplit(self.path).query)))

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fake._serve(self, _parse_body(raw, self.headers.get("Content-Type", "")), raw)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        self._server = server
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/respond/{name}"

    # What tests arrange and inspect

    def add_message(self, channel: str, **message: Any) -> None:
        """Put a message in the channel's history, as if someone had posted it."""
        with self._lock:
            self.threads.setdefault(channel, []).append({"type": "message", **message})

    def next_ts(self) -> str:
        """A fresh message timestamp, later than every earlier one (as Slack's are)."""
        with self._lock:
            return self._next_ts()

    def _next_ts(self) -> str:
        self._last_us = max(time.time_ns() // 1000, self._last_us + 1)
        return f"{self._last_us // 1_000_000}.{self._last_us % 1_000_000:06d}"

    def rate_limit_once(self, method: str) -> None:
        """The next call to ``method`` gets HTTP 429 with ``Retry-After: 1``."""
        with self._lock:
            self._rate_limited.add(method)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self, check: Callable[[], Any], *, timeout: float = 15.0, what: str = "condition"
    ) -> Any:
        """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}; calls: {self.method_names()}")

    def method_names(self) -> list[str]:
        with self._lock:
            return [c.method for c in self.calls]

    def thread_messages(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """The thread as Slack would show it now (edits applied), oldest first."""
        with self._lock:
            found = [
                m
                for m in self.threads.get(channel, [])
                if thread_ts in (m.get("ts"), m.get("thread_ts"))
            ]
        return sorted(found, key=lambda m: float(m["ts"]))

    # The server side

    def _serve(
        self, handler: BaseHTTPRequestHandler, args: dict[str, Any], raw: bytes = b""
    ) -> None:
        path = urlsplit(handler.path).path
        kind, _, name = path.strip("/").partition("/")
        method = name if kind == "api" else kind
        with self._lock:
            limited = method in self._rate_limited
            self._rate_limited.discard(method)
            self.calls.append(Call(method, {"raw": raw} if kind == "upload" else args, name))
        if limited:
            return _send(handler, 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"})
        if kind == "respond":
            problems = block_problems(args.get("blocks") or [], args.get("text", ""))
            status, body = (400, "invalid_blocks") if problems else (200, "ok")
            return _send(handler, status, body)
        if kind == "upload":
            return _send(handler, 200, f"OK - {len(raw)}")
        if handler.headers.get("Authorization") != f"Bearer {TOKEN}":
            return _send(handler, 200, {"ok": False, "error": "not_authed"})
        _send(handler, 200, self._web_api(method, args))

    def _web_api(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "user": "rolebot",
                "url": "https://fake.slack.com/",
            }
        if method in ("chat.postMessage", "chat.update"):
            if problems := block_problems(args.get("blocks") or [], args.get("text", "")):
                return {"ok": False, "error": "invalid_blocks", "errors": problems}
            return self._post_or_update(method, args)
        if method == "conversations.replies":
            return self._replies(args)
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ids)}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            files = [{"id": f["id"], "title": f.get("title")} for f in args["files"]]
            return {"ok": True, "files": files}
        if method in ("reactions.add", "reactions.remove"):
            return {"ok": True}
        return {"ok": False, "error": "unknown_method"}

    def _replies(self, args: dict[str, Any]) -> dict[str, Any]:
        """One page of a thread, as Slack pages it for apps outside the Marketplace: at most
        15 messages, ``latest``/``oldest``/``inclusive`` honoured, an opaque ``next_cursor``."""
        channel = args["channel"]
        if scope := self.missing_scopes.get(channel):
            return {"ok": False, "error": "missing_scope", "needed": scope, "provided": "commands"}
        messages = self.thread_messages(channel, args["ts"])
        inclusive = str(args.get("inclusive", "")).lower() in ("1", "true")
        if latest := args.get("latest"):
            messages = [
                m
                for m in messages
                if float(m["ts"]) < float(latest) or (inclusive and m["ts"] == latest)
            ]
        if oldest := args.get("oldest"):  # the thread's parent comes first all the same
            messages = [
                m
                for m in messages
                if m["ts"] == args["ts"]
                or float(m["ts"]) > float(oldest)
                or (inclusive and m["ts"] == oldest)
            ]
        limit = min(int(args.get("limit") or REPLIES_PAGE_LIMIT), REPLIES_PAGE_LIMIT)
        start = int(str(args.get("cursor") or "page:0").removeprefix("page:"))
        more = start + limit < len(messages)
        return {
            "ok": True,
            "messages": messages[start : start + limit],
            "has_more": more,
            "response_metadata": {"next_cursor": f"page:{start + limit}" if more else ""},
        }

    def _post_or_update(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        channel = args["channel"]
        with self._lock:
            if method == "chat.update":
                for message in self.threads.get(channel, []):
                    if message["ts"] == args["ts"]:
                        message.update(text=args.get("text", ""), blocks=args.get("blocks"))
                        return {"ok": True, "channel": channel, "ts": args["ts"]}
                return {"ok": False, "error": "message_not_found"}
            ts = self._next_ts()
            message = {
                "type": "message",
                "ts": ts,
                "user": BOT_USER_ID,
                "bot_id": BOT_ID,
                "text": args.get("text", ""),
                "blocks": args.get("blocks"),
            }
            if args.get("thread_ts"):
                message["thread_ts"] = args["thread_ts"]
            self.threads.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}


def block_problems(blocks: list[dict[str, Any]], text: str) -> list[str]:
    """Why Slack would refuse these blocks (the documented limits), or an empty list."""
    problems = []
    if len(blocks) > 50:
        problems.append(f"{len(blocks)} blocks (max 50)")
    if len(text) > 40_000:
        problems.append("text longer than 40,000 characters")
    for i, block in enumerate(blocks):
        kind = block.get("type")
        if kind == "section":
            if len((block.get("text") or {}).get("text", "")) > 3000:
                problems.append(f"block {i}: section text over 3,000 characters")
            fields = block.get("fields") or []
            if len(fields) > 10 or any(len(f["text"]) > 2000 for f in fields):
                problems.append(f"block {i}: too many or too long fields")
            if "text" not in block and not fields:
                problems.append(f"block {i}: section without text or fields")
        elif kind == "context":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 10 or any(len(e["text"]) > 3000 for e in elements):
                problems.append(f"block {i}: bad context elements")
        elif kind == "header":
            if len(block["text"]["text"]) > 150:
                problems.append(f"block {i}: header over 150 characters")
        elif kind == "actions":
            for element in block.get("elements") or []:
                if len(element["text"]["text"]) > 75 or len(element.get("value", "")) > 2000:
                    problems.append(f"block {i}: button text or value too long")
        else:
            problems.append(f"block {i}: unexpected block type {kind!r}")
    return problems


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    text = raw.decode("utf-8", errors="replace")
    if "json" in content_type:
        parsed: dict[str, Any] = json.loads(text)
        return parsed
    if "form-urlencoded" in content_type:
        args: dict[str, Any] = dict(parse_qsl(text))
        for key in ("blocks", "files"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        return args
    return {}


def _send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: dict[str, Any] | str,
    headers: dict[str, str] | None = None,
) -> None:
    data = (json.dumps(body) if isinstance(body, dict) else body).encode()
    handler.send_response(status)
    content_type = "application/json" if isinstance(body, dict) else "text/plain"
    handler.send_header("Content-Type", f"{content_type}; charset=utf-8")
    handler.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(data)
