"""``rolebot jd "ROLE" [--level L] [--location LOC] [--industry I] [--remote] [--format ...]``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.errors import UsageError
from bot.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "jd",
        help="draft a job description from the knowledge base",
        description="A postable job-description draft; every bullet comes from the knowledge "
        'base. Example: rolebot jd "MLOps engineer" --level senior --industry healthcare --remote',
    )
    parser.add_argument(
        "role", help='the role, optionally with level and place: "senior MLOps engineer"'
    )
    parser.add_argument("--level", help="junior, mid-level, senior, lead, team lead or director")
    parser.add_argument("--location", help="where the role is based")
    parser.add_argument("--industry", help="healthcare, finance, e-commerce (others are noted)")
    parser.add_argument("--remote", action="store_true", help="the role is remote")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.dispatch import load_feature_knowledge
    from bot.jobdesc import draft_job_description, parse_jd_options
    from bot.llm import build_chat_model
    from bot.salary.phrases import LEVELS, canonical_level

    if args.level and canonical_level(args.level) is None:
        raise UsageError(f"--level {args.level!r} is not one of: {', '.join(LEVELS)}.")
    request = parse_jd_options(args.role)
    knowledge = load_feature_knowledge(
        settings.knowledge_dir, max_bytes=settings.max_knowledge_file_size
    )
    draft = draft_job_description(
        knowledge.documents,
        knowledge.table,
        role=request.role,
        level=args.level or request.level,
        location=args.location or request.location,
        industry=args.industry or request.industry,
        remote=args.remote or request.remote,
        arrangement=request.arrangement,
        chat_model=build_chat_model(settings),
        prompts_dir=settings.prompts_dir,
    )
    if args.format == "json":
        print(json.dumps(draft.to_json(), indent=2, ensure_ascii=False))
    else:
        print(draft.markdown, end="")
        if draft.found and draft.notes:
            # The notes are in the file; say so where a person running a redirect sees it.
            print(
                f"rolebot: the draft ends with {len(draft.notes)} reviewer notes; "
                "delete that block before posting.",
                file=sys.stderr,
            )
    return 0 if draft.found else 1
