"""Engine replies as Block Kit messages: answers with sources and 👍/👎, salaries as fields.

The result is always a list of messages because a long reply may not fit in one.

An answer's 👍/👎 are Slack's native ``feedback_buttons`` in a ``context_actions`` block.
A surface that refuses that block (Slack answers ``invalid_blocks``) gets the hand-made
buttons instead (:func:`with_classic_feedback`); both kinds store the same vote, and
buttons on messages sent before the switch keep working.
"""

from __future__ import annotations

from adapters.slack import messages
from adapters.slack.layout import Block, SlackMessage, context_blocks, paginate, sections
from adapters.slack.mrkdwn import escape, to_mrkdwn
from bot import Answer, ErrorReply, HelpReply, JobDescription, Reply, SalaryResult
from bot.toolkit import urls_in

FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"
# The native feedback_buttons element: one action id, the vote and answer in the value.
FEEDBACK = "rolebot_feedback"
FEEDBACK_BLOCK_ID = "rolebot_feedback"
SHARE = "share_reply"
MAX_BUTTON_VALUE = 2000


def render(
    reply: Reply,
    *,
    answer_id: str | None = None,
    share_value: str | None = None,
    preface: str | None = None,
) -> list[SlackMessage]:
    """``reply`` as Slack messages; ``answer_id`` adds feedback buttons, ``share_value`` a
    "Share in channel" button (for ephemeral replies), ``preface`` a grey first line."""
    if isinstance(reply, Answer):
        body, footer, fallback = _answer(reply)
    elif isinstance(reply, SalaryResult):
        body, footer, fallback = _salary(reply)
    elif isinstance(reply, JobDescription) and reply.found:
        body, footer, fallback = _job_description(reply)
    elif isinstance(reply, JobDescription):  # nothing drafted: only the sentence saying why
        text = reply.markdown.strip()
        body, footer, fallback = sections(escape(text)), [], text
    else:
        text = reply.text if isinstance(reply, HelpReply | ErrorReply) else str(reply)
        body, footer, fallback = sections(to_mrkdwn(text)), [], text
    if preface is not None:
        body = [*context_blocks([preface]), *body]
    if answer_id is not None:
        footer = [*footer, feedback_block(answer_id)]
    if share_value is not None and len(share_value) <= MAX_BUTTON_VALUE:
        button = _button(messages.SHARE_BUTTON, SHARE, share_value, style="primary")
        footer = [*footer, {"type": "actions", "block_id": "rolebot_share", "elements": [button]}]
    return paginate(body, footer, fallback)


def answer_footer(answer: Answer, answer_id: str | None) -> list[Block]:
    """What ends a streamed answer when the stream stops: note, sources and 👍/👎."""
    footer = _answer(answer)[1]
    return [*footer, feedback_block(answer_id)] if answer_id is not None else footer


def feedback_block(answer_id: str) -> Block:
    """Slack's native 👍/👎 for an answer; each button's value is ``up:`` or ``down:`` and
    the answer id, so one action handler stores either vote."""

    def side(text: str, vote: str, label: str) -> Block:
        return {
            "text": _plain(text),
            "value": f"{vote}:{answer_id}",
            "accessibility_label": label,
        }

    element = {
        "type": "feedback_buttons",
        "action_id": FEEDBACK,
        "positive_button": side(messages.HELPFUL_UP, "up", messages.HELPFUL_UP_LABEL),
        "negative_button": side(messages.HELPFUL_DOWN, "down", messages.HELPFUL_DOWN_LABEL),
    }
    return {"type": "context_actions", "block_id": FEEDBACK_BLOCK_ID, "elements": [element]}


def with_classic_feedback(blocks: list[Block]) -> list[Block] | None:
    """``blocks`` with native feedback swapped for 👍/👎 buttons; None when there is none."""
    swapped = False
    result: list[Block] = []
    for block in blocks:
        if block.get("type") != "context_actions":
            result.append(block)
            continue
        swapped = True
        buttons: list[Block] = []
        for element in block.get("elements") or []:
            if element.get("type") != "feedback_buttons":
                continue
            answer_id = str(element["positive_button"]["value"]).partition(":")[2]
            buttons += [
                _button(messages.HELPFUL_UP, FEEDBACK_UP, answer_id),
                _button(messages.HELPFUL_DOWN, FEEDBACK_DOWN, answer_id),
            ]
        if buttons:
            result.append({"type": "actions", "block_id": "rolebot_actions", "elements": buttons})
    return result if swapped else None


def parse_feedback_value(value: str) -> tuple[str, str] | None:
    """``("up" | "down", answer_id)`` from a native feedback button's value."""
    vote, _, answer_id = value.partition(":")
    if vote not in ("up", "down") or not answer_id:
        return None
    return vote, answer_id


def render_text(text: str) -> list[SlackMessage]:
    """A plain sentence of ours (status, refusal, error) as one message."""
    return paginate(sections(escape(text)), [], text)


def _answer(answer: Answer) -> tuple[list[Block], list[Block], str]:
    footer: list[Block] = []
    if answer.note:
        footer += context_blocks([f":warning: {escape(answer.note)}"])
    if answer.sources:
        lines = [messages.SOURCES_HEADING]
        lines += [f"[{s.n}] {escape(_source_label(s.title, s.section))}" for s in answer.sources]
        footer += context_blocks(lines)
    links = urls_in(s.text for s in answer.sources)
    return sections(to_mrkdwn(answer.answer, links=links)), footer, answer.answer


def _salary(result: SalaryResult) -> tuple[list[Block], list[Block], str]:
    from bot import describe_location, describe_role, describe_source, format_amount

    body: list[Block] = []
    if result.message and result.message not in result.notes:
        body += sections(escape(result.message))
    for f in result.ranges:
        label = f"{f.label}, {f.year}" if f.year else f.label
        values = (
            describe_role(f),
            f"{format_amount(f)} ({label})",
            describe_location(f),
            describe_source(f),
        )
        fields = [
            {"type": "mrkdwn", "text": f"{name}\n{escape(value)}"[:2000]}
            for name, value in zip(messages.SALARY_FIELDS, values, strict=True)
        ]
        body.append({"type": "section", "fields": fields})
    footer: list[Block] = []
    if notes := result.notes_below():
        footer += context_blocks([escape(n) for n in notes])
    if not result.found and result.known_roles:
        roles = ", ".join(result.known_roles)
        footer += context_blocks([escape(messages.SALARY_KNOWN_ROLES.format(roles=roles))])
    fallback = result.message or result.query
    return body or sections(escape(fallback)), footer, fallback


def _job_description(jd: JobDescription) -> tuple[list[Block], list[Block], str]:
    body: list[Block] = [{"type": "header", "text": _plain(jd.title[:150])}]
    sources: dict[str, None] = {}
    for section in jd.sections:
        lines = [f"*{escape(section.heading)}*"]
        if section.paragraph:
            lines.append(escape(section.paragraph))
        for bullet in section.bullets:
            lines.append(f"• {escape(bullet.text)}")
            sources[_source_label(bullet.source.title, bullet.source.section)] = None
        lines += [f"_{escape(p)}_" for p in section.placeholders]
        body += sections("\n".join(lines))
    footer: list[Block] = []
    if jd.notes:
        heading = f"*{escape(messages.JD_REVIEWER_NOTES)}*"
        footer += context_blocks([heading, *(escape(n) for n in jd.notes)])
    if sources:
        footer += context_blocks([messages.SOURCES_HEADING, *(escape(s) for s in sources)])
    return body, footer, jd.title


def _source_label(title: str, section: str) -> str:
    if not section or section == title:
        return title
    return f"{title} › {section}"


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text, "emoji": True}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {"type": "button", "text": _plain(text), "action_id": action_id, "value": value}
    if style:
        button["style"] = style
    return button
