"""Unit-level scoring: every list item and sentence scored against a question.

A unit's score combines its own dense similarity, how much of the question's (IDF-weighted)
words it contains, and the score of the section it belongs to, so a short item
("Performance bonuses") is found through its section while a precise sentence can still win
on its own words. The vectors come from the same Chroma collection as the sections and are
scored in memory: one matrix product for all.

Coverage rather than raw BM25: a unit of five words that happens to share one rare word
with the question ("expecting" / "expectations") would otherwise outscore the unit that
answers it, because BM25 rewards short texts and is only comparable within one query.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.knowledge.chunking import Chunk, sentences
from bot.retrieval.terms import terms

# Tuned on the tuning split of eval/questions.yaml (never on held-out): the weights of a
# unit's own dense similarity, its share of the question's IDF-weighted words (0..1) and
# its section's fused score (0..1, relative to the best section).
W_DENSE = 1.0
W_LEXICAL = 0.35
W_SECTION = 0.45


@dataclass(frozen=True)
class ScoredUnit:
    """A unit with its scores; ``score`` is what answers are composed by."""

    unit: Chunk
    dense: float
    lexical: float
    section: float
    score: float


class UnitIndex:
    """Units of one index generation: their vectors as one matrix and a BM25 over their words."""

    def __init__(self, units: list[Chunk], vectors: list[Any]) -> None:
        self.units = units
        self.matrix = np.asarray(vectors, dtype=np.float32).reshape(len(units), -1)
        corpus = [frozenset(terms(f"{u.section.replace(' › ', ' ')} {u.text}")) for u in units]
        # Each unit's words with its heading path's, by unit id.
        self.words = {u.id: words for u, words in zip(units, corpus, strict=True)}
        self.postings: dict[str, list[int]] = {}
        for i, words in enumerate(corpus):
            for word in words:
                self.postings.setdefault(word, []).append(i)
        self.vocabulary = frozenset(self.postings)
        self.names = _proper_names(units)
        self.by_id = {u.id: u for u in units}

    def idf(self, word: str) -> float:
        """BM25's inverse document frequency over units; an unknown word weighs the most."""
        n, df = len(self.units), len(self.postings.get(word, ()))
        return math.log((n - df + 0.5) / (df + 0.5) + 1.0)

    def __len__(self) -> int:
        return len(self.units)

    def dense(self, vector: list[float]) -> np.ndarray[Any, np.dtype[np.float32]]:
        """Cosine similarity of every unit to ``vector`` (both are unit-length)."""
        query = np.asarray(vector, dtype=np.float32)
        result: np.ndarray[Any, np.dtype[np.float32]] = self.matrix @ query
        return result

    def lexical(self, words: list[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Each unit's share of the question's IDF-weighted words that the knowledge uses (a
        repeated word counts again, which is how a follow-up's new words are weighted up).
        Words no unit contains are left out: they cannot tell units apart."""
        scores: np.ndarray[Any, np.dtype[np.float64]] = np.zeros(len(self.units))
        total = 0.0
        for word in words:
            if word not in self.postings:
                continue
            weight = self.idf(word)
            total += weight
            for i in self.postings.get(word, ()):
                scores[i] += weight
        return scores / total if total > 0 else scores

    def score(
        self,
        vector: list[float],
        words: list[str],
        sections: dict[str, float],
    ) -> list[ScoredUnit]:
        """Every unit, best first; ``sections`` maps a section key to its share (0..1) of
        the best section's score."""
        if not self.units:
            return []
        dense = self.dense(vector)
        lexical = self.lexical(words)
        scored = []
        for i, unit in enumerate(self.units):
            section = sections.get(unit.section_key, 0.0)
            d, lx = float(dense[i]), float(lexical[i])
            total = W_DENSE * d + W_LEXICAL * lx + W_SECTION * section
            scored.append(ScoredUnit(unit, d, lx, section, total))
        scored.sort(key=lambda s: (-s.score, s.unit.position))
        return scored


_TOKEN = re.compile(r"[A-Za-z][\w+#-]*")


def _proper_names(units: list[Chunk]) -> frozenset[str]:
    """Stemmed words the knowledge only ever writes capitalised mid-sentence (Kubeflow,
    SageMaker, Spark): names it mentions, as opposed to words it uses ("Engine" is not one,
    since "engineering" is used). Item labels ("Performance Monitoring: …"), sentence
    starts, two-letter abbreviations and the document titles' words are not names."""
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    for unit in units:
        label, sep, rest = unit.text.partition(": ")
        text = rest if sep and len(label) <= 60 else unit.text
        for sentence in sentences(text):
            for i, token in enumerate(_TOKEN.findall(sentence)):
                stems = terms(token)
                if token[0].isupper() or any(c.isupper() for c in token[1:]):
                    if i > 0 and len(stems) == 1 and len(token) > 2:  # not "ML", "AI"
                        capitalised.update(stems)
                else:
                    lowercase.update(stems)
    title_words = {t for u in units for t in terms(u.title)}
    return frozenset(capitalised - lowercase - title_words)
