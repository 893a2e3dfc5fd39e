"""The Teams bot: which activities get an answer, a greeting, a stored vote, or nothing."""

from __future__ import annotations

import asyncio

from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.schema import Activity, ChannelAccount

from adapters.teams import messages
from adapters.teams.cards.adaptive import text_activity
from adapters.teams.cards.welcome import welcome_activity
from adapters.teams.commands import sender_ids, to_request
from adapters.teams.delivery import AnswerDelivery
from adapters.teams.history import ConversationHistory
from adapters.teams.mentions import (
    PERSONAL,
    conversation_type,
    is_addressed_to_bot,
    text_without_mention,
)
from adapters.teams.votes import (
    CARD_ACTION_INVOKE,
    VoteSubmit,
    parse_vote,
    refuse_card_action,
    voter_id,
)
from bot import FeedbackStore, KnowledgeGuide, Request
from bot import messages as core_messages


class RoleBotActivityHandler(ActivityHandler):  # type: ignore[misc]
    """Personal chats: every message is a question. Group chats and channels: @mentions only."""

    def __init__(
        self,
        *,
        delivery: AnswerDelivery,
        history: ConversationHistory,
        feedback: FeedbackStore,
        guide: KnowledgeGuide | None = None,
    ) -> None:
        self.delivery = delivery
        self.history = history
        self.feedback = feedback
        self.guide = guide

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        sender, bot = activity.from_property, activity.recipient
        if sender is not None and bot is not None and sender.id and sender.id == bot.id:
            return  # our own message echoed back
        await super().on_turn(turn_context)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        if turn_context.activity.name == CARD_ACTION_INVOKE:
            return refuse_card_action(turn_context.activity)
        response: InvokeResponse | None = await super().on_invoke_activity(turn_context)
        return response

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        vote = parse_vote(activity)
        if vote is not None:
            await self._record_vote(turn_context, vote)
            return
        if not is_addressed_to_bot(activity):
            return
        question = text_without_mention(activity)
        if not question and activity.value is not None:
            return  # a card submit that is not one of our votes
        user_id, channel_id = sender_ids(activity)
        request = to_request(
            question,
            await self.history.turns(turn_context),
            user_id=user_id,
            channel_id=channel_id,
        )
        await self.delivery.answer(turn_context, question, request)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        if conversation_type(activity) != PERSONAL:
            return
        if not any(member.id == bot_id for member in members_added):
            return  # someone else joined: noise
        if await self.history.greet_once(turn_context):
            await turn_context.send_activity(self._welcome(activity))

    def _welcome(self, activity: Activity) -> Activity:
        """The greeting with the same suggested questions as Slack's assistant pane."""
        if self.guide is None:
            return text_activity(messages.GREETING)
        user_id, channel_id = sender_ids(activity)
        asker = Request("", platform="teams", user_id=user_id, channel_id=channel_id)
        greeting = f"{self.guide.greeting()} {core_messages.TRY_OR_HELP}"
        return welcome_activity(greeting, self.guide.suggested_prompts(asker))

    async def _record_vote(self, turn_context: TurnContext, vote: VoteSubmit) -> None:
        stored = await asyncio.to_thread(
            self.feedback.record_vote,
            answer_id=vote.answer_id,
            voter=voter_id(turn_context.activity),
            vote=vote.vote,
        )
        if not stored:
            text = messages.VOTE_UNKNOWN
        elif vote.vote == "up":
            text = messages.VOTE_THANKS_UP
        else:
            text = messages.VOTE_THANKS_DOWN
        await turn_context.send_activity(text_activity(text))
