"""A streamed answer into a Slack thread: ``chat.startStream`` / ``appendStream`` / ``stopStream``.

The engine decides what is streamed and how fast (``bot.toolkit``); this module only
writes it. The stream is a reply in the thread of the question (Slack streams only thread
replies, so a top-level DM question is answered in its thread). When it stops, the sources
and 👍/👎 are added under the text. If the final answer is not the text shown (the model
failed mid-way or its answer was rejected), the streamed message is replaced by the final
one, grounded answer and note included.

When the workspace refuses streaming, or a stream breaks, the same text is shown by
posting one message and updating it (the "thinking…" status message where there is one),
so the user sees the answer grow either way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web.chat_stream import ChatStream

from adapters.slack.blocks import answer_footer, with_classic_feedback
from adapters.slack.delivery import post_in_thread
from adapters.slack.layout import SlackMessage
from adapters.slack.mrkdwn import escape, to_mrkdwn
from bot import Answer, Reply
from bot.toolkit import LogSafe, replaces_streamed_text

log = logging.getLogger("rolebot.slack.streaming")

GROWING = " …"


@dataclass(frozen=True)
class StreamTarget:
    """Where the streamed answer goes and who it is for (Slack wants the recipient named
    when it streams into a channel)."""

    channel: str
    thread_ts: str
    user: str
    team: str | None
    # The thread to post in if streaming is refused (None: top level, as DMs are answered).
    fallback_thread_ts: str | None = None
    # A status message to turn into the answer if streaming is refused.
    status_ts: str | None = None


class StreamedMessage:
    """One answer being written into Slack, by streaming or, failing that, by updates."""

    def __init__(self, client: WebClient, target: StreamTarget) -> None:
        self._client = client
        self._target = target
        self._stream: ChatStream | None = None
        self._updated_ts: str | None = None  # the message post-and-update writes into
        self._refused = False
        self.shown = ""

    @property
    def streaming(self) -> bool:
        """True once Slack has accepted the stream (so a status message can go)."""
        return self._stream is not None and self._stream.ts is not None and not self._refused

    def append(self, text: str) -> None:
        """Show ``text`` after what is already shown."""
        self.shown += text
        if not self._refused:
            try:
                self._append_to_stream(text)
                return
            except SlackApiError as exc:
                self._refused = True
                log.warning("streaming refused (%s); posting and updating", _error(exc))
        self._update(self.shown + GROWING)

    def finish(self, final: Reply, *, answer_id: str | None, parts: list[SlackMessage]) -> None:
        """End with ``final``: sources and feedback under the streamed text when it is the
        final answer, else the final rendering (``parts``) in place of what was shown."""
        same = not replaces_streamed_text(self.shown, final)
        if self._stream is not None and not self._refused:
            footer = answer_footer(final, answer_id) if isinstance(final, Answer) else []
            try:
                self._stop(footer if same else [])
                if same:
                    return
            except SlackApiError as exc:
                log.warning("chat.stopStream failed (%s); updating instead", _error(exc))
            self._updated_ts = self._stream.ts
        replace_ts = self._updated_ts or self._target.status_ts
        accepted = self._stream is not None and self._stream.ts is not None
        thread = self._target.thread_ts if accepted else self._target.fallback_thread_ts
        post_in_thread(
            self._client,
            channel=self._target.channel,
            thread_ts=thread,
            parts=parts,
            replace_ts=replace_ts,
        )

    def _append_to_stream(self, text: str) -> None:
        if self._stream is None:
            target = self._target
            self._stream = self._client.chat_stream(
                buffer_size=1,  # bot.toolkit's pacer already paced it: send every update
                channel=target.channel,
                thread_ts=target.thread_ts,
                recipient_user_id=target.user,
                recipient_team_id=target.team,
            )
        try:
            self._stream.append(markdown_text=escape(text))
        except SlackApiError:
            if self._stream.ts is not None:
                self._updated_ts = self._stream.ts  # broke mid-way: keep writing into it
            raise

    def _stop(self, footer: list[dict[str, object]]) -> None:
        assert self._stream is not None
        try:
            self._stream.stop(blocks=footer or None)
        except SlackApiError as exc:
            classic = with_classic_feedback(footer)
            if exc.response.get("error") != "invalid_blocks" or classic is None:
                raise
            # A refused stop leaves the stream open (the SDK completes it only on success).
            self._stream.stop(blocks=classic)

    def _update(self, text: str) -> None:
        # Text only: blocks mark a finished message (and the final one has them).
        message = SlackMessage(text=to_mrkdwn(text))
        target = self._target
        ts = self._updated_ts or target.status_ts
        try:
            if ts is not None:
                self._client.chat_update(channel=target.channel, ts=ts, text=message.text)
            else:
                response = self._client.chat_postMessage(
                    channel=target.channel,
                    thread_ts=target.fallback_thread_ts,
                    text=message.text,
                )
                posted = response.get("ts")
                self._updated_ts = posted if isinstance(posted, str) else None
        except SlackApiError as exc:  # the final message still comes; an update may be lost
            log.warning("could not update the growing answer (%s)", _error(exc))


def _error(exc: SlackApiError) -> LogSafe:
    code = str(exc.response.get("error") or "unknown")
    return LogSafe(code if code.replace("_", "").isalnum() and len(code) <= 64 else "unknown")
