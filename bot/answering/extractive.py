"""The grounded extractive answerer: quotes the sentences and list items that answer.

It writes nothing of its own but headings and citation numbers, so every claim in an
answer is text from the knowledge base; when the best match is too weak it says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import messages
from bot.knowledge.chunking import Chunk
from bot.models import Answer, Source
from bot.retrieval.hybrid import Hit, Snapshot
from bot.retrieval.terms import terms

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
# Calibrated on eval/questions.yaml (`rolebot eval` prints both distributions): at 0.20
# clearly off-topic questions (sport, geography, VPN, React) are refused while 95% of the
# in-scope paraphrases are answered; near-miss questions overlap in-scope ones above it
# (0.22 refuses one more of those but 3 more real questions; 0.18 the reverse).
DEFAULT_MIN_RELEVANCE = 0.20
MAX_UNITS = 12
MAX_SECTIONS = 3
# A runner-up section scoring at least this share of the best one is quoted whole when its
# list is short: retrieval often ranks the right section second (MRR 0.70 vs hit@4 0.84).
SECONDARY_SHARE = 0.6
SHORT_LIST = 5


@dataclass(frozen=True)
class Unit:
    """A list item or a sentence, with the label of the sub-list it belongs to."""

    text: str
    label: str | None
    item: bool


def _units(chunk: Chunk) -> list[Unit]:
    units: list[Unit] = []
    label: str | None = None
    for line in chunk.text.splitlines():
        line = line.strip()
        if not line:
            continue
        if chunk.group and line.endswith(":") and not line.startswith("- "):
            label = line[:-1]
            continue
        if line.startswith("- "):
            units.append(Unit(line[2:], label, True))
        else:
            units.extend(Unit(s, label, False) for s in SENTENCE.split(line) if s.strip())
    return units


def _overlap(query: set[str], text: str) -> float:
    if not query:
        return 0.0
    return len(query & set(terms(text))) / len(query)


@dataclass
class _Picked:
    hit: Hit
    lines: list[str]


class ExtractiveAnswerer:
    """Selects and cites; ``min_relevance`` is the calibrated refusal threshold."""

    mode = "extractive"

    def __init__(self, *, min_relevance: float = DEFAULT_MIN_RELEVANCE) -> None:
        self.min_relevance = min_relevance

    def relevant(self, hits: list[Hit]) -> bool:
        return bool(hits) and max(h.similarity for h in hits) >= self.min_relevance

    def refuse(self, snapshot: Snapshot | None) -> Answer:
        lines = [messages.NOT_COVERED]
        if snapshot is not None:
            lines.append(messages.COVERS_INTRO)
            lines.extend(f"- {title}: {', '.join(t)}" for title, t in snapshot.topics().items())
        lines.append(messages.TRY_ASKING)
        return Answer(answer="\n".join(lines), found=False, mode="extractive", sources=[])

    def answer(
        self, question: str, hits: list[Hit], *, snapshot: Snapshot, context: str = ""
    ) -> Answer:
        """Compose a cited answer from ``hits``; ``context`` is an earlier turn's question."""
        if not self.relevant(hits):
            return self.refuse(snapshot)
        query = set(terms(question)) or set(terms(context))
        picked: list[_Picked] = []
        budget = MAX_UNITS
        for rank, hit in enumerate(hits):
            if len(picked) >= MAX_SECTIONS or budget <= 0:
                break
            if rank and hit.similarity < self.min_relevance:
                continue
            close = hit.fused >= SECONDARY_SHARE * hits[0].fused
            lines = self._select(query, hit, snapshot, primary=rank == 0, close=close)[:budget]
            if lines:
                picked.append(_Picked(hit, lines))
                budget -= len(lines)
        if not picked:
            return self.refuse(snapshot)
        sources: list[Source] = []
        out: list[str] = []
        for n, p in enumerate(picked, 1):
            c = p.hit.chunk
            sources.append(
                Source(n, c.title, c.section, c.path, round(p.hit.similarity, 4), c.text)
            )
            out.append(f"{c.section or c.title} [{n}]:")
            out.extend(f"- {line}" for line in p.lines)
        return Answer(answer="\n".join(out), found=True, mode="extractive", sources=sources)

    def _select(
        self, query: set[str], hit: Hit, snapshot: Snapshot, *, primary: bool, close: bool
    ) -> list[str]:
        chunk = hit.chunk
        units = _units(chunk)
        heading = _overlap(query, chunk.section)
        scored = [(_overlap(query, f"{u.label or ''} {u.text}"), i, u) for i, u in enumerate(units)]
        items = [u for u in units if u.item]
        # The question is about this section as a whole: give the whole list, in order.
        short = len(items) <= SHORT_LIST
        if items and (primary or heading >= 0.5 or (close and short)):
            if chunk.group:
                return _grouped(units)
            whole = [u.text for u in units if u.item]
            intro = [u.text for u in units if not u.item][:1] if len(whole) < 2 else []
            return intro + whole
        kids = snapshot.children(chunk) if len(units) <= 2 else []
        if kids and primary:
            return [u.text for u in units] + [_first_line(k) for k in kids]
        if kids:
            return []  # a section's introduction says nothing once a better section is quoted
        best = [u for s, _, u in sorted(scored, key=lambda t: (-t[0], t[1])) if s >= 0.34]
        if not best and primary:
            best = units[:2]
        keep = {id(u) for u in best[:4]}
        return [u.text for u in units if id(u) in keep]


def _grouped(units: list[Unit]) -> list[str]:
    lines: list[str] = []
    current: str | None = None
    for u in units:
        if u.label and u.label != current:
            lines.append(f"{u.label}: {u.text}")
            current = u.label
        elif u.label:
            lines[-1] += f"; {u.text}"
        else:
            lines.append(u.text)
    return lines


def _first_line(chunk: Chunk) -> str:
    name = chunk.section.split(" › ")[-1]
    first = next((ln.strip() for ln in chunk.text.splitlines() if ln.strip()), "")
    return f"{name}: {first.removeprefix('- ')}"
