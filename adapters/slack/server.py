"""Running the Slack app: HTTP on ``/slack/events``, or Socket Mode when an app token is set.

HTTP mode uses bolt's WSGI adapter on a threaded standard-library server: each request is
verified, acknowledged and handed to the listener pool without blocking the others. Requests
pass :class:`~adapters.slack.intake.SlackIntake` first, so bad input gets a 4xx, never a 500.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from adapters.slack.app import build_slack_app
from adapters.slack.intake import TOO_LARGE, Refusal, SlackIntake
from bot import FeedbackStore, Settings, SharedState
from bot.toolkit import Handler, LogSafe, report_failure

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger("rolebot.slack.server")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread per request, so a slow client never holds up Slack's other deliveries."""

    daemon_threads = True
    # socketserver's default backlog of 5 resets connections when Slack delivers a burst
    # (bench/chat_load.py: 100 at once); the kernel caps this at somaxconn.
    request_queue_size = 512

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A broken connection is logged as a JSON line, not printed as a traceback."""
        log.warning("connection failed", exc_info=True)


class _RequestLog(WSGIRequestHandler):
    """Request lines go to our logger at debug level (method, path and status only)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = self.path.split("?", 1)[0][:100]
        status = int(code) if isinstance(code, int) else 0
        log.debug("%s %s -> %s", LogSafe(self.command or "-"), LogSafe(path), status)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("request refused by the HTTP server")


def wsgi_app(app: App, intake: SlackIntake) -> WSGIApplication:
    """Bolt's WSGI handler behind ``intake``, plus a health check for load balancers."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        if environ.get("PATH_INFO") == EVENTS_PATH and environ.get("REQUEST_METHOD") == "POST":
            body = _read_body(environ, intake.max_body_bytes)
            if isinstance(body, Refusal):
                return _refuse(body, start_response)
            refusal = intake.check(body, _headers(environ))
            if refusal is not None:
                return _refuse(refusal, start_response)
            environ["wsgi.input"] = io.BytesIO(body)
        try:
            return slack(environ, start_response)
        except Exception as exc:  # a bug, not bad input: logged with a reference, no traceback
            reason = report_failure(log, "slack request", exc, "internal error (ref {ref})")
            return _refuse(Refusal(500, reason), start_response)

    return application


DRAIN_LIMIT = 16 * 1024 * 1024


def _read_body(environ: WSGIEnvironment, limit: int) -> bytes | Refusal:
    length = str(environ.get("CONTENT_LENGTH") or "0")
    if not (length.isascii() and length.isdigit()):
        return Refusal(400, "bad Content-Length")
    if int(length) > limit:
        # Read (and drop) a moderately oversized body so the sender gets its 413 instead of a
        # reset connection; beyond DRAIN_LIMIT the connection is simply closed.
        remaining = min(int(length), DRAIN_LIMIT)
        while remaining > 0 and (chunk := environ["wsgi.input"].read(min(remaining, 65536))):
            remaining -= len(chunk)
        return TOO_LARGE
    body: bytes = environ["wsgi.input"].read(int(length))
    return body


def _headers(environ: WSGIEnvironment) -> dict[str, str]:
    headers = {
        key[5:].lower().replace("_", "-"): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    headers["content-type"] = str(environ.get("CONTENT_TYPE") or "")
    return headers


def _refuse(refusal: Refusal, start_response: StartResponse) -> list[bytes]:
    # The reason is one of intake's fixed sentences: it never quotes what was sent.
    log.info("slack request refused (%d %s)", refusal.status, LogSafe(refusal.reason))
    status = f"{refusal.status} {HTTPStatus(refusal.status).phrase}"
    body = json.dumps({"error": refusal.reason}).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


def make_http_server(app: App, *, host: str, port: int, signing_secret: str) -> ThreadingWSGIServer:
    """A bound, not yet serving, HTTP server for ``app`` (port 0 picks a free port)."""
    server = make_server(
        host,
        port,
        wsgi_app(app, SlackIntake(signing_secret)),
        server_class=ThreadingWSGIServer,
        handler_class=_RequestLog,
    )
    assert isinstance(server, ThreadingWSGIServer)
    return server


def serve(
    settings: Settings,
    bot: Handler,
    feedback: FeedbackStore,
    *,
    port: int = 3000,
    host: str = "0.0.0.0",
    on_duplicate: Callable[[], None] = lambda: None,
    shared: SharedState | None = None,
) -> None:
    """Serve until interrupted; refuses to start without the settings its mode needs."""
    settings.require_slack()
    keep_payloads_out_of_logs()
    app = build_slack_app(settings, bot, feedback, on_duplicate=on_duplicate, shared=shared)
    if settings.slack_app_token is not None:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("rolebot: connecting to Slack in Socket Mode")
        handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
        handler.start()  # type: ignore[no-untyped-call]
        return
    secret = settings.slack_signing_secret
    assert secret is not None  # checked above for HTTP mode
    server = make_http_server(app, host=host, port=port, signing_secret=secret.get_secret_value())
    port = server.server_port  # the bound port, also when asked for port 0
    log.info(
        "rolebot: listening on http://%s:%d%s",
        LogSafe(host),
        port,
        LogSafe(EVENTS_PATH),
        extra={"port": port},
    )
    try:
        server.serve_forever()
    finally:
        server.server_close()


def keep_payloads_out_of_logs() -> None:
    """slack_sdk and bolt log request bodies (message text) at DEBUG: never let them."""
    for name in ("slack_sdk", "slack_bolt", "rolebot.slack.bolt"):
        logger = logging.getLogger(name)
        logger.setLevel(max(logger.getEffectiveLevel(), logging.INFO))
