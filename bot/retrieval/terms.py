"""Word normalisation shared by BM25 and the extractive answerer, so both agree on a match."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "below",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "role",
        "roles",
        "engineer",
        "engineers",
        "lead",
        "leads",
        "tell",
        "know",
        "need",
        "needs",
        "someone",
        "person",
        "people",
        "kind",
        "sort",
        "thing",
        "things",
        "like",
        "get",
        "gets",
        "please",
        "typically",
        "usually",
        "really",
        "much",
        "many",
        "us",
        "one",
        "ones",
        "want",
        "wants",
        "go",
        "goes",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "well",
    ]
)

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem, so "prototype"/"prototypes" and "monitoring"/"monitor" meet."""
    result: str = _STEMMER.stemWord(word)
    return result


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Lower-cased, stemmed content words of ``text``."""
    words = WORD.findall(text.lower())
    return [stem(w) for w in words if keep_stopwords or w not in STOPWORDS]


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller word set found in the other: 1.0 when one says all of the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
