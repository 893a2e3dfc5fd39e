"""The manifest a new user pastes must match what the code listens for."""

from __future__ import annotations

from pathlib import Path

import yaml

from adapters.slack.listeners.commands import COMMANDS

MANIFEST = Path(__file__).resolve().parents[2] / "adapters" / "slack" / "manifest.yaml"


def test_manifest_declares_the_commands_events_and_scopes_the_app_uses() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())

    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == set(COMMANDS)
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.channels", "message.im"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {
        "app_mentions:read",
        "chat:write",
        "commands",
        "files:write",
        "im:history",
        "channels:history",
    } <= scopes
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    urls = [c["url"] for c in manifest["features"]["slash_commands"]]
    urls += [
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
    ]
    assert all(url.endswith("/slack/events") for url in urls)
