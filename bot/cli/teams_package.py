"""``rolebot teams-package [--output FILE] [publisher flags]``: the zip to upload in Teams."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.settings import Settings


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "teams-package",
        help="write the Teams app package (zip) for MICROSOFT_APP_ID",
        description="The zip an admin uploads in Teams. The publisher details shown on the "
        "app's page come from ROLEBOT_TEAMS_* settings or these flags; placeholders are "
        "refused unless --allow-placeholders (for a test upload).",
    )
    parser.add_argument(
        "--output", type=Path, default=Path("rolebot-teams.zip"), help="zip file to write"
    )
    parser.add_argument("--developer-name", help="publisher name (ROLEBOT_TEAMS_DEVELOPER_NAME)")
    parser.add_argument("--website-url", help="https:// address (ROLEBOT_TEAMS_WEBSITE_URL)")
    parser.add_argument("--privacy-url", help="privacy statement (ROLEBOT_TEAMS_PRIVACY_URL)")
    parser.add_argument("--terms-url", help="terms of use (ROLEBOT_TEAMS_TERMS_URL)")
    parser.add_argument(
        "--allow-placeholders",
        action="store_true",
        help="keep example.com details (a test upload, not the org's app catalog)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.teams.package import Publisher, write_package

    if settings.microsoft_app_id is None:
        raise ConfigError("MICROSOFT_APP_ID must be set to build the Teams app package.")
    publisher = Publisher(
        name=args.developer_name or settings.teams_developer_name,
        website_url=args.website_url or settings.teams_website_url,
        privacy_url=args.privacy_url or settings.teams_privacy_url,
        terms_url=args.terms_url or settings.teams_terms_url,
    )
    path = write_package(
        settings.microsoft_app_id,
        args.output,
        publisher,
        allow_placeholders=args.allow_placeholders,
    )
    if placeholders := publisher.placeholders():
        print(
            f"rolebot: placeholder {', '.join(placeholders)} kept (--allow-placeholders): "
            "fine for a test upload, not for the org's app catalog.",
            file=sys.stderr,
        )
    print(f"Wrote {path}: upload it in Teams (Apps › Manage your apps › Upload an app).")
    return 0
