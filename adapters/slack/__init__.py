"""Slack adapter: Slack events in, :class:`bot.models.Request` to the engine, Block Kit out.

Everything Slack-specific lives here so ``bot/`` stays platform-free.
"""
