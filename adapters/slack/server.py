"""Running the Slack app: HTTP on ``/slack/events``, or Socket Mode when an app token is set.

HTTP mode uses bolt's WSGI adapter on a threaded standard-library server: each request is
verified, acknowledged and handed to the listener pool without blocking the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from adapters.slack.app import build_slack_app
from adapters.slack.deps import Answerer
from bot.feedback import FeedbackStore
from bot.settings import ConfigError, Settings

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger("rolebot.slack.server")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread per request, so a slow client never holds up Slack's other deliveries."""

    daemon_threads = True
    # socketserver's default backlog of 5 resets connections when Slack delivers a burst
    # (bench/slack_load.py: 32 concurrent senders); the kernel caps this at somaxconn.
    request_queue_size = 512


class _RequestLog(WSGIRequestHandler):
    """Request lines go to our logger at debug level (paths only, never bodies)."""

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def wsgi_app(app: App) -> WSGIApplication:
    """Bolt's WSGI handler plus a health check for load balancers."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return slack(environ, start_response)

    return application


def make_http_server(app: App, *, host: str, port: int) -> ThreadingWSGIServer:
    """A bound, not yet serving, HTTP server for ``app`` (port 0 picks a free port)."""
    server = make_server(
        host, port, wsgi_app(app), server_class=ThreadingWSGIServer, handler_class=_RequestLog
    )
    assert isinstance(server, ThreadingWSGIServer)
    return server


def run_slack(
    settings: Settings,
    bot: Answerer,
    feedback: FeedbackStore,
    *,
    port: int = 3000,
    host: str = "0.0.0.0",
    on_duplicate: Callable[[], None] = lambda: None,
) -> None:
    """Serve until interrupted; refuses to start without the settings its mode needs."""
    socket_mode = settings.slack_app_token is not None
    if not socket_mode and settings.slack_signing_secret is None:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set; HTTP mode needs it to verify requests "
            "(or set SLACK_APP_TOKEN to use Socket Mode)."
        )
    keep_payloads_out_of_logs()
    app = build_slack_app(settings, bot, feedback, on_duplicate=on_duplicate)
    if settings.slack_app_token is not None:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("rolebot: connecting to Slack in Socket Mode")
        handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
        handler.start()  # type: ignore[no-untyped-call]
        return
    server = make_http_server(app, host=host, port=port)
    port = server.server_port  # the bound port, also when asked for port 0
    log.info("rolebot: listening on http://%s:%d%s", host, port, EVENTS_PATH, extra={"port": port})
    try:
        server.serve_forever()
    finally:
        server.server_close()


def keep_payloads_out_of_logs() -> None:
    """slack_sdk and bolt log request bodies (message text) at DEBUG: never let them."""
    for name in ("slack_sdk", "slack_bolt", "rolebot.slack.bolt"):
        logger = logging.getLogger(name)
        logger.setLevel(max(logger.getEffectiveLevel(), logging.INFO))
