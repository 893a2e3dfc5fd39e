"""Command words (``salary``, ``jd``, ``help``, ``ask``) to the engine's request type.

The manifest lists the same four words, so what Teams suggests is what this parses.
Anything else is a question and the engine's router decides, exactly as on the CLI.
"""

from __future__ import annotations

from bot.models import Intent, Request, Turn

PLATFORM = "teams"

COMMANDS: dict[str, Intent] = {
    "ask": "question",
    "salary": "salary",
    "jd": "job_description",
    "help": "help",
}


def to_request(text: str, history: list[Turn] | None = None) -> Request:
    """The request for a message whose mention has already been removed."""
    stripped = text.strip()
    word, _, rest = stripped.partition(" ")
    intent = COMMANDS.get(word.lower().lstrip("/"))
    if intent is None:
        return Request(text=stripped, history=list(history or []), platform=PLATFORM)
    return Request(text=rest.strip(), history=list(history or []), platform=PLATFORM, intent=intent)
