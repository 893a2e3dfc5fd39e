"""``rolebot feedback``: what users thought of the answers, from whichever store is configured
(``ROLEBOT_DATABASE_URL``, else the SQLite file), so one command sees every replica's votes."""

from __future__ import annotations

import argparse
from typing import Any

from bot.settings import Settings


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("feedback", help="summarise 👍/👎 feedback")
    parser.add_argument("--recent", type=int, default=5, help="how many recent 👎 to list")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.feedback import FeedbackStore

    if settings.database_url is None:
        try:
            present = settings.feedback_path.exists()
        except OSError:  # an unreadable directory: the store says so in one line
            present = True
        if not present:  # nothing to read, and nothing to create
            print("No feedback yet.")
            return 0
    store = FeedbackStore.open(settings, create=False)
    try:
        if not store.exists:
            print("No feedback yet.")
            return 0
        summary = store.summary(recent=args.recent)
    finally:
        store.close()
    total = summary.up + summary.down
    if not total:
        print("No feedback yet.")
        return 0
    print(
        f"Feedback: {total} votes, {summary.up} 👍 / {summary.down} 👎 "
        f"({summary.up / total:.0%} positive)"
    )
    for mode, (up, down) in sorted(summary.by_mode.items()):
        print(f"  {mode}: {up} 👍 / {down} 👎")
    if summary.recent_down:
        print("Recent 👎:")
        for question, sources in summary.recent_down:
            cited = sources.replace("\n", "; ") or "no sources"
            print(f"  - {question}  [{cited}]")
    return 0
