"""``rolebot serve slack|teams [--port N]``: run the bot for a chat platform.

The platform adapters live outside ``bot/`` and are imported only here, inside ``run``, so
the core never depends on a chat SDK. Both platforms get the same runtime
(:func:`bot.app.chat_runtime`): the instrumented bot, JSON logs, and (with
``ROLEBOT_METRICS_PORT``) ``/healthz``, ``/readyz`` and ``/metrics``.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from bot.errors import ConfigError
from bot.settings import Settings

DEFAULT_PORTS = {"slack": 3000, "teams": 3978}


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("serve", help="run the Slack or Teams bot")
    parser.add_argument("platform", choices=sorted(DEFAULT_PORTS), help="which chat platform")
    parser.add_argument(
        "--port", type=int, default=None, help="HTTP port (slack 3000, teams 3978; 0: any free)"
    )
    parser.add_argument(
        "--ops-port",
        type=int,
        default=None,
        help="port for /healthz, /readyz, /metrics (default ROLEBOT_METRICS_PORT; 0: any free)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import chat_runtime
    from bot.ops.logging import configure_logging

    configure_logging(settings)
    if args.platform == "slack":
        settings.require_slack()  # before the index loads: a missing token fails at once
    server = _adapter_server(args.platform)
    port = DEFAULT_PORTS[args.platform] if args.port is None else args.port
    with chat_runtime(settings, args.platform, ops_port=args.ops_port) as runtime:
        server.serve(
            settings,
            runtime.bot,
            runtime.feedback,
            port=port,
            on_duplicate=runtime.on_duplicate,
            shared=runtime.shared,
        )
    return 0


def _adapter_server(platform: str) -> Any:
    """``adapters.<platform>.server``; a build without that adapter says so in one line."""
    name = f"adapters.{platform}.server"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name in (f"adapters.{platform}", name):
            raise ConfigError(
                f"The {platform.title()} adapter is not installed in this build."
            ) from None
        raise
