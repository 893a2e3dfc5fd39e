"""``rolebot ask "QUESTION" [--json]``: one answer, building the index first if needed.

The question may come from standard input (``rolebot ask -``, or ``echo q | rolebot ask``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
from typing import TYPE_CHECKING, Any

from bot.errors import DependencyError, UsageError
from bot.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.embeddings.base import TextEmbedder
    from bot.index.ingest import IngestReport
    from bot.models import Reply
    from bot.service import RoleBot
    from bot.state import SharedState


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
    settings: Settings,
    *,
    on_build: Callable[[IngestReport], None] | None = None,
    shared: SharedState | None = None,
) -> RoleBot:
    """The bot over an index that exists: builds it on first use, quietly."""
    from bot.app import build_rolebot
    from bot.embeddings.factory import build_embeddings
    from bot.index.client import open_chroma
    from bot.index.ingest import ingest
    from bot.index.pointer import read_pointer

    embedder = build_embeddings(settings)
    # Load the model on the second core while Chroma imports and opens on this one.
    warm = threading.Thread(target=_warm, args=(embedder,), daemon=True)
    warm.start()
    try:
        client = open_chroma(settings)
    finally:
        # Even when Chroma is unreachable: exiting while onnxruntime loads in another thread
        # aborts the process ("terminate called without an active exception").
        warm.join()
    if read_pointer(client) is None:
        from bot.cli.ingest import knowledge_source

        if sys.stderr.isatty():  # a script gets the one-line summary below, not chatter
            source = knowledge_source(settings)
            print(f"rolebot: no index yet, building it from {source}…", file=sys.stderr)
        report = ingest(
            client=client,
            embedder=embedder,
            knowledge_dir=settings.knowledge_dir,
            progress=False,
            max_file_bytes=settings.max_knowledge_file_size,
        )
        print(f"rolebot: {report.summary()}", file=sys.stderr)
        if on_build is not None:
            on_build(report)
    return build_rolebot(settings, client=client, embedder=embedder, shared=shared)


def _warm(embedder: TextEmbedder) -> None:
    warm_up = getattr(embedder, "warm_up", None)
    if callable(warm_up):
        with contextlib.suppress(Exception):  # the first real query reports any problem
            warm_up()


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
