"""Running rolebot in production: health and readiness endpoints, metrics, JSON logs.

Nothing here knows a chat platform; the Slack and Teams servers start the ops app
(:func:`bot.ops.server.start_ops_server` or :func:`bot.ops.server.start_ops_site`) and
record into the same :class:`bot.ops.metrics.RoleBotMetrics`.
"""
