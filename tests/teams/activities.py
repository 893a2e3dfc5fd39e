"""Bot Framework activity JSON as Teams sends it, for posting to ``/api/messages``."""

from __future__ import annotations

import uuid
from typing import Any

BOT = {"id": "28:rolebot-app-id", "name": "RoleBot"}
USER = {"id": "29:ada", "name": "Ada Lovelace", "aadObjectId": "aad-ada"}
CHANNEL_THREAD = "19:general@thread.tacv2;messageid=1700000000000"


def message(
    text: str | None,
    *,
    service_url: str,
    conversation_type: str = "personal",
    conversation_id: str | None = None,
    mention_bot: bool = False,
    activity_id: str | None = None,
    value: dict[str, Any] | None = None,
    sender: dict[str, str] | None = None,
) -> dict[str, Any]:
    if conversation_id is None:
        conversation_id = CHANNEL_THREAD if conversation_type == "channel" else "a:personal-1"
    activity: dict[str, Any] = {
        "type": "message",
        "id": activity_id or uuid.uuid4().hex,
        "timestamp": "2025-01-01T12:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": sender or USER,
        "conversation": {
            "id": conversation_id,
            "conversationType": conversation_type,
            "tenantId": "tenant-1",
        },
        "recipient": BOT,
        "locale": "en-US",
    }
    if text is not None:
        activity["text"] = f"<at>{BOT['name']}</at> {text}" if mention_bot else text
        activity["textFormat"] = "plain"
    if mention_bot:
        activity["entities"] = [
            {"type": "mention", "mentioned": BOT, "text": f"<at>{BOT['name']}</at>"}
        ]
    if value is not None:
        activity["value"] = value
    return activity


def members_added(
    *members: dict[str, str], service_url: str, conversation_type: str = "personal"
) -> dict[str, Any]:
    return {
        "type": "conversationUpdate",
        "id": uuid.uuid4().hex,
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": USER,
        "recipient": BOT,
        "conversation": {
            "id": "a:personal-1",
            "conversationType": conversation_type,
            "tenantId": "tenant-1",
        },
        "membersAdded": list(members),
    }
