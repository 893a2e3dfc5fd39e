"""Where the ops app listens: paths and port, kept apart so the probe imports nothing heavy."""

from __future__ import annotations

from bot.settings import Settings

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"
DEFAULT_OPS_PORT = 9100


def ops_port(settings: Settings, port: int | None = None) -> int:
    """``port`` if given, else ``ROLEBOT_METRICS_PORT``, else 9100."""
    if port is not None:
        return port
    return settings.metrics_port or DEFAULT_OPS_PORT
