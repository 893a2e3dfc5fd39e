"""Structured logs: one bounded JSON object per line, and never a word a user wrote.

What reaches a line, and why it is safe:

- rolebot's own records (emitted from ``bot/`` or ``adapters/``) keep their format string
  with only *known-safe* arguments filled in: numbers, exception types, and strings marked
  :class:`LogSafe` (error references from :func:`error_reference`, fixed names). Any other
  argument shows as ``[hidden]``, so a question passed by mistake cannot reach the log,
  while "request failed (ref 1a2b3c4d)" and "listening on port 3000" keep what an operator
  needs to find a user's reference or a port.
- Libraries' records (slack_bolt, slack_sdk, aiohttp, botbuilder, chromadb, …) often build
  their message with an f-string holding a whole request body ("Invalid request signature
  detected (… body: {…})"). Only the leading words are kept, up to the first character that
  starts data (``(``, ``{``, ``:``, a quote, a newline, …).
- Unknown ``extra`` fields are dropped; exceptions are their type and stack frames only
  (an exception's message often quotes the input that caused it).
- Every field is length-capped, so one line stays small whatever was logged.

Uncaught exceptions (main thread or any other) go through the same formatter, so a
traceback is a JSON line like every other.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import traceback
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
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
    "ref",
    "port",  # where a server listens (the bound one when asked for port 0)
)
# Belt and braces for secrets written into a format string by mistake.
SECRET_PATTERNS = re.compile(r"(xox[abposre]-[\w-]+|xapp-[\w-]+|sk-[\w-]{8,}|Bearer\s+\S+)")
MAX_EVENT_CHARS = 300
MAX_FIELD_CHARS = 200
MAX_STACK_FRAMES = 8
HIDDEN = "[hidden]"


class _Hidden:
    """Stands in for an argument that may hold user text, for ``%s`` and ``%r`` alike."""

    def __repr__(self) -> str:
        return HIDDEN

    __str__ = __repr__


_HIDDEN_ARG = _Hidden()
# Where a library's message stops being words and starts being data.
_DATA_STARTS = re.compile(r"[\n\r({\[<:=\"'|]")
# ``type(exc).__name__``, the usual way to log what failed, passes as it is.
_EXCEPTION_NAME = re.compile(r"^[A-Z]\w{0,60}(?:Error|Exception|Timeout|Interrupt|Exit)$")
# rolebot's own source files, wherever the packages are installed (checkout or site-packages).
_OWN_CODE = tuple(
    str(root / package) + "/"
    for root in {Path(__file__).absolute().parents[2], Path(__file__).resolve().parents[2]}
    for package in ("bot", "adapters")
)


class LogSafe(str):
    """A log argument known to hold no user text: an error reference, a fixed name."""

    __slots__ = ()


def error_reference() -> LogSafe:
    """A short id shown to the user and written in the log line, so one finds the other."""
    return LogSafe(uuid.uuid4().hex[:8])


def report_failure(log: logging.Logger, what: str, exc: BaseException, sentence: str) -> str:
    """Log that ``what`` failed, with the exception and a fresh reference, and return
    ``sentence`` (a ``{ref}`` template) showing the user the same reference: whoever quotes
    it finds the log line. The log line carries the exception's type and stack, never its
    message, which may quote what the user wrote."""
    ref = error_reference()
    log.error("%s failed (ref %s): %s", LogSafe(what), ref, type(exc).__name__, exc_info=exc)
    return sentence.format(ref=ref)


def _safe_arg(value: Any) -> Any:
    """The argument if it cannot carry user text, else a marker (see the module docstring)."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, LogSafe) or (isinstance(value, str) and _EXCEPTION_NAME.match(value)):
        return str(value)
    if isinstance(value, BaseException):
        return type(value).__name__
    if isinstance(value, type):
        return value.__name__
    return _HIDDEN_ARG


def _interpolate(msg: str, args: Any) -> str:
    if not args:
        return msg
    if isinstance(args, dict):
        safe: Any = {key: _safe_arg(value) for key, value in args.items()}
    else:
        safe = tuple(_safe_arg(value) for value in args)
    try:
        return str(msg % safe)
    except (TypeError, ValueError, KeyError):
        return msg


def _is_own(record: logging.LogRecord) -> bool:
    return record.pathname.startswith(_OWN_CODE)


def _event(record: logging.LogRecord) -> str:
    if not isinstance(record.msg, str):
        return f"<{type(record.msg).__name__}>"
    event = _interpolate(record.msg, record.args)
    if not _is_own(record):
        event = _DATA_STARTS.split(event, maxsplit=1)[0].strip() or HIDDEN
    event = SECRET_PATTERNS.sub("[redacted]", event)
    return event if len(event) <= MAX_EVENT_CHARS else event[: MAX_EVENT_CHARS - 1] + "…"


def _safe_value(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    return SECRET_PATTERNS.sub("[redacted]", str(value))[:MAX_FIELD_CHARS]


class JsonLogFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "event", ...context}``; see the module docstring."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name[:MAX_FIELD_CHARS],
            "event": _event(record),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = _safe_value(value)
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _, tb = record.exc_info
            line["error"] = exc_type.__name__[:MAX_FIELD_CHARS]
            line["stack"] = [
                f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}"[:MAX_FIELD_CHARS]
                for frame in traceback.extract_tb(tb)
            ][-MAX_STACK_FRAMES:]
        return json.dumps(line, ensure_ascii=False)


def configure_logging(settings: Settings, *, stream: IO[str] | None = None) -> logging.Handler:
    """Send every logger's records to ``stream`` (stderr) as JSON lines at the set level.

    Replaces the root logger's handlers so a library's own handler cannot print plain text
    next to the JSON, and routes uncaught exceptions (any thread) through the same handler;
    returns the handler so a caller (or a test) can remove it again.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    return handler


_crash_log = logging.getLogger("rolebot.uncaught")


def _log_uncaught(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    _crash_log.critical("uncaught exception", exc_info=(exc_type, exc, tb))


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    exc_info = (args.exc_type, args.exc_value, args.exc_traceback)
    _crash_log.error("uncaught exception in a thread", exc_info=exc_info)


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
