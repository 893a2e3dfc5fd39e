"""Engine replies as Block Kit messages: answers with sources and 👍/👎, salaries as fields.

The result is always a list of messages because a long reply may not fit in one.
"""

from __future__ import annotations

from adapters.slack import messages
from adapters.slack.layout import Block, SlackMessage, context_blocks, paginate, sections
from adapters.slack.mrkdwn import escape, to_mrkdwn
from bot.models import Answer, ErrorReply, HelpReply, JobDescription, Reply, SalaryResult
from bot.untrusted import urls_in

FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"
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
    buttons: list[Block] = []
    if answer_id is not None:
        buttons += [
            _button(messages.HELPFUL_UP, FEEDBACK_UP, answer_id),
            _button(messages.HELPFUL_DOWN, FEEDBACK_DOWN, answer_id),
        ]
    if share_value is not None and len(share_value) <= MAX_BUTTON_VALUE:
        buttons.append(_button(messages.SHARE_BUTTON, SHARE, share_value, style="primary"))
    if buttons:
        footer = [*footer, {"type": "actions", "block_id": "rolebot_actions", "elements": buttons}]
    return paginate(body, footer, fallback)


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
    from bot.salary.format import describe_location, describe_role, describe_source, format_amount

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
    if result.notes:
        footer += context_blocks([escape(n) for n in result.notes])
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
