"""``rolebot feedback``: what users thought of the answers."""

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

    try:
        present = settings.feedback_path.exists()
    except OSError:  # an unreadable directory: the store says so in one line
        present = True
    if not present:  # nothing to read, and nothing to create
        print("No feedback yet.")
        return 0
    summary = FeedbackStore(settings.feedback_path).summary(recent=args.recent)
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
