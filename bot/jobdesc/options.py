"""What a job-description request asks for, read from plain words.

Slack's ``/jd senior MLOps engineer, healthcare, remote, new york``, Teams' ``jd ...`` and a
routed "draft a JD for a senior MLOps engineer in fintech" all become one :class:`JDRequest`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.salary.phrases import (
    LEVEL_ALIASES,
    cut_phrase,
    find_levels,
    has_phrase,
    known_place,
    normalize,
    strip_levels,
)

# Industries the knowledge describes, and the words people use for them.
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
_TRAILING_NOUN = re.compile(rf"\s+{_JD_NOUN}\s*[.?!]*\s*$", re.IGNORECASE)
_REMOTE = re.compile(
    r"\b(?:fully[\s-]+)?remote(?:[\s-]+first|[\s-]+friendly)?\b|\bwork(?:ing)? from home\b|\bwfh\b",
    re.IGNORECASE,
)
_INDUSTRY_WORDS = re.compile(
    r"\b(?:in|for)\s+(?:the\s+|a\s+|an\s+)?([a-z][\w &-]*?)\s+(?:industry|sector|space|company)\b"
    r"|\bindustry\s*[:=]\s*([a-z][\w &-]*)",
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
}


@dataclass(frozen=True)
class JDRequest:
    """A job-description request; ``role`` is empty when the text named none."""

    role: str
    level: str | None = None
    location: str | None = None
    industry: str | None = None
    remote: bool = False


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
        part = cut_phrase(part, alias[1])
    place = known_place(part)
    if place and "location" not in found:
        found["location"] = place.name
        part = cut_phrase(part, place.phrase)
    in_place = re.search(r"\b(?:in|based in|located in|near)\s+([A-Za-z][A-Za-z .'-]*)$", part)
    if in_place and "location" not in found and not find_levels(in_place.group(1)):
        words = in_place.group(1).strip()
        if words[:1].isupper():
            found["location"] = words
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
    body = _REMOTE.sub(" ", body)
    parts = [p.strip() for p in re.split(r"[,;\n]|\s+-\s+|\s+—\s+", body) if p.strip()]
    found: dict[str, str] = {}
    role_part = ""
    for index, part in enumerate(parts):
        rest = _classify_part(part, found)
        words = [w for w in normalize(strip_levels(rest)).split() if w not in _FILLER]
        if index == 0 or not role_part:
            role_part = rest
        elif words and "industry" not in found and not rest[:1].isupper():
            found["industry"] = " ".join(words)
        elif words and "location" not in found:
            found["location"] = rest.strip()
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
    )


def _clean_role(text: str) -> str:
    """The role words as the user wrote them, without level words and filler."""
    for alias, _ in LEVEL_ALIASES:
        while has_phrase(text, alias):
            text = cut_phrase(text, alias)
    words = [w.strip(".,?!:()") for w in text.split()]
    return " ".join(w for w in words if w and normalize(w) not in _FILLER)
