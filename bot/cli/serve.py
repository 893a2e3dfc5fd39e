"""``rolebot serve slack|teams [--port N]``: run the bot for a chat platform.

The platform adapters live outside ``bot/`` and are imported only here, inside ``run``, so
the core never depends on a chat SDK.
"""

from __future__ import annotations

import argparse
import importlib
import logging
from typing import Any

from bot.settings import ConfigError, Settings

DEFAULT_PORTS = {"slack": 3000, "teams": 3978}


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("serve", help="run the Slack or Teams bot")
    parser.add_argument("platform", choices=sorted(DEFAULT_PORTS), help="which chat platform")
    parser.add_argument("--port", type=int, default=None, help="HTTP port (slack 3000, teams 3978)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    port = args.port or DEFAULT_PORTS[args.platform]
    if args.platform == "slack":
        return _serve_slack(settings, port)
    return _serve_teams(settings, port)


def _serve_slack(settings: Settings, port: int) -> int:
    if settings.slack_bot_token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set; copy the Bot User OAuth Token (xoxb-…).")
    if settings.slack_app_token is None and settings.slack_signing_secret is None:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set; HTTP mode needs it to verify requests "
            "(or set SLACK_APP_TOKEN to use Socket Mode)."
        )
    from adapters.slack.server import run_slack
    from bot.cli.ask import open_bot
    from bot.feedback import FeedbackStore

    run_slack(settings, open_bot(settings), FeedbackStore(settings.feedback_path), port=port)
    return 0


def _serve_teams(settings: Settings, port: int) -> int:
    try:
        server = importlib.import_module("adapters.teams.server")
    except ModuleNotFoundError as exc:
        if exc.name in ("adapters.teams", "adapters.teams.server"):
            raise ConfigError("The Teams adapter is not installed in this build.") from None
        raise
    server.run_teams(settings, port)
    return 0
