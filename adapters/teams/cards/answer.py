"""An answer as cards: the text with its [n] citations, numbered sources, 👍/👎 buttons."""

from __future__ import annotations

from botbuilder.schema import Activity

from adapters.teams import messages
from adapters.teams.cards.adaptive import (
    Element,
    card,
    card_activity,
    submit,
    text_block,
    text_chunks,
)
from adapters.teams.votes import vote_data
from bot import Answer, Source
from bot.toolkit import unlink, urls_in


def source_line(source: Source) -> str:
    return f"[{source.n}] {source.title} › {source.section}"


def answer_activities(answer: Answer, answer_id: str | None) -> list[Activity]:
    """One card, or several when the text is long; sources and buttons go on the last."""
    # Only links to where the sources point stay live (see bot.untrusted).
    chunks = text_chunks(unlink(answer.answer, urls_in(s.text for s in answer.sources)))
    activities = []
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        body: list[Element] = [text_block(chunk)]
        if i:
            body.insert(0, text_block(messages.CONTINUED, isSubtle=True, size="Small"))
        if last:
            body.extend(_tail(answer))
        actions = _vote_actions(answer_id) if last and answer_id else None
        activities.append(card_activity(card(body, actions)))
    return activities


def streamed_answer_text(answer: Answer) -> str:
    """The answer's text for a streamed message, links to anywhere but its sources dead."""
    return unlink(answer.answer, urls_in(s.text for s in answer.sources))


def answer_tail_card(answer: Answer, answer_id: str | None) -> Element | None:
    """The card under a streamed answer: note, sources and 👍/👎 (None when empty)."""
    body = _tail(answer)
    actions = _vote_actions(answer_id) if answer_id else None
    return card(body, actions) if body or actions else None


def _tail(answer: Answer) -> list[Element]:
    tail: list[Element] = []
    if answer.note:
        tail.append(text_block(answer.note, isSubtle=True, size="Small"))
    if answer.sources:
        tail.append(text_block(messages.SOURCES, weight="Bolder", spacing="Medium"))
        tail.extend(
            text_block(source_line(s), size="Small", spacing="None") for s in answer.sources
        )
    return tail


def _vote_actions(answer_id: str) -> list[Element]:
    return [
        submit(messages.HELPFUL, vote_data(answer_id, "up")),
        submit(messages.NOT_HELPFUL, vote_data(answer_id, "down")),
    ]
