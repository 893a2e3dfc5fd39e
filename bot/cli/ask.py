"""``rolebot ask "QUESTION" [--json]``: one answer, building the index first if needed.

The question may come from standard input (``rolebot ask -``, or ``echo q | rolebot ask``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from bot.errors import DependencyError, UsageError
from bot.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.index.ingest import IngestReport
    from bot.models import Reply
    from bot.service import RoleBot


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("ask", help="answer one question")
    parser.add_argument(
        "question",
        nargs="?",
        help='the question, in quotes; "-" (or nothing, when piped) reads standard input',
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def open_bot(
    settings: Settings, *, on_build: Callable[[IngestReport], None] | None = None
) -> RoleBot:
    """The bot for a command (:func:`bot.app.open_rolebot`), saying on stderr when the
    index has to be built first."""
    from bot.app import open_rolebot

    def announce() -> None:
        from bot.cli.ingest import knowledge_source

        if sys.stderr.isatty():  # a script gets the one-line summary below, not chatter
            source = knowledge_source(settings)
            print(f"rolebot: no index yet, building it from {source}…", file=sys.stderr)

    def built(report: IngestReport) -> None:
        print(f"rolebot: {report.summary()}", file=sys.stderr)
        if on_build is not None:
            on_build(report)

    return open_rolebot(settings, before_build=announce, on_build=built)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.render import print_reply
    from bot.errors import KnowledgeError
    from bot.models import ErrorReply, Request

    question = read_question(args.question, limit=settings.max_question_chars)
    built: list[IngestReport] = []
    try:
        bot = open_bot(settings, on_build=built.append)
    except KnowledgeError as exc:
        raise KnowledgeError(f"cannot build the index: {exc.user_message}") from None
    reply = bot.handle(Request(text=question))
    if isinstance(reply, ErrorReply) and reply.unavailable:
        raise DependencyError(reply.text)
    args.fast_exit = not built  # nothing was written, so nothing needs an orderly shutdown
    if args.json:
        print(json.dumps(reply_json(reply), ensure_ascii=False))
    else:
        print_reply(reply)
    return 0


# Enough for any question; a larger paste is refused without reading it all.
MAX_STDIN_CHARS = 1_000_000


def read_question(argument: str | None, *, limit: int) -> str:
    """The question from the command line or standard input, checked like the chat adapters
    check a message, except that a problem is a usage error (exit 2), not a polite reply."""
    if argument is None and sys.stdin.isatty():
        raise UsageError('give a question, e.g. rolebot ask "what does a lead MLOps engineer do?"')
    if argument is None or argument == "-":
        try:
            argument = sys.stdin.read(MAX_STDIN_CHARS)
        except UnicodeDecodeError:
            raise UsageError("the question on standard input is not UTF-8 text.") from None
    question = argument.strip()
    if not question:
        raise UsageError('the question is empty; try rolebot ask "what does a lead MLOps do?"')
    if len(question) > limit:
        raise UsageError(
            f"the question is {len(question):,} characters long and the limit is {limit:,} "
            "(ROLEBOT_MAX_QUESTION_CHARS); ask just the question."
        )
    return question


def reply_json(reply: Reply) -> dict[str, Any]:
    """The one ``ask --json`` envelope, whatever the intent (see :mod:`bot.cli.envelope`)."""
    from bot.cli.envelope import reply_envelope

    return reply_envelope(reply)
