"""Word normalisation shared by BM25 and the extractive answerer, so both agree on a match."""

from __future__ import annotations

import re

WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")

STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being", "below", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "role", "roles", "engineer", "engineers", "lead", "leads", "tell", "know", "need", "needs", "someone", "person", "people", "kind", "sort", "thing", "things", "like", "get", "gets", "please", "typically", "usually", "really", "much", "many", "us", "one", "ones", "want", "wants", "go", "goes", "should", "shall", "may", "might", "must", "well"]
)

# Small, predictable suffix stripping: enough for "pipelines"/"pipeline", "monitoring"/"monitor".
_SUFFIXES = (
    "ization",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ies",
    "ers",
    "er",
    "ed",
    "es",
    "s",
)


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            return base + "y" if suffix == "ies" else base
    return word


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Lower-cased, stemmed content words of ``text``."""
    words = WORD.findall(text.lower())
    return [stem(w) for w in words if keep_stopwords or w not in STOPWORDS]
