"""The personal-chat welcome: one line on what rolebot covers and questions to try.

The questions are the same suggestions Slack's assistant pane offers (``bot.guide``), as
``Action.Submit`` buttons whose ``msteams`` data is ``imBack``: a click posts the question
in the chat as if the user had typed it, so it is answered like any other message.
"""

from __future__ import annotations

from botbuilder.schema import Activity

from adapters.teams.cards.adaptive import Element, card, card_activity, text_block
from bot import SuggestedPrompt


def welcome_activity(greeting: str, prompts: list[SuggestedPrompt]) -> Activity:
    """The welcome card; without prompts it is the greeting alone."""
    actions: list[Element] = [
        {
            "type": "Action.Submit",
            "title": prompt.title,
            "data": {"msteams": {"type": "imBack", "value": prompt.message}},
        }
        for prompt in prompts
    ]
    return card_activity(card([text_block(greeting)], actions or None))
