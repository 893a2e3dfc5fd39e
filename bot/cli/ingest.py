"""``rolebot ingest``: bring the index in line with the knowledge directory."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.settings import Settings


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "ingest", help="build or update the index from the knowledge directory"
    )
    parser.add_argument("--knowledge", type=Path, metavar="DIR", help="knowledge directory")
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.embeddings.factory import build_embeddings
    from bot.index.client import open_chroma
    from bot.index.ingest import ingest
    from bot.knowledge.documents import KnowledgeError

    knowledge = args.knowledge or settings.knowledge_dir
    try:
        report = ingest(
            client=open_chroma(settings),
            embedder=build_embeddings(settings),
            knowledge_dir=knowledge,
            rebuild=args.rebuild,
            max_file_bytes=settings.max_knowledge_file_size,
            on_wait=lambda: print(
                "rolebot: another ingest is running on this index; waiting for it to finish…",
                file=sys.stderr,
            ),
        )
    except KnowledgeError as exc:
        print(f"rolebot: ingest stopped, nothing changed: {exc}", file=sys.stderr)
        print(
            "rolebot: the previous index and salary table (if any) are still serving.",
            file=sys.stderr,
        )
        return 1
    print(report.summary())
    return 0
