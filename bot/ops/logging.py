"""Structured logs: one JSON object per line, carrying only fields known to be safe.

The formatter writes an allow-list of fields and uses a record's *format string* as the
event, never its interpolated arguments: a question, a token or a user name passed as an
argument or in ``extra`` can therefore not reach the log, whoever wrote the call.
Exceptions are reduced to their type and stack frames for the same reason (an exception's
message often quotes the input that caused it).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from typing import IO, Any

from bot.settings import Settings

# Extra fields a record may carry into the line; anything else passed in ``extra`` is dropped.
CONTEXT_FIELDS = (
    "request_id",
    "platform",
    "intent",
    "latency_ms",
    "mode",
    "outcome",
    "status",
    "port",  # where a server listens (the bound one when asked for port 0)
)
# Belt and braces for secrets written into a format string by mistake.
SECRET_PATTERNS = re.compile(r"(xox[abposr]-[\w-]+|xapp-[\w-]+|sk-[\w-]{8,}|Bearer\s+\S+)")


def _safe_value(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    return SECRET_PATTERNS.sub("[redacted]", str(value))[:200]


class JsonLogFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "event", ...context}``; see the module docstring."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": SECRET_PATTERNS.sub("[redacted]", str(record.msg)),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = _safe_value(value)
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _, tb = record.exc_info
            line["error"] = exc_type.__name__
            line["stack"] = [
                f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}"
                for frame in traceback.extract_tb(tb)
            ][-8:]
        return json.dumps(line, ensure_ascii=False)


def configure_logging(settings: Settings, *, stream: IO[str] | None = None) -> logging.Handler:
    """Send every logger's records to ``stream`` (stderr) as JSON lines at the set level.

    Replaces the root logger's handlers so a library's own handler cannot print plain text
    next to the JSON; returns the handler so a caller (or a test) can remove it again.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    return handler


def log_request(
    logger: logging.Logger,
    *,
    request_id: str,
    platform: str,
    intent: str,
    outcome: str,
    seconds: float,
    mode: str | None = None,
) -> None:
    """The one line per answered request that dashboards and on-call read."""
    logger.info(
        "request handled",
        extra={
            "request_id": request_id,
            "platform": platform,
            "intent": intent,
            "outcome": outcome,
            "latency_ms": round(seconds * 1000, 1),
            "mode": mode,
        },
    )
