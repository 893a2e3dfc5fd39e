"""Reading a mistyped word as the knowledge's own word ("responsibilites", "kuberentes").

A question with a typo would otherwise be declined as being about a word the knowledge
never uses. Only one slip is mended (a letter missing, extra, wrong, or two swapped), only
in words of five letters or more ("salry", "skils": chat is typed fast), only when one word of
the knowledge is that close, and
never in a real English word: "sensor" is one letter from "senior", "directory" from
"director", and whoever typed them meant them. English is the word-frequency list shipped
in the pinned ``pyspellchecker`` package (MIT), read from its data file offline.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources

from bot.retrieval.terms import STOPWORDS, VAGUE, stem

# Words shorter than this are never corrected: four letters leave too many neighbours.
MIN_LENGTH = 5
# A word used at least this often in the list's English corpus is a real word, not a slip
# ("practises", 228, is read as "practices"; "sensor", 7,219, stays). Measured on the 4,533
# words of six letters or more used five times or more in the docstrings of the installed
# packages: 13 would still be changed at 300 (mostly code names: "cython", "getter"), 10 at
# 100 and 17 at 1,000; 18 of 25 typos written for the purpose are mended at 300 or 1,000,
# 17 at 100 (the rest already share their stem with the knowledge's word, or are listed as
# words themselves).
ENGLISH_MIN_COUNT = 300
# A word glued to digits is part of a name ("ml.p3.2xlarge" is no slip for "large").
_WORD = re.compile(r"(?<![\w.])(?:[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z])(?![\w])")


class Speller:
    """The knowledge's words, indexed so a one-slip neighbour is found without a scan."""

    def __init__(
        self, texts: Iterable[str], *, keep: Callable[[str], bool] = lambda _: False
    ) -> None:
        """``keep`` says which other words are meant as typed (a place: "Medina" is one
        letter from "median")."""
        self._keep = keep
        words = {w.lower() for text in texts for w in _WORD.findall(text)}
        self._stems = frozenset(stem(w) for w in words)
        # Every word under each way of deleting one letter (and itself): two words one slip
        # apart share a key (the "symmetric delete" index).
        self._keys: dict[str, set[str]] = defaultdict(set)
        for word in words:
            if len(word) >= MIN_LENGTH - 1:
                for key in _deletes(word):
                    self._keys[key].add(word)

    def correct(self, text: str) -> str:
        """``text`` with each mistyped word replaced by the one knowledge word it was meant
        to be; everything else as written."""
        return _WORD.sub(lambda m: self._word(m.group(0)), text)

    def _word(self, word: str) -> str:
        lowered = word.lower()
        # A word whose stem the knowledge uses (itself, or another form of it) is found.
        if (
            len(lowered) < MIN_LENGTH
            or lowered in STOPWORDS
            or stem(lowered) in self._stems
            or stem(lowered) in VAGUE
        ):
            return word
        near = {w for key in _deletes(lowered) for w in self._keys.get(key, ())}
        near = {w for w in near if _one_slip(lowered, w)}
        if len({stem(w) for w in near}) != 1 or lowered in english_words() or self._keep(lowered):
            return word
        # Of two forms of one word, the one ending as typed ("skils" is "skills", not
        # "skill"), then the shorter: a plural asks for a list.
        return min(near, key=lambda w: (w[-1] != lowered[-1], len(w), w))


@cache
def english_words() -> frozenset[str]:
    """Common English words (read once, and only when a correction is about to be made)."""
    data = resources.files("spellchecker") / "resources" / "en.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        counts: dict[str, int] = json.load(text)
    return frozenset(w for w, n in counts.items() if n >= ENGLISH_MIN_COUNT)


def _deletes(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_slip(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter missing, added, changed, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
