"""``rolebot chat``: an interactive session with follow-ups (readline editing, ``exit``)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any

from bot.settings import Settings

EXIT_WORDS = {"exit", "quit", ":q", "bye"}


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "chat", help="interactive session; follow-up questions use earlier turns"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    with contextlib.suppress(ImportError):  # not on every platform
        import readline  # noqa: F401  (line editing and history for input())
    from bot.cli.ask import open_bot
    from bot.cli.render import format_reply
    from bot.models import Answer, Request, Turn

    bot = open_bot(settings)
    # A person at a terminal gets the banner and prompts; piped input gets just the answers.
    interactive = sys.stdin.isatty()
    if interactive:
        print("rolebot chat: ask about engineering roles; 'exit' to leave.")
    history: list[Turn] = []
    while True:
        try:
            text = input("you> " if interactive else "").strip()
        except EOFError:
            if interactive:
                print()
            return 0
        if text.lower() in EXIT_WORDS:
            return 0
        if not text:
            continue
        reply = bot.handle(Request(text=text, history=history[-settings.history_turns :]))
        rendered = format_reply(reply)
        print(f"rolebot> {rendered}\n" if interactive else f"{rendered}\n", flush=True)
        history.append(Turn("user", text))
        summary = reply.answer if isinstance(reply, Answer) else rendered[:500]
        history.append(Turn("assistant", summary))
