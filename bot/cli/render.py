"""Replies as terminal text. Adapters have their own renderers; this one is for the CLI."""

from __future__ import annotations

from bot.models import Answer, ErrorReply, HelpReply, JobDescription, Reply, SalaryResult


def format_answer(answer: Answer) -> str:
    lines = [answer.answer]
    if answer.note:
        lines.append(f"\nNote: {answer.note}")
    if answer.sources:
        lines.append("\nSources:")
        lines.extend(f"  [{s.n}] {s.title} › {s.section} ({s.path})" for s in answer.sources)
    return "\n".join(lines)


def format_reply(reply: Reply) -> str:
    if isinstance(reply, Answer):
        return format_answer(reply)
    if isinstance(reply, HelpReply | ErrorReply):
        return reply.text
    if isinstance(reply, SalaryResult):
        from bot.salary.render_text import render_salary_text

        return render_salary_text(reply).rstrip("\n")
    if isinstance(reply, JobDescription):
        # The reviewer notes are already the last block of the Markdown.
        lines = [reply.markdown.rstrip("\n")]
        if reply.note:
            lines.append(f"\nNote: {reply.note}")
        return "\n".join(lines)
    return str(reply)


def print_reply(reply: Reply) -> None:
    print(format_reply(reply))
