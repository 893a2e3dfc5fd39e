"""Text rolebot did not write (what users send, what a model returns), made safe to use.

On the way in, text is cleaned to valid Unicode without control characters: a lone
surrogate (``\\ud800``, which JSON allows) cannot be encoded by the tokenizer, the index
client or SQLite, and must not be mistaken for an index failure.

On the way out, only links the knowledge itself contains may stay live: a
``[Verify your account](https://evil…)`` link written by a model that was talked into it,
or typed by a user into a field the bot repeats, must not reach a chat client as a
clickable link with a friendly label. The core strips such links from generated answers,
and each adapter renders links only for the addresses the reply's own sources contain.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import replace

from bot.models import Request, Turn

# Control characters other than tab and newline: nothing a person typed on purpose.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
# [label](address) and [label](address "title"); the address may be anything.
MARKDOWN_LINK = re.compile(r"\[(?P<label>[^\]\n]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"\n]*\")?\)")


def urls_in(texts: Iterable[str]) -> set[str]:
    """The web addresses that appear in ``texts`` (e.g. the text of an answer's sources)."""
    return {url.rstrip(".,;:!?") for text in texts for url in URL.findall(text)}


def unlink(text: str, allowed: Collection[str] = ()) -> str:
    """``text`` with every Markdown link whose address is not in ``allowed`` replaced by its
    label (or, with an empty label, by nothing clickable: the bare address)."""

    def replace(match: re.Match[str]) -> str:
        if match["url"] in allowed:
            return match[0]
        return match["label"].strip() or match["url"]

    return MARKDOWN_LINK.sub(replace, text)


def clean_text(text: str) -> str:
    """``text`` as valid Unicode without control characters (tab and newline stay).

    A lone surrogate becomes U+FFFD, and a pair split by a JSON decoder is joined again.
    """
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _CONTROL.sub("", text)


def clean_request(request: Request) -> Request:
    """``request`` with its text and history cleaned by :func:`clean_text`."""
    return replace(
        request,
        text=clean_text(request.text),
        history=[Turn(t.role, clean_text(t.text)) for t in request.history],
    )
