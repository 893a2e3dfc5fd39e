"""``rolebot salary "QUERY" [--location LOC] [--json]``: figures from the salary table."""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.errors import UsageError
from bot.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "salary",
        help="look up salary figures for a role",
        description="Salary figures from the knowledge base, each with its source. "
        'Example: rolebot salary "senior mlops engineer" --location "New York"',
    )
    parser.add_argument(
        "query", help='role, level and place in plain words, e.g. "lead ML engineer NYC"'
    )
    parser.add_argument("--location", help="place to look for (overrides one in the query)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.dispatch import load_feature_knowledge
    from bot.salary import lookup_salary, render_salary_text

    if not args.query.strip():
        raise UsageError('the salary query is empty; try: rolebot salary "lead mlops engineer"')
    # A bad knowledge file is a KnowledgeError: one line and exit 1, like every command.
    table = load_feature_knowledge(
        settings.knowledge_dir, max_bytes=settings.max_knowledge_file_size
    ).table
    result = lookup_salary(table, args.query, location=args.location)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print(render_salary_text(result), end="")
    return 0 if result.found else 1
