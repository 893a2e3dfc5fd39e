"""Getting rendered messages to Slack: into a thread via the Web API, or to a ``response_url``.

A thread reply replaces the "thinking…" status message with the first part of the answer,
so the user sees the status turn into the answer rather than an extra message. A message
whose native 👍/👎 block a surface refuses (``invalid_blocks``) is sent again with the
hand-made buttons, so an answer is never lost for its feedback buttons.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from functools import partial

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RetryHandler
from slack_sdk.webhook import WebhookClient

from adapters.slack.blocks import with_classic_feedback
from adapters.slack.layout import Block, SlackMessage
from bot import JobDescription
from bot.toolkit import LogSafe

log = logging.getLogger("rolebot.slack.delivery")


class DeliveryError(Exception):
    """Slack refused a message; the caller tells the user in plain words instead."""


def post_in_thread(
    client: WebClient,
    *,
    channel: str,
    thread_ts: str | None,
    parts: Sequence[SlackMessage],
    replace_ts: str | None = None,
) -> None:
    """Post ``parts`` in order; the first replaces the status message ``replace_ts``."""
    for i, part in enumerate(parts):
        if i == 0 and replace_ts is not None:
            try:
                _with_feedback_fallback(
                    partial(client.chat_update, channel=channel, ts=replace_ts, text=part.text),
                    part.blocks,
                )
                continue
            except SlackApiError as exc:  # e.g. the status message was deleted
                log.warning("chat.update failed (%s); posting instead", _slack_error(exc))
        _with_feedback_fallback(
            partial(client.chat_postMessage, channel=channel, thread_ts=thread_ts, text=part.text),
            part.blocks,
        )


def _with_feedback_fallback(send: Callable[..., object], blocks: list[Block]) -> None:
    """``send(blocks=blocks)``; on ``invalid_blocks``, again with the classic 👍/👎 buttons."""
    try:
        send(blocks=blocks)
    except SlackApiError as exc:
        classic = with_classic_feedback(blocks)
        if exc.response.get("error") != "invalid_blocks" or classic is None:
            raise
        log.info("native feedback buttons refused here; sending classic buttons")
        send(blocks=classic)


def attach_markdown(
    client: WebClient, *, channel: str, thread_ts: str | None, jd: JobDescription
) -> bool:
    """Upload the job description as a ``.md`` file; False when Slack would not take it."""
    slug = re.sub(r"[^a-z0-9]+", "-", jd.title.lower()).strip("-") or "job-description"
    try:
        client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            content=jd.markdown,
            filename=f"{slug}.md",
            title=jd.title,
        )
    except SlackApiError as exc:
        log.warning("file upload failed: %s", _slack_error(exc))
        return False
    return True


def _slack_error(exc: SlackApiError) -> LogSafe:
    """Slack's error code ("not_in_channel"): Slack's own word, safe to log."""
    code = str(exc.response.get("error") or "unknown")
    return LogSafe(code if code.replace("_", "").isalnum() and len(code) <= 64 else "unknown")


class ResponseUrl:
    """Replies to a slash command or a button click through its ``response_url``.

    Bolt's ``respond`` has no retry handlers; this one retries rate limits and dropped
    connections like the Web API client does.
    """

    def __init__(self, url: str, *, retry_handlers: list[RetryHandler]) -> None:
        self._client = WebhookClient(url, retry_handlers=retry_handlers)

    def send(self, part: SlackMessage, *, response_type: str = "ephemeral") -> None:
        body: dict[str, object] = {
            "text": part.text,
            "response_type": response_type,
            "replace_original": False,
        }
        if part.blocks:
            body["blocks"] = part.blocks
        try:
            self._post(body)
        except DeliveryError:
            classic = with_classic_feedback(part.blocks)
            if classic is None:
                raise
            self._post({**body, "blocks": classic})

    def send_all(self, parts: Sequence[SlackMessage], *, response_type: str = "ephemeral") -> None:
        for part in parts:
            self.send(part, response_type=response_type)

    def delete_original(self) -> None:
        self._post({"delete_original": True})

    def _post(self, body: dict[str, object]) -> None:
        response = self._client.send_dict(body)
        if response.status_code != 200:
            raise DeliveryError(f"response_url answered {response.status_code}")
