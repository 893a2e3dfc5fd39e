"""Which links in a reply may stay live: only those the knowledge itself contains.

Model output and echoed user text are untrusted: a ``[Verify your account](https://evil…)``
link written by a model that was talked into it, or typed by a user into a field the bot
repeats, must not reach a chat client as a clickable link with a friendly label. The core
strips such links from generated answers, and each adapter renders links only for the
addresses the reply's own sources contain.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

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
