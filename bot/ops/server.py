"""Running the ops app: in its own thread (Slack's WSGI server) or on a running loop (Teams).

Both return something that reports the bound port and stops cleanly, so port 0 works in
tests and a shutdown never leaves a listening socket behind.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

from aiohttp import web

from bot.feedback import FeedbackStore
from bot.ops.endpoints import ops_port
from bot.ops.health import build_ops_app
from bot.ops.instrumented import InstrumentedBot
from bot.ops.metrics import RoleBotMetrics
from bot.service import RoleBot
from bot.settings import Settings
from bot.state import SharedState

DEFAULT_HOST = "0.0.0.0"


def _bound_port(runner: web.AppRunner) -> int:
    for site in runner.sites:
        server = getattr(site, "_server", None)
        for sock in getattr(server, "sockets", None) or []:
            return int(sock.getsockname()[1])
    raise RuntimeError("the ops server is not listening")


async def start_ops_site(
    bot: RoleBot | InstrumentedBot,
    settings: Settings,
    port: int | None = None,
    *,
    metrics: RoleBotMetrics,
    host: str = DEFAULT_HOST,
    shared: SharedState | None = None,
    feedback: FeedbackStore | None = None,
) -> tuple[web.AppRunner, int]:
    """Serve the ops app on the running loop; ``await runner.cleanup()`` stops it.

    For the Teams server, e.g. from an ``on_startup`` hook of its own aiohttp app.
    """
    app = build_ops_app(bot, settings, metrics=metrics, shared=shared, feedback=feedback)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, ops_port(settings, port)).start()
    return runner, _bound_port(runner)


@dataclass
class OpsServer:
    """The ops app running on a background thread with an event loop of its own."""

    metrics: RoleBotMetrics
    port: int
    _loop: asyncio.AbstractEventLoop
    _runner: web.AppRunner
    _thread: threading.Thread

    def stop(self, timeout: float = 5.0) -> None:
        """Close the listening socket and end the thread."""
        if not self._thread.is_alive():
            return
        done = asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop)
        done.result(timeout)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)


def start_ops_server(
    bot: RoleBot | InstrumentedBot,
    settings: Settings,
    port: int | None = None,
    *,
    metrics: RoleBotMetrics | None = None,
    host: str = DEFAULT_HOST,
    shared: SharedState | None = None,
    feedback: FeedbackStore | None = None,
) -> OpsServer:
    """Start serving in a daemon thread and return once the port is bound.

    Pass the same ``metrics`` the adapters record into (or use the returned
    ``server.metrics``); startup errors such as a port in use are raised here.
    """
    metrics = metrics or RoleBotMetrics()
    loop = asyncio.new_event_loop()
    outcome: list[tuple[web.AppRunner, int] | BaseException] = []
    bound_event = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        try:
            outcome.append(
                loop.run_until_complete(
                    start_ops_site(
                        bot,
                        settings,
                        port,
                        metrics=metrics,
                        host=host,
                        shared=shared,
                        feedback=feedback,
                    )
                )
            )
        except BaseException as exc:  # handed to the caller below
            outcome.append(exc)
        bound_event.set()
        if not isinstance(outcome[0], BaseException):
            loop.run_forever()
        loop.close()

    thread = threading.Thread(target=serve, name="rolebot-ops", daemon=True)
    thread.start()
    if not bound_event.wait(10.0):
        raise RuntimeError("the ops server did not start within 10 s")
    result = outcome[0]
    if isinstance(result, BaseException):
        thread.join(5.0)
        raise result
    runner, bound = result
    return OpsServer(metrics=metrics, port=bound, _loop=loop, _runner=runner, _thread=thread)
