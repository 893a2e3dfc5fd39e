"""Word normalisation shared by BM25 and the extractive answerer, so both agree on a match."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")

STOPWORDS = frozenset(
    [
        # chat spellings of "what's", "how's"…: as empty as the words they shorten
        "whats",
        "hows",
        "wheres",
        "whos",
        "whys",
        "whens",
        "thats",
        "theres",
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
        # what is left of a negation once "doesn't" is split: "a lead doesn't" asks no topic
        "doesn",
        "don",
        "didn",
        "isn",
        "aren",
        "wasn",
        "weren",
        "hasn",
        "haven",
        "hadn",
        "shouldn",
        "wouldn",
        "couldn",
        "won",
        "mustn",
        "needn",
        "ain",
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


# Words that say how something is asked, not what about: chat filler, vague nouns ("tips",
# "stuff", "extras"), generic verbs and adjectives. General English, written for any role
# guide; a word here never makes a question "about" something. Like the stop words' "role"
# and "someone", "hire" and "hiring" refer to the role itself.
_VAGUE_WORDS = """
stuff things thing folks folk guys guy kinda sorta gonna wanna gotta lol pls plz thx thanks
btw tbh imo fyi actually basically pretty quite maybe perhaps probably likely anyway anyways
also still even ever never always sometimes often usually normally generally mostly mainly
typically commonly currently nowadays lately today now suddenly recently quickly really
simply exactly especially honestly seriously totally tips tip advice ideas idea pointers
pointer suggestions suggestion guidance info information details detail overview summary
rundown lowdown gist deal example examples list lists way ways kind kinds type types sort
sorts bit lot lots ton tons bunch part parts side sides aspect aspects area areas field
world anything something everything nothing anyone everyone somebody anybody everybody job
jobs gig gigs line work works working worked position positions hire hires hired hiring do
does did doing done get gets getting got make makes making made take takes taking took go
goes going went gone come comes coming came move moves moving moved suppose supposed look
looks looking looked need needs needed want wants wanted know knows knew think thinks say
says said tell tells told mean means meant use uses using used help helps helping helped
handle handles handling handled deal deals dealing fit fits matter matters care cares try
tries trying keep keeps keeping kept put puts give gives giving gave find finds see sees
seeing show shows stand end ends ending happen happens happening seem seems good great best
better nice bad worse worst big bigger biggest small smaller right wrong usual typical
common normal general main key important basic real whole same different new old high higher
low lower hard harder easy easier quick fast short sure fine okay ok able possible certain
various specific particular exact enough own other another besides beyond plus extra extras
else around across along toward towards upon within without whether before since ago later
soon via per non explain explained describe described meaning nutshell tldr eli5 summarize
summarise question questions answer answers day days daily week weeks weekly month months
monthly involve involves involved involving entail entails consist consists ask asks
asking asked prefer prefers preferred instead rather bring brings add adds contribute
contributes gimme lemme next step steps bullet bullets paragraph sentence sentences elevator
pitch simply briefly brief less fewer least separate separates separating distinguish
distinguishes distinguishing apart rung rungs compare compares compared comparing comparison
comparisons diff though tho although
worry worries worried watch watching wait somewhere elsewhere wonder wondering curious reckon
guess figure bother concerned
"""
VAGUE = frozenset(stem(w) for w in _VAGUE_WORDS.split())
# What is left of a contraction or a possessive once words are split ("what's", "they're"):
# no word of a topic.
CLITICS = frozenset({"s", "re", "ll", "ve", "d", "m", "t"})
