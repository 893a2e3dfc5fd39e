"""``rolebot serve slack|teams [--port N]``: run the bot for a chat platform.

The platform adapters live outside ``bot/`` and are imported only here, inside ``run``, so
the core never depends on a chat SDK. Both platforms get the same instrumented engine,
JSON logs, and (with ``ROLEBOT_METRICS_PORT``) ``/healthz``, ``/readyz`` and ``/metrics``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
from dataclasses import dataclass
from typing import Any

from bot.errors import ConfigError
from bot.settings import Settings

DEFAULT_PORTS = {"slack": 3000, "teams": 3978}
log = logging.getLogger("rolebot.serve")


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("serve", help="run the Slack or Teams bot")
    parser.add_argument("platform", choices=sorted(DEFAULT_PORTS), help="which chat platform")
    parser.add_argument("--port", type=int, default=None, help="HTTP port (slack 3000, teams 3978)")
    parser.set_defaults(run=run)


@dataclass
class Runtime:
    """What both platforms share: the instrumented engine, feedback store and metrics."""

    bot: Any
    feedback: Any
    metrics: Any
    on_duplicate: Any
    shared: Any = None  # bot.state.SharedState: Redis for several replicas, else in-process


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.ops.logging import configure_logging

    configure_logging(settings)
    port = args.port or DEFAULT_PORTS[args.platform]
    if args.platform == "slack":
        _check_slack(settings)
    runtime = _runtime(settings, args.platform)
    ops = _start_ops(settings, runtime)
    runtime.shared.start()
    from bot.state.index_follower import IndexFollower

    follower = IndexFollower(runtime.bot.index)
    follower.start()
    try:
        if args.platform == "slack":
            from adapters.slack.server import run_slack

            run_slack(
                settings,
                runtime.bot,
                runtime.feedback,
                port=port,
                on_duplicate=runtime.on_duplicate,
                shared=runtime.shared,
            )
        else:
            _teams_server().run_teams(
                settings,
                port,
                engine=runtime.bot,
                feedback=runtime.feedback,
                on_duplicate=runtime.on_duplicate,
                shared=runtime.shared,
            )
    finally:
        follower.stop()
        if ops is not None:
            ops.stop()
        runtime.shared.stop()
    return 0


def _start_ops(settings: Settings, runtime: Runtime) -> Any:
    """The ops endpoints on their own port; a busy port must not stop the chat bot."""
    from bot.ops.endpoints import ops_port
    from bot.ops.server import start_ops_server

    if settings.metrics_port == 0:
        return None
    port = ops_port(settings)
    try:
        ops = start_ops_server(
            runtime.bot,
            settings,
            port,
            metrics=runtime.metrics,
            shared=runtime.shared,
            feedback=runtime.feedback,
        )
    except OSError as exc:
        log.error("ops endpoints not started on port %d (%s)", port, type(exc).__name__)
        return None
    log.info("ops endpoints listening on port %d", ops.port)
    return ops


def _runtime(settings: Settings, platform: str) -> Runtime:
    from bot.cli.ask import open_bot
    from bot.ops.instrumented import InstrumentedBot, MeteredFeedbackStore
    from bot.ops.metrics import RoleBotMetrics
    from bot.state import SharedState

    metrics = RoleBotMetrics()
    shared = SharedState.from_settings(settings)
    database_url = settings.database_url.get_secret_value() if settings.database_url else None
    return Runtime(
        bot=InstrumentedBot(bot=open_bot(settings, shared=shared), metrics=metrics),
        feedback=MeteredFeedbackStore(
            None if database_url else settings.feedback_path,
            database_url=database_url,
            metrics=metrics,
            platform=platform,
        ),
        metrics=metrics,
        on_duplicate=lambda: metrics.observe_duplicate(platform),
        shared=shared,
    )


def _check_slack(settings: Settings) -> None:
    if settings.slack_bot_token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set; copy the Bot User OAuth Token (xoxb-…).")
    if settings.slack_app_token is None and settings.slack_signing_secret is None:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set; HTTP mode needs it to verify requests "
            "(or set SLACK_APP_TOKEN to use Socket Mode)."
        )


def _teams_server() -> Any:
    try:
        return importlib.import_module("adapters.teams.server")
    except ModuleNotFoundError as exc:
        if exc.name in ("adapters.teams", "adapters.teams.server"):
            raise ConfigError("The Teams adapter is not installed in this build.") from None
        raise
