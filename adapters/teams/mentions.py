"""Whether a message is addressed to the bot, and its text without the bot's @mention.

botbuilder's ``TurnContext.remove_recipient_mention`` deletes every occurrence of the
bot's *name* anywhere in the text ("what does a RoleBot do?" loses "RoleBot", and a bot
called "R" eats letters), so only the exact ``<at>…</at>`` markup Teams sent is removed.
"""

from __future__ import annotations

import re
from typing import Any

from botbuilder.schema import Activity

from bot.toolkit import clean_text

PERSONAL = "personal"
# Someone else's mention as Teams marks it up: "<at>Ada Lovelace</at>".
_OTHER_MENTION = re.compile(r"<at>(?P<name>[^<]{1,200})</at>", re.IGNORECASE)


def conversation_type(activity: Activity) -> str:
    """``personal``, ``groupChat`` or ``channel``; other channels count as personal."""
    conversation = activity.conversation
    kind = getattr(conversation, "conversation_type", None) if conversation else None
    return kind or PERSONAL


def _bot_mentions(activity: Activity) -> list[dict[str, Any]]:
    bot_id = activity.recipient.id if activity.recipient else None
    found = []
    for entity in activity.entities or []:
        if (entity.type or "").lower() != "mention":
            continue
        props = dict(getattr(entity, "additional_properties", None) or {})
        mentioned = props.get("mentioned") or {}
        if bot_id and mentioned.get("id") == bot_id:
            found.append(props)
    return found


def is_addressed_to_bot(activity: Activity) -> bool:
    """In a personal chat every message is for the bot; elsewhere only an @mention is."""
    return conversation_type(activity) == PERSONAL or bool(_bot_mentions(activity))


def text_without_mention(activity: Activity) -> str:
    """The message text with the bot's own ``<at>Name</at>`` markup removed, anyone else's
    written the way a person types a mention ("<at>Ada Lovelace</at>" is "@Ada_Lovelace",
    as Slack's "<@U123>" is "@U123"), and without broken characters (a lone surrogate), so
    it can be stored and answered."""
    text = activity.text or ""
    for mention in _bot_mentions(activity):
        markup = mention.get("text")
        if markup:
            text = text.replace(markup, " ")
    text = _OTHER_MENTION.sub(lambda m: " @" + "_".join(m["name"].split()) + " ", text)
    return " ".join(clean_text(text).replace("\u00a0", " ").split())
