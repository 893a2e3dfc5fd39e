"""``rolebot ask "QUESTION" [--json]``: one answer, building the index first if needed."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
from typing import TYPE_CHECKING, Any

from bot.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.embeddings.base import TextEmbedder
    from bot.index.ingest import IngestReport
    from bot.service import RoleBot


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("ask", help="answer one question")
    parser.add_argument("question", help="the question, in quotes")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def open_bot(
    settings: Settings, *, on_build: Callable[[IngestReport], None] | None = None
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
    client = open_chroma(settings)
    warm.join()
    if read_pointer(client) is None:
        print("rolebot: no index yet, building it from the knowledge base…", file=sys.stderr)
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
    return build_rolebot(settings, client=client, embedder=embedder)


def _warm(embedder: TextEmbedder) -> None:
    warm_up = getattr(embedder, "warm_up", None)
    if callable(warm_up):
        with contextlib.suppress(Exception):  # the first real query reports any problem
            warm_up()


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.render import print_reply
    from bot.knowledge.documents import KnowledgeError
    from bot.models import Request

    built: list[IngestReport] = []
    try:
        bot = open_bot(settings, on_build=built.append)
    except KnowledgeError as exc:
        print(f"rolebot: cannot build the index: {exc}", file=sys.stderr)
        return 1
    reply = bot.handle(Request(text=args.question))
    args.fast_exit = not built  # nothing was written, so nothing needs an orderly shutdown
    if args.json:
        print(json.dumps(reply_json(reply), ensure_ascii=False))
    else:
        print_reply(reply)
    return 0


def reply_json(reply: Any) -> dict[str, Any]:
    """The JSON form of any reply; questions keep the exact ``ask --json`` contract."""
    from bot.models import Answer, ErrorReply, HelpReply

    if isinstance(reply, Answer):
        return reply.to_json()
    if isinstance(reply, ErrorReply | HelpReply):
        return {"answer": reply.text, "found": False, "mode": "extractive", "sources": []}
    to_json = getattr(reply, "to_json", None)
    if callable(to_json):
        data: dict[str, Any] = to_json()
        return data
    from dataclasses import asdict

    return asdict(reply)
