"""``ask --json``: one envelope whatever the intent, so a tool parses every reply the same way.

``{"answer", "found", "mode", "intent", "sources", "note"?}`` always; a salary lookup adds
``"salary"`` (exactly what ``rolebot salary --json`` prints) and a job description adds
``"jd"`` (exactly what ``rolebot jd --format json`` prints). ``answer`` is the readable text
a person would see, and ``sources`` name the knowledge sections the figures and bullets
came from, numbered like an answer's citations.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from bot.cli.render import format_reply
from bot.models import (
    Answer,
    ErrorReply,
    HelpReply,
    JobDescription,
    Reply,
    SalaryResult,
    SourceRef,
)
from bot.salary.format import format_amount

EnvelopeIntent = Literal["answer", "salary", "jd", "help"]


def reply_envelope(reply: Reply) -> dict[str, Any]:
    """The JSON object ``ask --json`` prints for ``reply``."""
    if isinstance(reply, Answer):
        sources = reply.to_json()["sources"]
        data = _envelope(reply.answer, reply.found, reply.mode, "answer", sources)
        return _with_note(data, reply.note)
    if isinstance(reply, SalaryResult):
        sources = _grouped((f.source, f"{f.label}: {format_amount(f)}") for f in reply.ranges)
        data = _envelope(format_reply(reply), reply.found, "extractive", "salary", sources)
        data["salary"] = reply.to_json()
        return data
    if isinstance(reply, JobDescription):
        sources = _grouped(
            (bullet.source, bullet.text) for section in reply.sections for bullet in section.bullets
        )
        data = _envelope(format_reply(reply), reply.found, reply.mode, "jd", sources)
        data = _with_note(data, reply.note)
        data["jd"] = reply.to_json()
        return data
    if isinstance(reply, HelpReply):
        return _envelope(reply.text, False, "extractive", "help", [])
    if isinstance(reply, ErrorReply):
        return _envelope(reply.text, False, "extractive", "answer", [])
    raise TypeError(f"no JSON form for {type(reply).__name__}")


def _envelope(
    answer: str, found: bool, mode: str, intent: EnvelopeIntent, sources: list[dict[str, Any]]
) -> dict[str, Any]:
    return {"answer": answer, "found": found, "mode": mode, "intent": intent, "sources": sources}


def _with_note(data: dict[str, Any], note: str | None) -> dict[str, Any]:
    if note:
        data["note"] = note
    return data


def _grouped(lines: Iterable[tuple[SourceRef, str]]) -> list[dict[str, Any]]:
    """One source per knowledge section, in first-use order, holding the lines taken from it.

    ``score`` is null: these sections were read directly, not ranked by retrieval.
    """
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for ref, text in lines:
        grouped.setdefault((ref.title, ref.section, ref.path), [])
        if text not in grouped[(ref.title, ref.section, ref.path)]:
            grouped[(ref.title, ref.section, ref.path)].append(text)
    return [
        {
            "n": n,
            "title": title,
            "section": section,
            "path": path,
            "score": None,
            "text": "\n".join(f"- {line}" for line in texts),
        }
        for n, ((title, section, path), texts) in enumerate(grouped.items(), 1)
    ]
