"""``rolebot eval``: print metrics for both splits; ``--check`` gates on the held-out split."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.errors import UsageError
from bot.settings import Settings


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("eval", help="run the evaluation set")
    parser.add_argument("--file", type=Path, help="evaluation file (default: eval/questions.yaml)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a held-out metric is on the wrong side of its threshold",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every failed case")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answering.followup import retrieval_query
    from bot.cli.ask import open_bot
    from bot.evaluation import SPLITS, below_thresholds, evaluate_splits, load_cases
    from bot.models import Answer, Request, Turn

    path = args.file or settings.eval_path
    try:
        cases, thresholds = load_cases(path)
    except OSError as exc:
        raise UsageError(f"cannot read the evaluation file {path}: {exc.strerror}.") from None
    bot = open_bot(settings)
    similarities: dict[str, float] = {}

    def rank(question: str, history: list[Turn]) -> list[tuple[str, bool]]:
        hits = bot.index.retriever().search(retrieval_query(question, history))
        similarities[question] = max((h.similarity for h in hits), default=0.0)
        return [(h.chunk.section, h.chunk.group) for h in hits]

    def answer(question: str, history: list[Turn]) -> Answer:
        """What a user would get: routed like any chat message, shown as an answer."""
        reply = bot.handle(Request(text=question, history=history))
        if isinstance(reply, Answer):
            return reply
        found = bool(getattr(reply, "found", False))
        text = getattr(reply, "message", "") or getattr(reply, "text", "")
        return Answer(answer=str(text), found=found, mode="extractive")

    results = evaluate_splits(cases, rank=rank, answer=answer)
    routing = _routing_metrics(settings)
    table = {split: {**results[split].metrics(), **routing} for split in SPLITS}
    print(f"Evaluation set: {path}")
    print(f"  {'':<21}{'tuning':>9}{'held-out':>10}")
    counts = [f"{results[s].in_scope}+{results[s].out_of_scope}" for s in SPLITS]
    print(f"  {'in + out of scope':<21}{counts[0]:>9}{counts[1]:>10}")
    for name in table["heldout"]:
        a, b = table["tuning"][name], table["heldout"][name]
        fmt = "{:.0f}" if name.startswith("answer_chars") else "{:.3f}"
        gate = thresholds.get(name)
        limit = "" if gate is None else f"   gate {fmt.format(gate)}"
        print(f"  {name:<21}{fmt.format(a):>9}{fmt.format(b):>10}{limit}")
    for split in SPLITS:
        chosen = [c for c in cases if c.split == split]
        out = sorted(similarities[c.question] for c in chosen if c.out_of_scope)
        inside = sorted(similarities[c.question] for c in chosen if not c.out_of_scope)
        if out and inside:
            print(
                f"  top similarity ({split}): in-scope min {inside[0]:.3f}"
                f" / p10 {inside[len(inside) // 10]:.3f}; out-of-scope max {out[-1]:.3f}"
            )
    if args.verbose:
        for split in SPLITS:
            for failure in results[split].failures:
                print(f"  FAIL [{split}] {failure}")
    bad = below_thresholds(table["heldout"], thresholds)
    for line in bad:
        print(f"rolebot: held-out split below threshold: {line}", file=sys.stderr)
    return 1 if (args.check and bad) else 0


def _routing_metrics(settings: Settings) -> dict[str, float]:
    from bot.evaluation_routing import routing_accuracy
    from bot.knowledge.documents import load_knowledge
    from bot.salary.table import load_salary_table

    cases = settings.eval_path.parent / "routing.yaml"
    if not cases.is_file():  # an evaluation set of one's own may have no routing cases
        return {}
    table = load_salary_table(
        settings.knowledge_dir / "salaries.yaml", load_knowledge(settings.knowledge_dir)
    )
    accuracy, _failed = routing_accuracy(cases, table.role_terms())
    return {"routing_accuracy": accuracy}
