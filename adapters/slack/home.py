"""The App Home tab: what rolebot covers, questions to try, how to ask, who sees salaries.

Everything shown comes from the engine's guide (``bot.guide``): the documents and their
"last reviewed" dates, the suggested questions, and the salary allow-lists (read out when
short, counted when long). Each question is a button that asks it in the user's DM.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from adapters.slack import messages
from adapters.slack.layout import Block, context_blocks, mrkdwn
from adapters.slack.mrkdwn import escape
from bot import KnowledgeGuide, Request, SalaryAccess

HOME_ASK = "rolebot_home_ask"
MAX_BUTTON_TEXT = 75


def home_view(guide: KnowledgeGuide | None, *, user: str, dm_channel: str | None) -> Block:
    """The Home tab for ``user``; ``dm_channel`` is where a question button asks."""
    viewer = Request("", platform="slack", user_id=user)
    blocks: list[Block] = [{"type": "header", "text": _plain(messages.HOME_TITLE)}]
    if guide is not None:
        blocks.append(_section(escape(guide.greeting())))
    blocks += [{"type": "divider"}, _section(messages.HOME_COVERS)]
    covered = guide.coverage() if guide else []
    for doc in covered:
        line = messages.HOME_DOCUMENT.format(
            title=escape(doc.title),
            reviewed=escape(doc.last_reviewed or messages.HOME_NOT_REVIEWED),
        )
        topics = ", ".join(escape(t) for t in doc.topics)
        blocks.append(_section(f"{line}\n{topics}" if topics else line))
    if not covered:
        blocks.append(_section(messages.HOME_NOTHING_COVERED))
    prompts = guide.suggested_prompts(viewer) if guide else []
    if prompts:
        blocks.append(_section(messages.HOME_TRY))
        buttons = [
            {
                "type": "button",
                "action_id": f"{HOME_ASK}:{n}",
                "text": _plain(_fit(p.title)),
                "value": json.dumps({"q": p.message, "c": dm_channel}, ensure_ascii=False),
            }
            for n, p in enumerate(prompts)
        ]
        blocks.append({"type": "actions", "block_id": HOME_ASK, "elements": buttons})
        blocks += context_blocks([escape(" · ".join(p.message for p in prompts))])
    blocks += [{"type": "divider"}, _section(messages.HOME_HOW)]
    if guide is not None:  # the examples are the knowledge's own
        examples = {k: escape(v) for k, v in asdict(guide.examples()).items()}
        blocks.append(_section(messages.HOME_COMMANDS.format(**examples)))
    if guide is not None:
        access = guide.salary_access(viewer)
        blocks += [{"type": "divider"}, _section(messages.HOME_SALARY)]
        blocks.append(_section(describe_salary_access(access)))
    return {"type": "home", "blocks": blocks}


def describe_salary_access(access: SalaryAccess) -> str:
    """Who may see figures, as Slack mentions (Slack shows the names), then the viewer."""
    if not access.restricted:
        return messages.SALARY_EVERYONE
    if access.users or access.channels:
        names = [f"<@{u}>" for u in access.users] + [f"anyone in <#{c}>" for c in access.channels]
        who = messages.SALARY_LISTED.format(who=_joined(names))
    elif access.user_count or access.channel_count:
        who = messages.SALARY_COUNTED.format(
            people=_count(access.user_count, "person", "people"),
            channels=_count(access.channel_count, "channel", "channels"),
        )
    else:
        who = messages.SALARY_NOBODY
    you = messages.SALARY_YOU_MAY if access.viewer_allowed else messages.SALARY_YOU_MAY_NOT
    return f"{who} {you}"


def parse_home_question(value: str) -> tuple[str, str | None] | None:
    """``(question, dm_channel)`` from a Home button's value."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("q"), str) or not data["q"]:
        return None
    channel = data.get("c")
    return data["q"], channel if isinstance(channel, str) and channel else None


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _fit(text: str) -> str:
    return text if len(text) <= MAX_BUTTON_TEXT else text[: MAX_BUTTON_TEXT - 1] + "…"


def _section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text, "emoji": True}
