"""``rolebot eval``: retrieval and answer quality on the project's own evaluation set.

The same code serves CI (thresholds in the eval file fail the run when quality drops) and
the benchmark (which runs it against a plain LangChain recipe for comparison).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.models import Answer, Turn


@dataclass(frozen=True)
class EvalCase:
    id: str
    question: str
    history: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    out_of_scope: bool = False

    @property
    def turns(self) -> list[Turn]:
        return [Turn("user", text) for text in self.history]


@dataclass
class EvalResult:
    """Metrics over an evaluation set; ``failures`` lists case ids with what went wrong."""

    hit_at_4: float
    mrr: float
    fact_recall: float
    refusal_rate: float
    false_refusals: float
    in_scope: int
    out_of_scope: int
    top_similarity_in: list[float] = field(default_factory=list)
    top_similarity_out: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    extra: dict[str, float] = field(default_factory=dict)

    def metrics(self) -> dict[str, float]:
        return {
            "hit_at_4": self.hit_at_4,
            "mrr": self.mrr,
            "fact_recall": self.fact_recall,
            "refusal_rate": self.refusal_rate,
            "false_refusals": self.false_refusals,
            **self.extra,
        }


def load_cases(path: Path) -> tuple[list[EvalCase], dict[str, float]]:
    """The cases and the minimum metrics CI enforces (the file's ``thresholds`` block)."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = [
        EvalCase(
            id=str(q["id"]),
            question=str(q["question"]),
            history=[str(h) for h in q.get("history", [])],
            sections=[str(s) for s in q.get("sections", [])],
            facts=[str(f) for f in q.get("facts", [])],
            out_of_scope=bool(q.get("out_of_scope", False)),
        )
        for q in data["questions"]
    ]
    thresholds = {str(k): float(v) for k, v in (data.get("thresholds") or {}).items()}
    return cases, thresholds


def section_matches(found: str, expected: str, *, group: bool = False) -> bool:
    """A subsection answers for its parent; a group chunk answers for its subsections."""
    if found == expected or found.startswith(expected + " › "):
        return True
    return group and expected.startswith(found + " › ")


# (question, history) -> ranked (section, is_group) pairs
RankFn = Callable[[str, list[Turn]], list[tuple[str, bool]]]
# (question, history) -> answer
AnswerFn = Callable[[str, list[Turn]], Answer]


def evaluate(cases: list[EvalCase], *, rank: RankFn, answer: AnswerFn, k: int = 4) -> EvalResult:
    """Score any retriever/answerer pair on ``cases``."""
    hits = reciprocal = recall = refused = false_refusals = 0.0
    in_scope = [c for c in cases if not c.out_of_scope]
    out_scope = [c for c in cases if c.out_of_scope]
    failures: list[str] = []
    sims_in: list[float] = []
    sims_out: list[float] = []
    for case in in_scope:
        ranked = rank(case.question, case.turns)[:k]
        first = next(
            (
                i
                for i, (sec, group) in enumerate(ranked, 1)
                if any(section_matches(sec, e, group=group) for e in case.sections)
            ),
            None,
        )
        if first:
            hits += 1
            reciprocal += 1 / first
        else:
            failures.append(f"{case.id}: no expected section in top {k}")
        reply = answer(case.question, case.turns)
        sims_in.append(max((s.score for s in reply.sources), default=0.0))
        text = reply.answer.lower()
        got = [f for f in case.facts if f.lower() in text]
        recall += len(got) / len(case.facts) if case.facts else 1.0
        if not reply.found:
            false_refusals += 1
            failures.append(f"{case.id}: refused")
        elif len(got) < len(case.facts):
            missing = ", ".join(f for f in case.facts if f not in got)
            failures.append(f"{case.id}: missing facts {missing}")
    for case in out_scope:
        rank(case.question, case.turns)
        reply = answer(case.question, case.turns)
        sims_out.append(max((s.score for s in reply.sources), default=0.0))
        if not reply.found:
            refused += 1
        else:
            failures.append(f"{case.id}: answered an out-of-scope question")
    n_in = max(len(in_scope), 1)
    return EvalResult(
        hit_at_4=hits / n_in,
        mrr=reciprocal / n_in,
        fact_recall=recall / n_in,
        refusal_rate=refused / max(len(out_scope), 1),
        false_refusals=false_refusals / n_in,
        in_scope=len(in_scope),
        out_of_scope=len(out_scope),
        top_similarity_in=sims_in,
        top_similarity_out=sims_out,
        failures=failures,
    )


def below_thresholds(metrics: dict[str, float], thresholds: dict[str, float]) -> list[str]:
    """Metrics that fell under their minimum (``false_refusals`` is a maximum).

    A threshold for a metric the run did not measure fails too: a renamed or dropped
    metric must not switch its gate off without anyone noticing.
    """
    bad = []
    for name, limit in thresholds.items():
        value = metrics.get(name)
        if value is None:
            bad.append(f"{name} was not measured (threshold {limit:.3f})")
            continue
        if (value > limit) if name == "false_refusals" else (value < limit):
            bad.append(f"{name} = {value:.3f} (threshold {limit:.3f})")
    return bad
