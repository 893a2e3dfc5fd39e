"""The few Adaptive Card elements rolebot uses, as plain dicts, the attachment wrapper, and
the size every activity sent must stay under.

Teams rejects activities over roughly 28 KB; each one sent here stays under 25 KB, measured
as the UTF-8 JSON the connector will POST.
"""

from __future__ import annotations

import json
from typing import Any

from botbuilder.schema import Activity, ActivityTypes, Attachment

from bot.toolkit import split_text

CARD_VERSION = "1.5"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
MAX_ACTIVITY_BYTES = 25_000
# Room left for the card's frame, sources and buttons around a chunk of body text.
TEXT_CHUNK_BYTES = 16_000

Element = dict[str, Any]


def activity_bytes(activity: Activity) -> int:
    """The size of ``activity`` on the wire."""
    payload: Any = activity.serialize()
    return len(json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def text_chunks(text: str) -> list[str]:
    """``text`` in pieces of at most :data:`TEXT_CHUNK_BYTES` UTF-8 bytes."""
    return split_text(text, TEXT_CHUNK_BYTES, encoding="utf-8")


def card(body: list[Element], actions: list[Element] | None = None) -> Element:
    """A complete card; ``msteams.width: Full`` stops long answers being squeezed."""
    content: Element = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
        "msteams": {"width": "Full"},
    }
    if actions:
        content["actions"] = actions
    return content


def text_block(text: str, **style: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def heading(text: str) -> Element:
    return text_block(text, weight="Bolder", size="Medium")


def plain_text(text: str, *, spacing: str | None = None, **run_style: Any) -> Element:
    """Text shown exactly as written, for anything that echoes what a user typed.

    A TextBlock renders Markdown, so an echoed ``[Verify your account](https://evil…)``
    would become a link; a RichTextBlock's TextRun never renders Markdown.
    """
    run: Element = {"type": "TextRun", "text": text, **run_style}
    block: Element = {"type": "RichTextBlock", "inlines": [run]}
    if spacing:
        block["spacing"] = spacing
    return block


def plain_heading(text: str) -> Element:
    return plain_text(text, weight="Bolder", size="Medium")


def fact_set(facts: list[tuple[str, str]]) -> Element:
    return {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in facts]}


def submit(title: str, data: dict[str, Any]) -> Element:
    return {"type": "Action.Submit", "title": title, "data": data}


def card_activity(content: Element) -> Activity:
    """A message carrying one Adaptive Card."""
    attachment = Attachment(content_type=CARD_CONTENT_TYPE, content=content)
    return Activity(type=ActivityTypes.message, attachments=[attachment])


def text_activity(text: str) -> Activity:
    """A plain Markdown message (help, errors, status lines)."""
    return Activity(type=ActivityTypes.message, text=text, text_format="markdown")
