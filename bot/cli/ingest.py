"""``rolebot ingest``: bring the index in line with the knowledge directory."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.settings import Settings

OWN_KNOWLEDGE = "put Markdown files in ./knowledge to use your own"


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "ingest", help="build or update the index from the knowledge directory"
    )
    parser.add_argument("--knowledge", type=Path, metavar="DIR", help="knowledge directory")
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.embeddings.factory import build_embeddings
    from bot.errors import KnowledgeError
    from bot.index.chroma import open_chroma
    from bot.index.ingest import ingest

    knowledge = args.knowledge or settings.knowledge_dir
    hint = "" if args.knowledge or not settings.knowledge_is_bundled else f" ({OWN_KNOWLEDGE})"
    print(f"Knowledge: {knowledge_source(settings, override=args.knowledge)}{hint}")
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


def knowledge_source(settings: Settings, *, override: Path | None = None) -> str:
    """Which knowledge directory is used and why, so nobody wonders what was indexed."""
    if override is not None:
        return f"{override} (--knowledge)"
    if "knowledge_dir" in settings.model_fields_set:
        return f"{settings.knowledge_dir} (ROLEBOT_KNOWLEDGE_DIR)"
    if settings.knowledge_is_bundled:
        return f"the guide bundled with rolebot, {settings.knowledge_dir}"
    return "./knowledge in the working directory"
