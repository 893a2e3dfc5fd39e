"""Text between the engine's light Markdown and Slack's ``mrkdwn``, in both directions.

Slack treats ``&``, ``<`` and ``>`` as control characters, so knowledge text is escaped
before it is shown; user text arrives with mentions and links in ``<...>`` and is turned
back into plain words before the engine sees it.

A Markdown link becomes a live Slack link only when its address is one the answer's own
sources contain; any other (a model talked into writing ``[Verify](https://evil…)``) is
shown as its label in plain text. Section text is sent ``verbatim`` (see ``layout``), so
Slack does not turn bare addresses into links either.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.toolkit import clean_text

_HEADING_WITH_CITATION = re.compile(r"^(?P<title>[^\n\[]+?) (?P<cite>(?:\[\d+\])+):$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+)$")
_BULLET = re.compile(r"^(?P<indent>\s*)[-*]\s+")
_BOLD = re.compile(r"\*\*(?P<text>[^*\n]+)\*\*")
_LINK = re.compile(r"\[(?P<label>[^\]\n]+)\]\((?P<url>[^)\s]+)\)")

_SLACK_TOKEN = re.compile(r"<(?P<body>[^<>]+)>")


def escape(text: str) -> str:
    """Make arbitrary text safe to show in Slack: it can never become a mention or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def to_mrkdwn(text: str, *, links: Collection[str] = ()) -> str:
    """The engine's answer text as Slack mrkdwn: "•" bullets, bold headings, [n] kept.

    ``links`` are the addresses that may be live (those in the answer's sources).
    """

    def link(match: re.Match[str]) -> str:
        if _unescape(match["url"]) in links:
            return f"<{match['url']}|{match['label']}>"
        return match["label"]

    lines = []
    for raw in escape(text).splitlines():
        line = raw.rstrip()
        if match := _HEADING_WITH_CITATION.match(line):
            line = f"*{match['title']}* {match['cite']}"
        elif match := _MARKDOWN_HEADING.match(line):
            line = f"*{match['title'].strip()}*"
        elif match := _BULLET.match(line):
            line = f"{match['indent']}• {line[match.end() :]}"
        line = _BOLD.sub(lambda m: f"*{m['text']}*", line)
        line = _LINK.sub(link, line)
        lines.append(line)
    return "\n".join(lines)


def to_plain(text: str, *, bot_user_id: str | None = None) -> str:
    """What a person typed, without Slack's markup (the bot's own mention is dropped) and
    without broken characters (a lone surrogate), so it can be stored and answered."""

    def replace(match: re.Match[str]) -> str:
        body = match["body"]
        target, _, label = body.partition("|")
        if target.startswith("@"):
            if bot_user_id and target[1:] == bot_user_id:
                return ""
            return f"@{label or target[1:]}"
        if target.startswith("#"):
            return f"#{label or target[1:]}"
        if target.startswith("!"):
            return f"@{label or target[1:].split('^')[0]}"
        return label or target

    plain = _SLACK_TOKEN.sub(replace, clean_text(text))
    plain = _unescape(plain)
    return re.sub(r"[ \t]+", " ", plain).strip()


def mentions(text: str, user_id: str) -> bool:
    """True when ``text`` @-mentions ``user_id`` (Slack writes it as ``<@U123>``)."""
    return f"<@{user_id}>" in text or f"<@{user_id}|" in text
