"""Earlier turns of a Teams conversation, kept in botbuilder's ConversationState.

Stored as plain dicts so any botbuilder ``Storage`` (memory, file, Cosmos, Blob) can
persist them. In channels the conversation id includes the thread, so each reply chain
has its own history.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import ConversationState, TurnContext

from bot import Turn
from bot.toolkit import DEFAULT_HISTORY_TURNS, recent_turns

MAX_TURN_CHARS = 2_000


class ConversationHistory:
    """Reads and appends the turns of the conversation a TurnContext belongs to."""

    def __init__(self, state: ConversationState, *, max_turns: int = DEFAULT_HISTORY_TURNS) -> None:
        """``max_turns`` is ROLEBOT_HISTORY_TURNS: older turns are not kept."""
        self.state = state
        self.max_turns = max_turns
        self._turns = state.create_property("history")
        self._greeted = state.create_property("greeted")

    async def turns(self, context: TurnContext) -> list[Turn]:
        stored: list[dict[str, Any]] = await self._turns.get(context, list) or []
        return [Turn(role=t["role"], text=t["text"]) for t in stored if t.get("role") in _ROLES]

    async def append(self, context: TurnContext, question: str, answer: str) -> None:
        """Adds one exchange and saves at once (late answers arrive on their own turn)."""
        await self.state.load(context, force=True)
        stored: list[dict[str, Any]] = await self._turns.get(context, list) or []
        stored = [
            *stored,
            {"role": "user", "text": question[:MAX_TURN_CHARS]},
            {"role": "assistant", "text": answer[:MAX_TURN_CHARS]},
        ]
        await self._turns.set(context, recent_turns(stored, self.max_turns))
        await self.state.save_changes(context)

    async def greet_once(self, context: TurnContext) -> bool:
        """True the first time it is asked for this conversation, False ever after."""
        await self.state.load(context)
        if await self._greeted.get(context, False):
            return False
        await self._greeted.set(context, True)
        await self.state.save_changes(context)
        return True


_ROLES = {"user", "assistant"}
