"""The manifest a new user pastes must match what the code listens for, and Slack's schema.

Slack's manifest schema (https://github.com/slackapi/manifest-schema, MIT licence, file
``schemas/manifest.schema.1.0.0.json``) is not committed here: this repository takes no
copies of third-party files. The schema test reads it from the project's ``shared/``
folder beside the checkout (``shared/slack-manifest-schema/manifest.schema.1.0.0.json``)
and is skipped, saying so, when it is not there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from adapters.slack.listeners.commands import COMMANDS
from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Request
from bot.settings import PROJECT_ROOT, Settings

MANIFEST = Path(__file__).resolve().parents[2] / "adapters" / "slack" / "manifest.yaml"
SCHEMA_NAME = Path("slack-manifest-schema") / "manifest.schema.1.0.0.json"
SCHEMA_ORIGIN = (
    "https://github.com/slackapi/manifest-schema/blob/"
    "c50cfa8508ff1017344550a5e5fb29a1416e5b98/schemas/manifest.schema.1.0.0.json"
)


def slack_schema() -> dict[str, Any] | None:
    """Slack's published schema from ``shared/`` beside the checkout (or a worktree's)."""
    for folder in (PROJECT_ROOT.parent, PROJECT_ROOT.parent.parent):
        path = folder / "shared" / SCHEMA_NAME
        if path.is_file():
            schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return schema
    return None


def schema_errors(manifest: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    from jsonschema import validators

    validator = validators.validator_for(schema)(schema)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(manifest)]


def test_manifest_validates_against_slacks_manifest_schema() -> None:
    schema = slack_schema()
    if schema is None:
        pytest.skip(f"Slack's manifest schema is not in shared/{SCHEMA_NAME} ({SCHEMA_ORIGIN})")
    manifest = yaml.safe_load(MANIFEST.read_text())

    assert schema_errors(manifest, schema) == []
    # The check has teeth: what Slack would refuse, the schema refuses too.
    broken = {**manifest, "features": {**manifest["features"], "assistant_view": {}}}
    assert schema_errors(broken, schema)


def test_manifest_declares_the_assistant_pane_and_home_tab_the_app_serves() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())

    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    view = manifest["features"]["assistant_view"]
    assert view["assistant_description"]
    assert 1 <= len(view["suggested_prompts"]) <= 4
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {
        "app_home_opened",
        "assistant_thread_started",
        "assistant_thread_context_changed",
        "message.im",
    } <= events
    assert {"assistant:write", "im:write"} <= set(manifest["oauth_config"]["scopes"]["bot"])


def test_manifest_prompts_are_answered_from_the_knowledge(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    manifest = yaml.safe_load(MANIFEST.read_text())

    for prompt in manifest["features"]["assistant_view"]["suggested_prompts"]:
        reply = bot.handle(Request(prompt["message"], platform="slack"))
        assert getattr(reply, "found", False), prompt


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
