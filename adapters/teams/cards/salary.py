"""A salary lookup as a card: one FactSet row per figure, exactly as the knowledge states it."""

from __future__ import annotations

from botbuilder.schema import Activity

from adapters.teams import messages
from adapters.teams.cards.adaptive import (
    Element,
    card,
    card_activity,
    fact_set,
    plain_heading,
    plain_text,
    text_block,
)
from bot import (
    SalaryFigure,
    SalaryResult,
    describe_location,
    describe_role,
    describe_source,
    format_amount,
)


def _fact(figure: SalaryFigure) -> tuple[str, str]:
    title = f"{describe_role(figure)}, {describe_location(figure)}"
    year = f", {figure.year}" if figure.year else ""
    return title, f"{format_amount(figure)} ({figure.label}{year})"


def salary_activities(result: SalaryResult) -> list[Activity]:
    # The query and the message echo what the user typed: shown as plain text, never Markdown.
    body: list[Element] = [plain_heading(messages.SALARY_TITLE.format(query=result.query))]
    if result.message and result.message not in result.notes:
        body.append(plain_text(result.message))
    if result.ranges:
        body.append(fact_set([_fact(f) for f in result.ranges]))
    body.extend(plain_text(note, isSubtle=True, size="Small") for note in result.notes_below())
    sources = sorted({describe_source(f) for f in result.ranges})
    if sources:
        body.append(text_block(messages.SOURCES, weight="Bolder", spacing="Medium"))
        body.extend(text_block(s, size="Small", spacing="None") for s in sources)
    return [card_activity(card(body))]
