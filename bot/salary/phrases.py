"""Reading levels and places out of free text, shared by salary lookups, JD requests and routing.

Matching is on whole words after :func:`normalize`, so "ML-Ops", "ml ops" and "ML Ops" are
one phrase and "mle" never matches inside "mlengineer".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Canonical level names, in career order (the knowledge's progression).
LEVELS = ("junior", "mid-level", "senior", "lead", "team lead", "director")
# Well-known employers as chat types them ("does google pay…", "netflix's offer"). A guide
# about a role has no one employer's figures or processes; "Google Cloud" and other
# products of theirs that a guide names are tools, not employers.
EMPLOYER_NAMES = (
    r"(?:google|meta|facebook|amazon|microsoft|apple|netflix|openai|nvidia|uber|airbnb|"
    r"databricks|stripe|spotify|linkedin|tesla|ibm|oracle|salesforce|anthropic|deepmind)"
)

# Rungs other ladders have and the knowledge's never does: asked for, they are said to be
# missing rather than silently replaced by another level.
UNLISTED_LEVELS = ("principal", "staff", "distinguished", "chief", "vp", "vice president")


def unlisted_levels(text: str) -> list[str]:
    """The rungs ``text`` names that the knowledge's ladder never has ("staff")."""
    plain = normalize(text)
    return [w for w in UNLISTED_LEVELS if has_phrase(plain, w)]


# Longer phrases first: "team lead" must win over "lead".
LEVEL_ALIASES: tuple[tuple[str, str], ...] = (
    ("team leaders", "team lead"),
    ("team leader", "team lead"),
    ("team leads", "team lead"),
    ("team lead", "team lead"),
    ("head of", "director"),
    ("director", "director"),
    ("directors", "director"),
    ("entry level", "junior"),
    ("juniors", "junior"),
    ("junior", "junior"),
    ("jr", "junior"),
    ("mid level", "mid-level"),
    ("midlevel", "mid-level"),
    ("mid", "mid-level"),
    ("intermediate", "mid-level"),
    ("seniors", "senior"),
    ("senior", "senior"),
    ("sr", "senior"),
    ("tech lead", "lead"),
    ("technical lead", "lead"),
    ("lead", "lead"),
    ("leads", "lead"),
)

# Places people name, mapped to how the salary table writes them.
_PLACES: tuple[tuple[str, str], ...] = (
    ("new york city", "New York"),
    ("new york", "New York"),
    ("nyc", "New York"),
    ("big apple", "New York"),
    ("manhattan", "New York"),
    ("ny", "New York"),
    ("san francisco", "San Francisco"),
    ("bay area", "San Francisco"),
    ("silicon valley", "San Francisco"),
    ("sf", "San Francisco"),
    ("seattle", "Seattle"),
    ("united states", "US"),
    ("usa", "US"),
    # The guides' own name for a group of cities ("Range in Major Tech Hubs").
    ("major tech hubs", "Major tech hubs"),
    ("tech hubs", "Major tech hubs"),
    ("tech hub", "Major tech hubs"),
    # Not a place, but asked like one: "what about remote?" after a lookup.
    ("fully remote", "Remote"),
    ("remote", "Remote"),
    ("remotely", "Remote"),
    ("global", "Global"),
    ("globally", "Global"),
    ("worldwide", "Global"),
)

# Words after "in" that are not places ("in 2024", "in fintech", "in total").
_NOT_PLACES = {
    "total",
    "general",
    "practice",
    "production",
    "the industry",
    "this role",
    "tech",
    "base",
    "cash",
    "equity",
    "usd",
    "dollars",
    "a year",
    "per year",
    "salary",
    "terms",
}

# Words after "in" that say where a figure is written or whose it is, never a place.
_OWNED = frozenset({"our", "my", "your", "their", "this", "that", "his", "her"})
_THINGS = frozenset(
    {
        "posting",
        "post",
        "ad",
        "advert",
        "listing",
        "jd",
        "description",
        "offer",
        "budget",
        "contract",
        "letter",
        "team",
        "company",
        "startup",
        "org",
        "organisation",
        "organization",
        "interview",
        "market",
        "band",
        "proposal",
    }
)

_WORD_SPLIT = re.compile(r"[^\w$]+")


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces; hyphens and punctuation become spaces."""
    return " ".join(_WORD_SPLIT.sub(" ", text.lower().replace("_", " ")).split())


def has_phrase(text: str, phrase: str) -> bool:
    """Whether the normalized ``phrase`` occurs in ``text`` as whole words."""
    wanted = normalize(phrase)
    return bool(wanted) and f" {wanted} " in f" {normalize(text)} "


def remove_phrase(text: str, phrase: str) -> str:
    """``text`` (normalized) without the first whole-word occurrence of ``phrase``."""
    padded, wanted = f" {normalize(text)} ", f" {normalize(phrase)} "
    return " ".join(padded.replace(wanted, " ", 1).split())


def cut_phrase(text: str, phrase: str) -> str:
    """``text`` as written, minus the first whole-word, any-case occurrence of ``phrase``."""
    words = normalize(phrase).split()
    if not words:
        return text
    pattern = r"(?<![\w$])" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?![\w$])"
    return " ".join(re.sub(pattern, " ", text, count=1, flags=re.IGNORECASE).split())


def find_levels(text: str) -> list[str]:
    """Canonical levels named in ``text``, in career order, without duplicates."""
    rest = normalize(text)
    found: set[str] = set()
    for alias, level in LEVEL_ALIASES:
        while has_phrase(rest, alias):
            found.add(level)
            rest = remove_phrase(rest, alias)
    return [level for level in LEVELS if level in found]


def strip_levels(text: str) -> str:
    """Normalized ``text`` without any level words (what is left names the role)."""
    rest = normalize(text)
    for alias, _ in LEVEL_ALIASES:
        while has_phrase(rest, alias):
            rest = remove_phrase(rest, alias)
    return rest


def canonical_level(text: str) -> str | None:
    """The one level ``text`` names ("Sr." -> "senior"), or None when it names none or many."""
    levels = find_levels(text)
    return levels[0] if len(levels) == 1 else None


@dataclass(frozen=True)
class Place:
    """A place found in text: the phrase as written and the name the table uses."""

    phrase: str
    name: str


# "US" only in capitals: "what would one cost us" names no country.
_US = re.compile(r"\bU\.?S\.?(?![\w.])|\bUS\b")


def known_place(text: str) -> Place | None:
    """The first well-known place named in ``text`` (NYC, Bay Area, US, ...)."""
    for alias, name in _PLACES:
        if has_phrase(text, alias):
            return Place(alias, name)
    match = _US.search(text)
    return Place(match.group(0), "US") if match else None


_IN_PLACE = re.compile(
    r"\b(?:in|based in|located in|out of|near)\s+(?:the\s+)?([A-Za-z][A-Za-z .'-]{1,40}?)\s*"
    # "…role in austin, is that too low?": a question clause may follow the place
    r"(?:[?.!]*|,\s*(?:is|are|was|does|do|would|will|can|should|how|what|competitive|fair|"
    r"enough|ok|okay|reasonable|decent|good|right|thoughts)\b[^,]*)$"
)


def find_place(text: str, *, exclude: Iterable[str] = ()) -> Place | None:
    """A place named in ``text``: a well-known one, or whatever follows a final "in ...".

    ``exclude`` lists phrases that are known not to be places (industries, role words).
    """
    place = known_place(text)
    if place is not None:
        return place
    match = _IN_PLACE.search(text.strip())
    if match is None:
        return None
    candidate = normalize(match.group(1))
    excluded = {normalize(e) for e in exclude} | _NOT_PLACES
    if not candidate or candidate in excluded or any(has_phrase(candidate, e) for e in excluded):
        return None
    if candidate.isdigit() or find_levels(candidate):
        return None
    words = candidate.split()
    if words[0] in _OWNED or _THINGS.intersection(words):
        # "what salary should I put in the job posting?", "…in our budget?": where a figure
        # goes, not where the job is
        return None
    return Place(candidate, match.group(1).strip().rstrip(".").title())


def place_matches(wanted: str, location: str | None) -> bool:
    """Whether a table location (e.g. "Major tech hubs (e.g., New York, NY)") covers ``wanted``."""
    if location is None:
        return False
    if has_phrase(location, wanted):
        return True
    listed = known_place(location)
    return listed is not None and listed.name == wanted
