"""What a job-description request asks for, read from plain words.

Slack's ``/jd senior MLOps engineer, healthcare, remote, new york``, Teams' ``jd ...`` and a
routed "draft a JD for a senior MLOps engineer in fintech" all become one :class:`JDRequest`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.salary.gazetteer import place_named, trailing_place
from bot.salary.phrases import (
    LEVEL_ALIASES,
    cut_phrase,
    find_levels,
    has_phrase,
    known_place,
    normalize,
    strip_levels,
)

# Industries people name in a job-description request, and other words they use for them
# ("fintech" for finance). Whether a guide says anything about an industry is read from the
# guide itself (``assemble.industry_focus``); an industry not listed here is still found
# in a guide by its own name.
INDUSTRIES: dict[str, tuple[str, ...]] = {
    "healthcare": ("healthcare", "health care", "health", "medical", "hospital", "pharma"),
    "finance": ("finance", "fintech", "financial services", "financial", "banking", "bank"),
    "e-commerce": ("e commerce", "ecommerce", "retail", "online retail", "marketplace"),
}

_JD_NOUN = (
    r"(?:job\s+description|job\s+desc|jd|job\s+posting|job\s+post|job\s+ad(?:vert)?|"
    r"job\s+listing|posting|role\s+description)s?"
)
_REQUEST = re.compile(
    r"^\s*(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
    r"(?:help\s+me\s+)?(?:draft|write|create|generate|prepare|put\s+together|make|produce|"
    r"compose|build|give\s+me|get\s+me|i\s+need|we\s+need|need|i\s+want|want)\s+"
    r"(?:me\s+|us\s+)?",
    re.IGNORECASE,
)
_LEADING_NOUN = re.compile(
    rf"^\s*(?:(?:a|an|the|new)\s+)*{_JD_NOUN}\s*(?:for|of|:)?\s*(?:(?:a|an|the)\s+)?",
    re.IGNORECASE,
)
_TRAILING_NOUN = re.compile(rf"(?<!\s)\s+{_JD_NOUN}\s*[.?!]*\s*$", re.IGNORECASE)
_REMOTE = re.compile(
    r"\b(?:fully[\s-]+)?remote(?:[\s-]+first|[\s-]+friendly)?\b|\bwork(?:ing)? from home\b|\bwfh\b",
    re.IGNORECASE,
)
# "hybrid in seattle", "on-site": the work arrangement, not an industry called "Hybrid".
_ARRANGEMENT = re.compile(r"\b(hybrid|on[\s-]?site|in[\s-]office|in[\s-]person)\b", re.IGNORECASE)
_INDUSTRY_WORDS = re.compile(
    r"\b(?:in|for)\s+(?:the\s+|a\s+|an\s+)?([a-z][\w &-]*?)\s+(?:industry|sector|space|company)\b"
    r"|\bindustry\s*[:=]\s*([a-z][\w &-]*)",
    re.IGNORECASE,
)
_IN_PLACE = re.compile(
    r"\b(?:based\s+in|located\s+in|in|near)\s+(?:the\s+)?"
    r"((?!(?:in|near|based|located|the)\b)[A-Za-z][A-Za-z.'-]*(?:\s+[A-Za-z][A-Za-z.'-]*){0,3})"
    r"\s*$",
    re.IGNORECASE,
)
_INDUSTRY_SUFFIX = re.compile(r"\w(?:tech)\b", re.IGNORECASE)
# "remote, berlin" / "remote in Berlin" / "remote (berlin)": the place a remote role is tied to.
_REMOTE_PLACE = re.compile(
    r"\bremote\s*(?:[,(/-]\s*)?(?:(?:in|from|within|based\s+in)\s+)?"
    r"((?!(?:in|from|within|based|and|or|role|position|job|first|friendly)\b)"
    r"[A-Za-z][A-Za-z.'-]*(?:\s+[A-Za-z][A-Za-z.'-]*){0,2})\s*\)?\s*(?:[,;]|$)",
    re.IGNORECASE,
)
_FILLER = {
    "a",
    "an",
    "the",
    "for",
    "of",
    "in",
    "at",
    "role",
    "position",
    "with",
    "and",
    "based",
    "job",
    # "a JD for this one", "one for them": the role the conversation is about
    "one",
    "ones",
    "them",
    "it",
    "this",
    "that",
    "these",
    "those",
    "someone",
    "somebody",
    "person",
}


@dataclass(frozen=True)
class JDRequest:
    """A job-description request; ``role`` is empty when the text named none."""

    role: str
    level: str | None = None
    location: str | None = None
    industry: str | None = None
    remote: bool = False
    # "hybrid", "on-site": how the role is worked, said in the posting (never an industry)
    arrangement: str | None = None


def canonical_industry(text: str) -> str | None:
    """ "fintech" -> "finance"; None for an industry the knowledge does not describe."""
    for name, aliases in INDUSTRIES.items():
        if any(has_phrase(text, alias) for alias in aliases):
            return name
    return None


def _industry_alias(text: str) -> tuple[str, str] | None:
    for name, aliases in INDUSTRIES.items():
        for alias in aliases:
            if has_phrase(text, alias):
                return name, alias
    return None


def _cut(part: str, phrase: str) -> str:
    """``part`` without ``phrase`` and the "in"/"for" that introduced it ("in fintech")."""
    words = normalize(phrase).split()
    body = r"[\W_]+".join(re.escape(w) for w in words)
    pattern = rf"(?:\b(?:in|for|within|at)\s+(?:the\s+|a\s+|an\s+)?)?(?<![\w$]){body}(?![\w$])"
    return " ".join(re.sub(pattern, " ", part, count=1, flags=re.IGNORECASE).split())


def _location_words(words: str) -> str:
    """The place as the posting shows it: capitalised when typed in lower case ("austin")."""
    words = " ".join(words.split()).strip(" .")
    return words.title() if words.islower() else words


def _is_industry_word(words: str) -> bool:
    """Industry-like words no alias covers: "adtech", "insurtech", "the games sector"."""
    return bool(_INDUSTRY_SUFFIX.search(words))


def _classify_part(part: str, found: dict[str, str]) -> str:
    """Take the industry and place out of one comma-separated part; return what is left."""
    named = _INDUSTRY_WORDS.search(part)
    if named and "industry" not in found:
        found["industry"] = (
            canonical_industry(named.group(0)) or (named.group(1) or named.group(2)).strip().lower()
        )
        part = part[: named.start()] + " " + part[named.end() :]
    alias = _industry_alias(part)
    if alias and "industry" not in found:
        found["industry"] = alias[0]
        part = _cut(part, alias[1])
    place = known_place(part)
    if place and "location" not in found:
        found["location"] = place.name
        part = _cut(part, place.phrase)
    in_place = _IN_PLACE.search(part)
    if in_place and not find_levels(in_place.group(1)):
        words = in_place.group(1).strip()
        # After "in", a place is far likelier than an industry the knowledge does not name:
        # "a junior MLOps engineer in austin" is based in Austin.
        if "location" not in found and not _is_industry_word(words):
            found["location"] = _location_words(words)
        elif "industry" not in found:
            found["industry"] = words.lower()
        part = part[: in_place.start()]
    return part


def parse_jd_options(text: str) -> JDRequest:
    """Read role, level, place, industry and remote from ``text``; nothing is rejected.

    Unrecognised parts after the role ("…, gaming") are kept as the industry so the draft
    can say the knowledge has nothing specific for it.
    """
    body = _LEADING_NOUN.sub("", _REQUEST.sub("", text, count=1), count=1)
    body = _TRAILING_NOUN.sub("", body)
    remote = bool(_REMOTE.search(body))
    arranged = _ARRANGEMENT.search(body)
    body = _ARRANGEMENT.sub(" ", body)
    found: dict[str, str] = {}
    tied = _REMOTE_PLACE.search(body)
    if (
        tied
        and _industry_alias(tied.group(1)) is None
        and not find_levels(tied.group(1))
        # "remote, gaming" names the industry: a place it is tied to is a real place
        and (
            known_place(tied.group(1))
            or place_named(tied.group(1))
            or (len(tied.group(1)) <= 3 and known_place(tied.group(1).upper()))
        )
    ):
        place = known_place(tied.group(1))
        found["location"] = place.name if place else _location_words(tied.group(1))
        body = body[: tied.start(1)] + body[tied.end(1) :]
    body = _REMOTE.sub(" ", body)
    parts = [p.strip() for p in re.split(r"[,;\n()]|\s+-\s+|\s+—\s+", body) if p.strip()]
    role_part = ""
    placed_by = -1  # the part that named the place ("in austin"), for "…, texas" after it
    for index, part in enumerate(parts):
        had_place = "location" in found
        rest = _classify_part(part, found)
        if not had_place and "location" in found:
            placed_by = index
        words = [w for w in normalize(strip_levels(rest)).split() if w not in _FILLER]
        if index == 0 or not role_part:
            role_part = rest
        elif (
            words
            and placed_by == index - 1
            and len(words) <= 2
            and known_place(found["location"]) is None
            # "austin, texas", "austin, tx"; "london, gaming" names the industry
            and (place_named(" ".join(words)) or (len(words) == 1 and len(words[0]) == 2))
        ):
            state = rest.strip().upper() if len(rest.strip()) == 2 else _location_words(rest)
            found["location"] = f"{found['location']}, {state}"
        elif words and "location" not in found and (real := place_named(" ".join(words))):
            # "senior mlops engineer, austin": a bare part naming a real place is the place.
            found["location"] = real
        elif words and "industry" not in found and not rest[:1].isupper():
            found["industry"] = " ".join(words)
        elif words and "location" not in found:
            found["location"] = rest.strip()
    if "location" not in found and (bare := trailing_place(role_part)) is not None:
        # "/jd lead mlops engineer toronto": a real place right after the role, no "in"
        role_part, found["location"] = bare
    levels = find_levels(role_part)
    # "senior or lead" is unusual in a posting; the more senior one is the safer title.
    level = levels[-1] if levels else None
    role = _clean_role(role_part)
    return JDRequest(
        role=role,
        level=level,
        location=found.get("location"),
        industry=found.get("industry"),
        remote=remote,
        arrangement=arranged.group(1).lower().replace(" ", "-") if arranged else None,
    )


# "make it remote", "now for a senior", "same but in healthcare": the words around a change
# to the draft just asked for.
_CHANGE_TEXT = """
make it now same but instead one version do redo again change switch to please pls thanks
for in at the a an based job jd draft position role this that with and also what about how
ok okay so then can could you thing level industry location
"""
_CHANGE_WORDS = frozenset(_CHANGE_TEXT.split())


def parse_jd_change(text: str) -> JDRequest | None:
    """What a follow-up to a draft changes ("now for a senior in Austin": level and place),
    as a request with no role; None when it names no level, place, industry or remote, or
    says more than that ("what skills should it list?" is a question)."""
    rest = normalize(text)
    levels = find_levels(rest)
    level = levels[-1] if levels else None
    rest = strip_levels(rest)
    remote = bool(_REMOTE.search(rest))
    arranged = _ARRANGEMENT.search(rest)
    rest = normalize(_ARRANGEMENT.sub(" ", _REMOTE.sub(" ", rest)))
    industry = _industry_alias(rest)
    if industry is not None:
        rest = cut_phrase(rest, industry[1])
    location = None
    place = known_place(rest)
    if place is not None:
        location, rest = place.name, cut_phrase(rest, place.phrase)
    words = [w for w in rest.split() if w not in _CHANGE_WORDS]
    if words and location is None and (named := place_named(" ".join(words))):
        location, words = named, []  # "and austin?"
    if words or not (level or remote or industry or location or arranged):
        return None
    arrangement = arranged.group(1).lower().replace(" ", "-") if arranged else None
    return JDRequest("", level, location, industry[0] if industry else None, remote, arrangement)


def _clean_role(text: str) -> str:
    """The role words as the user wrote them, without level words and filler."""
    for alias, _ in LEVEL_ALIASES:
        while has_phrase(text, alias):
            text = cut_phrase(text, alias)
    text = re.sub(rf"\b{_JD_NOUN}\b", " ", text, flags=re.IGNORECASE)
    words = [w.strip(".,?!:()") for w in text.split()]
    return " ".join(w for w in words if w and normalize(w) not in _FILLER)
