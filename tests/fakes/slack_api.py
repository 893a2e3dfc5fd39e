"""A small local HTTP server standing in for Slack: Web API, ``response_url``s, file uploads.

Like bolt-python's own ``mock_web_api_server``, it speaks real HTTP, so the app's real
WebClient (retry handlers included) is exercised. It records every call, keeps the
messages it was sent so ``conversations.replies`` returns a real thread, enforces Slack's
Block Kit size limits the way Slack does (``invalid_blocks``), and can answer 429 once.

It also plays the AI-app surfaces: ``assistant.threads.*`` (recorded), streamed messages
(``chat.startStream`` / ``appendStream`` / ``stopStream`` build one message whose text grows;
:meth:`FakeSlack.reject_streaming` makes ``startStream`` fail as a workspace that does not
allow it would), ``views.publish`` (the Home tab per user), message metadata (where bolt
keeps an assistant thread's context), and surfaces that refuse ``context_actions`` blocks.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
    # time.monotonic() when it arrived, for latency measurements (bench/)
    received_at: float = field(default_factory=time.monotonic)


class FakeSlack:
    """Start with ``with FakeSlack() as slack:``; point ``SLACK_API_URL`` at ``api_url``."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.threads: dict[str, list[dict[str, Any]]] = {}
        self._rate_limited: set[str] = set()
        # channel -> the scope conversations.replies says is missing there
        self.missing_scopes: dict[str, str] = {}
        # The error chat.startStream answers with, when streaming is not allowed
        self.streaming_error: str | None = None
        # Block types this workspace's surfaces refuse (e.g. "context_actions")
        self.unsupported_blocks: set[str] = set()
        # user id -> the Home tab view last published for them
        self.home_views: dict[str, dict[str, Any]] = {}
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

    def edit_message(self, channel: str, ts: str, text: str) -> dict[str, Any]:
        """Change a message's text, as its author editing it would; returns the message."""
        with self._lock:
            message = next(m for m in self.threads.get(channel, []) if m.get("ts") == ts)
            message["text"] = text
            return dict(message)

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

    def reject_streaming(self, error: str = "channel_type_not_supported") -> None:
        """From now on chat.startStream fails with ``error``, as a workspace would that does
        not allow streaming here."""
        with self._lock:
            self.streaming_error = error

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
            if problems := self._block_problems(args.get("blocks") or [], args.get("text", "")):
                return {"ok": False, "error": "invalid_blocks", "errors": problems}
            return self._post_or_update(method, args)
        if method in ("chat.startStream", "chat.appendStream", "chat.stopStream"):
            return self._stream(method, args)
        if method == "chat.delete":
            return self._delete(args)
        if method.startswith("assistant.threads."):
            return {"ok": True}
        if method == "views.publish":
            return self._publish(args)
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{args.get('users', 'X')}"}}
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

    def _block_problems(self, blocks: list[dict[str, Any]], text: str) -> list[str]:
        problems = block_problems(blocks, text)
        refused = [b["type"] for b in blocks if b.get("type") in self.unsupported_blocks]
        return problems + [f"block type {kind!r} is not supported here" for kind in refused]

    def _stream(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """One streamed message: started in a thread, appended to, then stopped with the
        blocks that end it. Appending to a stopped stream fails as Slack's does."""
        channel = args["channel"]
        text = args.get("markdown_text") or "".join(
            c.get("text", "") for c in args.get("chunks") or [] if c.get("type") == "markdown_text"
        )
        with self._lock:
            if method == "chat.startStream":
                if self.streaming_error:
                    return {"ok": False, "error": self.streaming_error}
                if not args.get("thread_ts"):
                    return {"ok": False, "error": "invalid_arguments"}
                if channel.startswith("C") and not (
                    args.get("recipient_user_id") and args.get("recipient_team_id")
                ):
                    return {"ok": False, "error": "missing_recipient_user_id"}
                ts = self._next_ts()
                message = {
                    "type": "message",
                    "ts": ts,
                    "user": BOT_USER_ID,
                    "bot_id": BOT_ID,
                    "text": text,
                    "thread_ts": args["thread_ts"],
                    "streaming": "in_progress",
                }
                self.threads.setdefault(channel, []).append(message)
                return {"ok": True, "channel": channel, "ts": ts}
            message = next(
                (m for m in self.threads.get(channel, []) if m["ts"] == args.get("ts")), None
            )
            if message is None:
                return {"ok": False, "error": "message_not_found"}
            if message.get("streaming") != "in_progress":
                return {"ok": False, "error": "message_not_in_streaming_state"}
            if method == "chat.stopStream":
                blocks = args.get("blocks") or []
                if problems := self._block_problems(blocks, ""):
                    return {"ok": False, "error": "invalid_blocks", "errors": problems}
                message["streaming"] = "completed"
                message["blocks"] = blocks
            message["text"] = message["text"] + text
        return {"ok": True, "channel": channel, "ts": message["ts"]}

    def _delete(self, args: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            messages = self.threads.get(args["channel"], [])
            kept = [m for m in messages if m["ts"] != args["ts"]]
            if len(kept) == len(messages):
                return {"ok": False, "error": "message_not_found"}
            self.threads[args["channel"]] = kept
        return {"ok": True, "channel": args["channel"], "ts": args["ts"]}

    def _publish(self, args: dict[str, Any]) -> dict[str, Any]:
        view = args.get("view")
        view = json.loads(view) if isinstance(view, str) else view
        if not isinstance(view, dict) or view.get("type") != "home":
            return {"ok": False, "error": "invalid_arguments"}
        if len(view.get("blocks") or []) > 100:
            return {"ok": False, "error": "invalid_blocks", "errors": ["over 100 blocks"]}
        if problems := self._block_problems(view.get("blocks") or [], ""):
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        with self._lock:
            self.home_views[args["user_id"]] = view
        return {"ok": True, "view": {"id": "V1", **view}}

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
                        if args.get("metadata"):
                            message["metadata"] = _metadata(args["metadata"])
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
            if args.get("metadata"):
                message["metadata"] = _metadata(args["metadata"])
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
            elements = block.get("elements") or []
            ids = [e.get("action_id") for e in elements]
            if not 1 <= len(elements) <= 25 or len(set(ids)) != len(ids):
                problems.append(f"block {i}: 1-25 elements with distinct action ids")
            for element in elements:
                if len(element["text"]["text"]) > 75 or len(element.get("value", "")) > 2000:
                    problems.append(f"block {i}: button text or value too long")
        elif kind == "context_actions":
            problems += [f"block {i}: {p}" for p in _context_action_problems(block)]
        elif kind == "divider":
            pass
        else:
            problems.append(f"block {i}: unexpected block type {kind!r}")
    return problems


def _context_action_problems(block: dict[str, Any]) -> list[str]:
    """A ``context_actions`` block as Slack documents it: 1-5 feedback_buttons or
    icon_button elements; each feedback button has text, a value and the element an id."""
    elements = block.get("elements") or []
    if not 1 <= len(elements) <= 5:
        return ["context_actions needs 1-5 elements"]
    problems = []
    for element in elements:
        if element.get("type") not in ("feedback_buttons", "icon_button"):
            problems.append(f"unexpected element {element.get('type')!r}")
        elif element["type"] == "feedback_buttons":
            if not element.get("action_id"):
                problems.append("feedback_buttons without action_id")
            for side in ("positive_button", "negative_button"):
                button = element.get(side) or {}
                text = (button.get("text") or {}).get("text", "")
                if not text or len(text) > 75 or not 1 <= len(button.get("value", "")) <= 2000:
                    problems.append(f"bad {side}")
    return problems


def _metadata(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    text = raw.decode("utf-8", errors="replace")
    if "json" in content_type:
        parsed: dict[str, Any] = json.loads(text)
        return parsed
    if "form-urlencoded" in content_type:
        args: dict[str, Any] = dict(parse_qsl(text))
        for key in ("blocks", "files", "view", "chunks", "metadata", "prompts"):
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
