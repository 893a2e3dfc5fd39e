"""``rolebot teams-package [--output FILE]``: the zip to upload in Teams for this bot."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.settings import ConfigError, Settings


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "teams-package", help="write the Teams app package (zip) for MICROSOFT_APP_ID"
    )
    parser.add_argument(
        "--output", type=Path, default=Path("rolebot-teams.zip"), help="zip file to write"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.teams.package import PackageError, write_package

    if settings.microsoft_app_id is None:
        raise ConfigError("MICROSOFT_APP_ID must be set to build the Teams app package.")
    try:
        path = write_package(settings.microsoft_app_id, args.output)
    except PackageError as exc:
        raise ConfigError(str(exc)) from None
    print(f"Wrote {path}: upload it in Teams (Apps › Manage your apps › Upload an app).")
    return 0
