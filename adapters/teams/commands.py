"""Command words (``salary``, ``jd``, ``help``, ``ask``) to the engine's request type.

The manifest lists the same four words, so what Teams suggests is what this parses.
Anything else is a question and the engine's router decides, exactly as on the CLI.
"""

from __future__ import annotations

from botbuilder.schema import Activity

from bot import Intent, Request, Turn

PLATFORM = "teams"

COMMANDS: dict[str, Intent] = {
    "ask": "question",
    "salary": "salary",
    "jd": "job_description",
    "help": "help",
}


def to_request(
    text: str,
    history: list[Turn] | None = None,
    *,
    user_id: str | None = None,
    channel_id: str | None = None,
) -> Request:
    """The request for a message whose mention has already been removed.

    ``user_id`` and ``channel_id`` (see :func:`sender_ids`) say who asked and where; the
    engine decides from them who may see salary figures.
    """
    stripped = text.strip()
    word, _, rest = stripped.partition(" ")
    intent = COMMANDS.get(word.lower().lstrip("/"))
    return Request(
        text=stripped if intent is None else rest.strip(),
        history=list(history or []),
        platform=PLATFORM,
        intent=intent,
        user_id=user_id,
        channel_id=channel_id,
    )


def sender_ids(activity: Activity) -> tuple[str | None, str | None]:
    """The sender's AAD object id, and the Teams channel (or chat) the message is in.

    The AAD object id is the one id of a person that is the same in every chat, team and
    tenant app; a channel message's thread suffix (``;messageid=…``) is dropped so the id
    names the channel, as ``channelData.channel.id`` does when Teams sends it.
    """
    sender = activity.from_property
    user_id = getattr(sender, "aad_object_id", None) or None
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    channel = data.get("channel") if isinstance(data.get("channel"), dict) else None
    channel_id = channel.get("id") if channel else None
    if not channel_id and activity.conversation is not None and activity.conversation.id:
        channel_id = str(activity.conversation.id).split(";", 1)[0]
    return user_id, (str(channel_id) if channel_id else None)
