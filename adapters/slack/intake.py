"""Checks a raw Slack HTTP request before bolt sees it, so bad input is a 4xx, never a 500.

bolt parses the body before it checks the signature, and answers a body that is not a JSON
object (``{bad``, ``[]``, ``null``, ``payload=%7B``), is not UTF-8, or comes with a
timestamp that is not a number with a 500 and a traceback. Here the signature is checked
first, over the raw bytes as Slack computes it, then the body's shape; only a signed,
well-formed request reaches bolt (which checks the signature again, cheaply).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

# Slack's own payloads are a few kilobytes; a message is at most 40,000 characters.
MAX_BODY_BYTES = 1024 * 1024
MAX_CLOCK_SKEW_SECONDS = 5 * 60  # Slack's replay window

# Fields that bolt and the listeners read without checking their type, and the types
# Slack sends. A signed request is from Slack, so a mismatch is a bug or a leaked secret.
Types = tuple[type, ...]
_OBJECT: Types = (dict,)
_ID_OR_OBJECT: Types = (str, dict)
_TOP_LEVEL: dict[str, Types] = {
    "event": _OBJECT,
    "container": _OBJECT,
    "view": _OBJECT,
    "message": _OBJECT,
    "user": _ID_OR_OBJECT,
    "team": _ID_OR_OBJECT,
    "channel": _ID_OR_OBJECT,
    "enterprise": _ID_OR_OBJECT,
    "actions": (list,),
    "authorizations": (list,),
    "response_url": (str,),
}
_IN_EVENT: dict[str, Types] = {
    "type": (str,),
    "user": _ID_OR_OBJECT,
    "channel": _ID_OR_OBJECT,
    "text": (str,),
}


@dataclass(frozen=True)
class Refusal:
    """Why a request is turned away: an HTTP status and one line that quotes nothing sent."""

    status: int
    reason: str


UNSIGNED = Refusal(401, "invalid request")  # bolt's own wording for a bad signature
TOO_LARGE = Refusal(413, "request body too large")


class SlackIntake:
    """Verifies a request's signature and shape; ``check`` returns None when bolt may have it."""

    def __init__(
        self,
        signing_secret: str,
        *,
        clock: Callable[[], float] = time.time,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._secret = signing_secret.encode()
        self._clock = clock
        self.max_body_bytes = max_body_bytes

    def check(self, body: bytes, headers: Mapping[str, str]) -> Refusal | None:
        """``headers`` with lower-case names."""
        if not self._signed(body, headers):
            # bolt answers Slack's certificate probe before it checks signatures; so do we.
            return None if is_ssl_check(body) else UNSIGNED
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return Refusal(400, "request body is not UTF-8")
        try:
            parsed = parse_like_bolt(text, headers.get("content-type"))
        except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
            return Refusal(400, "request body is not valid JSON")
        if not isinstance(parsed, dict):
            return Refusal(400, "request body is not a JSON object")
        if not well_shaped(parsed):
            return Refusal(400, "request body has fields of the wrong type")
        return None

    def _signed(self, body: bytes, headers: Mapping[str, str]) -> bool:
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not (timestamp.isascii() and timestamp.isdigit()) or not signature:
            return False
        if abs(self._clock() - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
            return False
        base = b"v0:" + timestamp.encode() + b":" + body
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


def is_ssl_check(body: bytes) -> bool:
    """Slack's ``ssl_check=1`` probe when a command URL is saved (bolt answers it 200)."""
    try:
        fields = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        return False
    return fields.get("ssl_check") == "1" and "payload" not in fields


def parse_like_bolt(text: str, content_type: str | None) -> Any:
    """What bolt's ``parse_body`` would make of ``text``, raising where bolt would crash."""
    if not text:
        return {}
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type == "application/json" or text.startswith("{"):
        return json.loads(text)
    if "payload" in text:
        payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
        return {} if payload is None else json.loads(payload)
    return dict(parse_qsl(text, keep_blank_values=True))


def well_shaped(body: dict[str, Any]) -> bool:
    """The fields bolt and the listeners read have the types Slack sends."""
    if not _typed(body, _TOP_LEVEL):
        return False
    if "event" in body and not _typed(body["event"], _IN_EVENT):
        return False
    if not all(isinstance(item, dict) for item in body.get("authorizations") or []):
        return False
    if body.get("type") == "block_actions":  # a click: who clicked, and on what
        actions, user = body.get("actions") or [], body.get("user")
        return (
            len(actions) > 0
            and all(isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions)
            and isinstance(user, dict)
            and isinstance(user.get("id"), str)
        )
    return True


def _typed(fields: dict[str, Any], expected: dict[str, Types]) -> bool:
    return all(
        name not in fields or isinstance(fields[name], types) for name, types in expected.items()
    )
