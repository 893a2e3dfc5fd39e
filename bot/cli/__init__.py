"""The ``rolebot`` command line. Each command lives in its own module with ``register``.

Commands import their heavy dependencies inside ``run`` so that ``rolebot --help`` and
a cold ``rolebot ask`` load only what they use.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.errors import RolebotError
from bot.settings import load_settings

# Module names under bot.cli, in the order they appear in --help.
COMMANDS = ("ingest", "ask", "chat", "salary", "jd", "eval", "feedback", "serve", "teams_package")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rolebot", description="Answers about engineering roles from a curated knowledge base."
    )
    parser.add_argument("-V", "--version", action="version", version=f"rolebot {__version__}")
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


def main(argv: Sequence[str] | None = None, *, outcome: dict[str, bool] | None = None) -> int:
    """Run one command; ``outcome["fast_exit"]`` says the process may skip its teardown."""
    parser = build_parser()
    args = parser.parse_args(argv)
    created: Path | None = None
    code = 1  # until the command says otherwise (an unexpected exception counts as failed)
    try:
        settings = load_settings()
        if args.command != "serve" and "log_level" not in settings.model_fields_set:
            # Commands speak in their own one-line messages; the engine's and libraries'
            # warnings (meant for a server's logs) would only repeat them. Errors still show.
            logging.getLogger().setLevel(logging.ERROR)
        created = None if _exists(settings.data_dir) else settings.data_dir
        code = int(args.run(args, settings))
        if outcome is not None:
            outcome["fast_exit"] = bool(getattr(args, "fast_exit", False))
        return code
    except RolebotError as exc:  # the one place an error becomes an exit code (bot.errors)
        code = exc.exit_code
        print(f"rolebot: {exc.user_message}", file=sys.stderr)
        return code
    except KeyboardInterrupt:
        code = 130
        return code
    except BrokenPipeError:  # output piped into `head` and closed early
        code = 0
        sys.stderr.close()
        return code
    finally:
        if code != 0 and created is not None:
            _remove_made(created)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # unreadable: it is there, and not ours to remove
        return True


def _remove_made(data_dir: Path) -> None:
    """A failed command leaves no data directory behind that it created itself (an empty or
    half-built ``.rolebot/`` in the working directory is clutter that hides the failure)."""
    if data_dir.is_dir():
        shutil.rmtree(data_dir, ignore_errors=True)


def console() -> None:
    """The ``rolebot`` executable.

    A read-only command that wrote nothing ends with ``os._exit`` once its output is
    flushed: tearing down chromadb's and onnxruntime's native state takes ~0.3 s of a
    ~2 s cold ``rolebot ask`` and has nothing left to save.
    """
    outcome: dict[str, bool] = {}
    code = main(outcome=outcome)
    if outcome.get("fast_exit"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    console()
