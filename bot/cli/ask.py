"""``rolebot ask "QUESTION" [--json]``: one answer, building the index first if needed."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.service import RoleBot


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("ask", help="answer one question")
    parser.add_argument("question", help="the question, in quotes")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def open_bot(settings: Settings) -> RoleBot:
    """The bot over an index that exists: builds it on first use, quietly."""
    from bot.app import build_rolebot
    from bot.embeddings.factory import build_embeddings
    from bot.index.client import open_chroma
    from bot.index.ingest import ingest
    from bot.index.pointer import read_pointer

    client = open_chroma(settings)
    embedder = build_embeddings(settings)
    if read_pointer(client) is None:
        print("rolebot: no index yet, building it from the knowledge base…", file=sys.stderr)
        report = ingest(
            client=client, embedder=embedder, knowledge_dir=settings.knowledge_dir, progress=False
        )
        print(f"rolebot: {report.summary()}", file=sys.stderr)
    return build_rolebot(settings, client=client, embedder=embedder)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.render import print_reply
    from bot.knowledge.documents import KnowledgeError
    from bot.models import Request

    try:
        bot = open_bot(settings)
    except KnowledgeError as exc:
        print(f"rolebot: cannot build the index: {exc}", file=sys.stderr)
        return 1
    reply = bot.handle(Request(text=args.question))
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
