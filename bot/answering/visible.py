"""Model output made safe to show while it is still being written.

A finished answer has its links checked as a whole (``bot.untrusted.unlink``). A streamed
one is shown before it is finished, so text is released word by word and held back while
it could still turn into a link: ``[Verify](https://evil…`` is not shown until the link is
complete and has been replaced by its label. Addresses the sources do not contain are
shown as code, so no chat client makes them clickable while the answer is streaming (the
final answer is rendered by the adapter's usual, stricter path).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.untrusted import MARKDOWN_LINK, URL, unlink


class VisibleText:
    """Feed model pieces in; get back the text that may be shown now."""

    def __init__(self, *, allowed_links: Collection[str] = ()) -> None:
        self._allowed = allowed_links
        self._pending = ""
        self._started = False
        self.shown = ""

    def feed(self, piece: str) -> str:
        """The text to append to what is shown (possibly empty)."""
        self._pending += piece
        if not self._started:
            self._pending = self._pending.lstrip()
            self._started = bool(self._pending)
        cut = _last_whitespace(self._pending)
        if cut <= 0:
            return ""
        cut = min(cut, _first_unresolved_link(self._pending, cut))
        return self._release(cut)

    def finish(self) -> str:
        """Whatever was held back, at the end of the answer."""
        return self._release(len(self._pending.rstrip()))

    def _release(self, cut: int) -> str:
        if cut <= 0:
            return ""
        text, self._pending = self._pending[:cut], self._pending[cut:]
        text = _code_unknown_addresses(unlink(text, self._allowed), self._allowed)
        self.shown += text
        return text


def _last_whitespace(text: str) -> int:
    """The index just past the last whitespace character, or 0."""
    for i in range(len(text) - 1, -1, -1):
        if text[i].isspace():
            return i + 1
    return 0


def _first_unresolved_link(text: str, limit: int) -> int:
    """The index of the first ``[`` before ``limit`` that may still become a link (or
    ``limit``): a complete link must be released whole, an open one must wait."""
    start = 0
    while (i := text.find("[", start, limit)) != -1:
        link = MARKDOWN_LINK.match(text, i)
        if link is not None:
            if link.end() > limit:
                return i
            start = link.end()
            continue
        close = text.find("]", i)
        newline = text.find("\n", i)
        if newline != -1 and (close == -1 or newline < close):
            start = i + 1  # a link never spans lines
            continue
        if close == -1 or close + 1 >= len(text):
            return i  # not closed yet, or what follows "]" is not known yet
        if text[close + 1] == "(":
            after = text.find("\n", close)
            if after == -1:
                return i  # "[label](" with the address still coming
        start = i + 1
    return limit


def _code_unknown_addresses(text: str, allowed: Collection[str]) -> str:
    """Bare web addresses the sources do not contain, as inline code (not clickable)."""
    kept = {m.span("url") for m in MARKDOWN_LINK.finditer(text)}

    def wrap(match: re.Match[str]) -> str:
        url = match[0]
        if match.span() in kept or url.rstrip(".,;:!?") in allowed:
            return url
        return f"`{url}`"

    return URL.sub(wrap, text)
