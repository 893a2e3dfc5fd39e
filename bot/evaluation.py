"""``rolebot eval``: retrieval and answer quality on the project's own evaluation set.

The same code serves CI (thresholds in the eval file fail the run when quality on the
held-out split drops) and the benchmark (which runs it against a plain LangChain recipe).
Every metric is reported for both splits: the tuning split that constants may be fitted on,
and the held-out split that judges whether a change generalises.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from bot.errors import EvalFileError
from bot.models import Answer, Turn
from bot.retrieval.terms import containment, terms

Split = Literal["tuning", "heldout"]
SPLITS: tuple[Split, ...] = ("tuning", "heldout")
IN_SCOPE = ("engineer", "manager", "followup", "everyday")
# near_miss: the domain's words about something else (another role, a tool how-to, a company's
# own policy); uncovered: a role-guide question on a topic the guide never discusses.
OUT_OF_SCOPE = ("near_miss", "uncovered", "off_topic")
CATEGORIES = IN_SCOPE + OUT_OF_SCOPE
# Metrics where lower is better: a threshold on them is a maximum.
MAXIMA = frozenset(
    {"false_refusals", "answer_chars_median", "answer_chars_p90", "repeated_unit_rate"}
)
# Two lines of an answer whose content words overlap this much say the same thing.
NEAR_DUPLICATE = 0.8


@dataclass(frozen=True)
class EvalCase:
    id: str
    question: str
    history: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    out_of_scope: bool = False
    category: str = "engineer"
    split: Split = "tuning"

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
    near_miss_refusal: float = 0.0
    uncovered_refusal: float = 0.0
    followup_success: float = 0.0
    answer_chars_median: float = 0.0
    answer_chars_p90: float = 0.0
    repeated_unit_rate: float = 0.0
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
            "near_miss_refusal": self.near_miss_refusal,
            "uncovered_refusal": self.uncovered_refusal,
            "false_refusals": self.false_refusals,
            "followup_success": self.followup_success,
            "answer_chars_median": self.answer_chars_median,
            "answer_chars_p90": self.answer_chars_p90,
            "repeated_unit_rate": self.repeated_unit_rate,
            **self.extra,
        }


def _case(path: Path, number: int, q: Any) -> EvalCase:
    if not isinstance(q, dict) or "id" not in q or "question" not in q:
        raise EvalFileError(f"{path}: question {number} needs 'id' and 'question'.")
    out_of_scope = bool(q.get("out_of_scope", False))
    category = str(q.get("category") or ("off_topic" if out_of_scope else "engineer"))
    if category not in CATEGORIES:
        raise EvalFileError(
            f"{path}: {q['id']} has category {category!r}; use one of {', '.join(CATEGORIES)}."
        )
    if (category in OUT_OF_SCOPE) != out_of_scope:
        raise EvalFileError(f"{path}: {q['id']} is {category} but out_of_scope is {out_of_scope}.")
    split = q.get("split", "tuning")
    if split not in SPLITS:
        raise EvalFileError(f"{path}: {q['id']} has split {split!r}; use 'heldout' or omit it.")
    return EvalCase(
        id=str(q["id"]),
        question=str(q["question"]),
        history=[str(h) for h in q.get("history", [])],
        sections=[str(s) for s in q.get("sections", [])],
        facts=[str(f) for f in q.get("facts", [])],
        out_of_scope=out_of_scope,
        category=category,
        split=split,
    )


def load_cases(path: Path) -> tuple[list[EvalCase], dict[str, float]]:
    """The cases and the limits CI enforces on the held-out split (``thresholds``)."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = [_case(path, n, q) for n, q in enumerate(data["questions"], 1)]
    thresholds = {str(k): float(v) for k, v in (data.get("thresholds") or {}).items()}
    return cases, thresholds


def section_matches(found: str, expected: str, *, group: bool = False) -> bool:
    """A subsection answers for its parent; a group chunk answers for its subsections."""
    if found == expected or found.startswith(expected + " › "):
        return True
    return group and expected.startswith(found + " › ")


_CITATION = re.compile(r"\s*\[\d+\]")


def answer_units(text: str) -> list[str]:
    """The knowledge statements an answer quotes: cited lines and list lines, with group
    lines split at "; ". Headings and the bot's own uncited framing lines are not units."""
    units: list[str] = []
    for raw in text.splitlines():
        quoted = raw.startswith("- ") or bool(_CITATION.search(raw))
        line = _CITATION.sub("", raw).strip().removeprefix("- ").strip()
        if not line or line.endswith(":") or not quoted:
            continue
        units.extend(part.strip() for part in line.split("; ") if part.strip())
    return units


def repeated_units(text: str) -> list[str]:
    """Statements said twice in one answer (equal, or near-duplicates by content words)."""
    seen: list[set[str]] = []
    repeats: list[str] = []
    for unit in answer_units(text):
        words = set(terms(unit))
        if len(words) < 2:
            continue
        if any(containment(words, s) >= NEAR_DUPLICATE for s in seen):
            repeats.append(unit)
        seen.append(words)
    return repeats


def _percentile(values: list[int], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))])


# (question, history) -> ranked (section, is_group) pairs
RankFn = Callable[[str, list[Turn]], list[tuple[str, bool]]]
# (question, history) -> answer
AnswerFn = Callable[[str, list[Turn]], Answer]


def evaluate(cases: list[EvalCase], *, rank: RankFn, answer: AnswerFn, k: int = 4) -> EvalResult:
    """Score any retriever/answerer pair on ``cases``."""
    hits = reciprocal = recall = refused = false_refusals = near_refused = uncovered_refused = 0.0
    followups = followups_ok = 0
    in_scope = [c for c in cases if not c.out_of_scope]
    out_scope = [c for c in cases if c.out_of_scope]
    near = [c for c in out_scope if c.category == "near_miss"]
    uncovered = [c for c in out_scope if c.category == "uncovered"]
    # refusal_rate keeps the meaning its gate was set with (near misses and off-topic);
    # uncovered topics are scored on their own, as uncovered_refusal.
    refusable = [c for c in out_scope if c.category != "uncovered"]
    failures: list[str] = []
    sims_in: list[float] = []
    sims_out: list[float] = []
    lengths: list[int] = []
    with_repeats = 0
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
        else:
            lengths.append(len(reply.answer))
            repeats = repeated_units(reply.answer)
            if repeats:
                with_repeats += 1
                failures.append(f"{case.id}: repeats {repeats[0]!r}")
            if len(got) < len(case.facts):
                missing = ", ".join(f for f in case.facts if f not in got)
                failures.append(f"{case.id}: missing facts {missing}")
        if case.category == "followup" and case.history:
            followups += 1
            before = answer(case.history[-1], case.turns[:-1])
            unchanged = before.answer == reply.answer
            if unchanged:
                failures.append(f"{case.id}: follow-up repeated the previous reply")
            if reply.found and len(got) == len(case.facts) and not unchanged:
                followups_ok += 1
    for case in out_scope:
        rank(case.question, case.turns)
        reply = answer(case.question, case.turns)
        sims_out.append(max((s.score for s in reply.sources), default=0.0))
        if not reply.found:
            refused += case.category != "uncovered"
            near_refused += case.category == "near_miss"
            uncovered_refused += case.category == "uncovered"
        else:
            failures.append(f"{case.id}: answered an out-of-scope question")
    n_in = max(len(in_scope), 1)
    return EvalResult(
        hit_at_4=hits / n_in,
        mrr=reciprocal / n_in,
        fact_recall=recall / n_in,
        refusal_rate=refused / max(len(refusable), 1),
        false_refusals=false_refusals / n_in,
        in_scope=len(in_scope),
        out_of_scope=len(out_scope),
        near_miss_refusal=near_refused / max(len(near), 1),
        uncovered_refusal=uncovered_refused / max(len(uncovered), 1),
        followup_success=followups_ok / max(followups, 1),
        answer_chars_median=float(statistics.median(lengths)) if lengths else 0.0,
        answer_chars_p90=_percentile(lengths, 0.9),
        repeated_unit_rate=with_repeats / max(len(lengths), 1),
        top_similarity_in=sims_in,
        top_similarity_out=sims_out,
        failures=failures,
    )


def evaluate_splits(
    cases: list[EvalCase], *, rank: RankFn, answer: AnswerFn, k: int = 4
) -> dict[Split, EvalResult]:
    """One result per split, tuning first."""
    return {
        split: evaluate([c for c in cases if c.split == split], rank=rank, answer=answer, k=k)
        for split in SPLITS
    }


def below_thresholds(metrics: dict[str, float], thresholds: dict[str, float]) -> list[str]:
    """Metrics on the wrong side of their limit (those in ``MAXIMA`` are maxima).

    A threshold for a metric the run did not measure fails too: a renamed or dropped
    metric must not switch its gate off without anyone noticing.
    """
    bad = []
    for name, limit in thresholds.items():
        value = metrics.get(name)
        if value is None:
            bad.append(f"{name} is not measured (threshold {limit:.3f})")
            continue
        if (value > limit) if name in MAXIMA else (value < limit):
            bad.append(f"{name} = {value:.3f} (threshold {limit:.3f})")
    return bad
