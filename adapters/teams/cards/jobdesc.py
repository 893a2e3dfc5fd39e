"""A job description as a card with its sections, then the Markdown to copy into a posting."""

from __future__ import annotations

import json

from botbuilder.schema import Activity

from adapters.teams import messages
from adapters.teams.cards.adaptive import (
    TEXT_CHUNK_BYTES,
    Element,
    card,
    card_activity,
    heading,
    plain_text,
    text_activity,
    text_block,
    text_chunks,
)
from bot import JDSection, JobDescription
from bot.toolkit import unlink, urls_in


def _section(section: JDSection) -> list[Element]:
    elements: list[Element] = [text_block(section.heading, weight="Bolder", spacing="Medium")]
    if section.paragraph:
        elements.append(text_block(section.paragraph))
    if section.bullets:
        elements.append(text_block("\n".join(f"- {b.text}" for b in section.bullets)))
    elements += [text_block(p, isSubtle=True) for p in section.placeholders]
    return elements


def _section_cards(jd: JobDescription) -> list[Activity]:
    """Sections packed into as few cards as fit; a long JD simply continues on the next card."""
    cards: list[list[Element]] = [[heading(jd.title)]]
    used = len(jd.title)
    for section in jd.sections:
        elements = _section(section)
        size = sum(len(json.dumps(e).encode("utf-8")) for e in elements)
        if used + size > TEXT_CHUNK_BYTES:
            cards.append([])
            used = 0
        cards[-1].extend(elements)
        used += size
    if jd.notes:
        cards[-1].append(text_block(messages.JD_REVIEWER_NOTES, weight="Bolder", size="Small"))
        # Notes can echo the request ("no knowledge for the role “…”"): plain text, never Markdown.
        cards[-1].extend(plain_text(n, isSubtle=True, size="Small") for n in jd.notes)
    return [card_activity(card(body)) for body in cards if body]


def jobdesc_activities(jd: JobDescription) -> list[Activity]:
    """The card, then the Markdown to copy; nothing drafted is one plain sentence, no draft."""
    # The Markdown repeats the requested location; only the knowledge's own links stay live.
    links = urls_in(b.text for s in jd.sections for b in s.bullets)
    if not jd.found:
        return [text_activity(unlink(chunk, links)) for chunk in text_chunks(jd.markdown.strip())]
    markdown = [text_activity(unlink(chunk, links)) for chunk in text_chunks(jd.markdown)]
    return [*_section_cards(jd), *markdown]
