"""The ``rolebot`` command line. Each command lives in its own module with ``register``.

Commands import their heavy dependencies inside ``run`` so that ``rolebot --help`` and
a cold ``rolebot ask`` load only what they use.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot.knowledge.documents import KnowledgeError
from bot.settings import ConfigError, load_settings

# Module names under bot.cli, in the order they appear in --help.
COMMANDS = ("ingest", "ask", "chat", "salary", "jd", "eval", "feedback", "serve", "teams_package")


class UsageError(Exception):
    """Bad arguments or input the user can fix; printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rolebot", description="Answers about engineering roles from a curated knowledge base."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"bot.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bot.cli.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        code: int = args.run(args, settings)
        return code
    except (ConfigError, UsageError) as exc:
        print(f"rolebot: {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        print(f"rolebot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
