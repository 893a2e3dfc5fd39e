"""Bolt listeners, one kind of Slack interaction per module."""

from __future__ import annotations

from slack_bolt import App

from adapters.slack.deps import SlackDeps
from adapters.slack.listeners import actions, assistant, commands, home, mention, message


def register(app: App, deps: SlackDeps) -> None:
    """Attach every listener to ``app``. The assistant pane's middleware goes first: it
    takes the DM thread messages that belong to assistant threads."""
    assistant.register(app, deps)
    home.register(app, deps)
    mention.register(app, deps)
    message.register(app, deps)
    commands.register(app, deps)
    actions.register(app, deps)
