"""Free-text salary questions read into role families, levels and a place.

"what does a mid-level MLOps engineer make in NYC" -> MLOps Engineer, mid-level, New York.
Deterministic on purpose: no LLM decides which figures a user sees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.salary.gazetteer import trailing_place
from bot.salary.phrases import find_levels, find_place, known_place, normalize, strip_levels
from bot.salary.table import SalaryTable

# Words that frame a salary question rather than name a role ("how much does a ... make").
_FILLER = {
    # "ok and the salary again?", "remind me of the pay"
    "again",
    "remind",
    "back",
    # "how much in total comp?"
    "total",
    "overall",
    "how",
    "much",
    "does",
    "do",
    "did",
    "would",
    "will",
    "should",
    "can",
    "could",
    "a",
    "an",
    "the",
    "what",
    "who",
    "whats",
    "what's",
    "is",
    "are",
    "s",
    "make",
    "makes",
    "earn",
    "earns",
    "get",
    "gets",
    "paid",
    "pay",
    "salary",
    "salaries",
    "range",
    "ranges",
    "comp",
    "compensation",
    "for",
    "of",
    "in",
    "at",
    "per",
    "year",
    "typical",
    "typically",
    "usually",
    "expectations",
    "expected",
    "me",
    # "I'm a lead data scientist, what's my salary?": the asker, not a role word
    "m",
    "im",
    "am",
    "my",
    "our",
    "your",
    "tell",
    "about",
    "i",
    "we",
    "you",
    "to",
    "compare",
    "vs",
    "versus",
    "and",
    "or",
    "between",
    "with",
    "on",
    "base",
    "annual",
    "average",
    "median",
    "market",
    "rate",
    "rates",
    "band",
    "bands",
    "offer",
    "there",
    "good",
    "fair",
    "decent",
    "competitive",
    "reasonable",
    "like",
    "look",
    "looks",
    "these",
    "days",
    "now",
    "currently",
    "right",
    "roughly",
    "approximately",
    "expect",
    "hire",
    "budget",
    # "what budget should we set for this hire?", "just the typical one"
    "set",
    "setting",
    "propose",
    # "senior vs mid-level pay, how big is the gap?": a comparison, not the town of Gap
    "gap",
    "big",
    "difference",
    "just",
    "only",
    # "what salary should I put in the job posting?": where the figure goes, not a role
    "put",
    "posting",
    "post",
    "ad",
    "listing",
    "description",
    "jd",
    "candidate",
    # "thanks, what about in Seattle?": chat around the question
    "thanks",
    "thank",
    "thx",
    "ok",
    "okay",
    "great",
    "please",
    # "is this role well paid?": the role the guide describes, however it is pointed at
    "this",
    "that",
    "role",
    "position",
    "job",
    "they",
    "their",
    "them",
    "it",
    "well",
    "highly",
    "very",
    "really",
    # "do leads earn more than seniors?": a comparison between levels
    "more",
    "less",
    "than",
    "higher",
    "lower",
    # "a realistic salary budget for two leads": how the figure is wanted, and how many
    "realistic",
    "realistically",
    "ballpark",
    "estimate",
    "estimated",
    "one",
    "two",
    "three",
    "four",
    "five",
    "both",
    "each",
    # "whats the most we'd realistically have to pay a lead": an end of the range, and what
    # is left of "we'd", "we'll", "we've", "they're" once an apostrophe splits them
    "most",
    "least",
    "highest",
    "lowest",
    "max",
    "maximum",
    "min",
    "minimum",
    "have",
    "has",
    "d",
    "ll",
    "ve",
    "re",
}


_AMOUNT_WORD = re.compile(r"^[$€£]?\d[\d,.]*k?$", re.IGNORECASE)


@dataclass(frozen=True)
class SalaryQuery:
    """What a salary question asks for; empty ``families`` means no role the table knows."""

    text: str
    families: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    location: str | None = None
    # The role as the user put it, filler removed ("pastry chef"), for "I don't know ..." replies.
    role_words: str = ""
    # A currency asked for ("in pounds"), as written.
    currency: str | None = None


# "how much in london in pounds?": a currency, not part of the place.
_CURRENCY = re.compile(
    r"\b(?:in|into|as)\s+(?P<currency>(?:british\s+)?pounds?(?:\s+sterling)?|gbp|euros?|eur|"
    r"rupees?|inr|yen|jpy|cad|aud|canadian\s+dollars|australian\s+dollars|swiss\s+francs|chf|"
    r"local\s+currency)\b",
    re.IGNORECASE,
)


_SYMBOLS = {"£": "pounds", "€": "euros", "¥": "yen", "₹": "rupees"}
_SYMBOL = re.compile("[" + "".join(_SYMBOLS) + "]")


def parse_salary_query(
    text: str, table: SalaryTable, *, location: str | None = None
) -> SalaryQuery:
    """Read ``text``; an explicit ``location`` (``--location``) wins over one in the text."""
    asked_currency = _CURRENCY.search(text)
    currency = asked_currency["currency"] if asked_currency else None
    text = _CURRENCY.sub(" ", text) if asked_currency else text
    # "is £120k ok?": an amount in another currency asks in that currency
    symbol = _SYMBOL.search(text)
    if currency is None and symbol is not None:
        currency = _SYMBOLS[symbol.group(0)]
    families = table.families_named_in(text)
    aliases = [a for f in table.families for a in (f.name, *f.aliases)]
    place = find_place(text, exclude=aliases)
    wanted_place = place.name if place is not None else None
    if location and location.strip():
        given = known_place(location)
        wanted_place = given.name if given is not None else location.strip()
    rest = strip_levels(text)
    if place is not None:
        rest = " ".join(w for w in rest.split() if w not in normalize(place.phrase).split())
    # (an amount offered, "€150k", names no role)
    role_words = " ".join(w for w in rest.split() if w not in _FILLER and not _AMOUNT_WORD.match(w))
    # "/salary lead mlops engineer austin": a real place right after the role, with no "in".
    after_role = trailing_place(role_words) if place is None else None
    if after_role is not None:
        role_words, named = after_role
        if not (location and location.strip()):
            wanted_place = named
    return SalaryQuery(
        text=text,
        families=[f.name for f in families],
        levels=find_levels(text),
        location=wanted_place,
        role_words=role_words,
        currency=currency,
    )


def follow_up_query(texts: Sequence[str], table: SalaryTable) -> tuple[str, str | None]:
    """One lookup from a salary exchange, oldest turn first: each turn's role, levels and
    place replace the earlier ones it names ("lead mlops in NYC" then "what about a senior
    one?" is senior MLOps in New York). Returns the query text and the place."""
    families: list[str] = []
    levels: list[str] = []
    place: str | None = None
    for text in texts:
        query = parse_salary_query(text, table)
        families = query.families or families
        levels = query.levels or levels
        place = query.location or place
    words = [*levels, *families] or [texts[-1]]
    return " ".join(words) + (f" in {place}" if place else ""), place
