"""What one unit of knowledge states: an introduction to a list, an ordered chain
("Junior → … → Director of MLOps"), or figures ("3-6 years", "$165,000", "21%")."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot import messages
from bot.answering.shape import Shape
from bot.knowledge.chunking import Chunk
from bot.retrieval.terms import terms

CHAIN = re.compile(r"\s*(?:→|->)\s*")
DIGIT = re.compile(r"\d")
# A figure and what it counts: "3-6 years", "$165,000", "21%", "$5.9 billion".
_FIGURE = re.compile(
    r"(\$)?\d[\d,.]*(?:\s*(?:-|–|to)\s*\$?\d[\d,.]*)?\s*(%|percent|years?|months?|weeks?|days?|"
    r"hours?|billion|million)?",
    re.IGNORECASE,
)
_RATIO = re.compile(r"\b\d+\s*:\s*\d+\b")
# "a team of 5-8 engineers": a number of people.
_HEADCOUNT = re.compile(
    r"\b\d[\d,]*(?:\s*(?:-|–|to)\s*\d[\d,]*)?\+?\s+(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:people|persons|engineers|members|employees|reports|staff|hires)\b",
    re.IGNORECASE,
)
# "The demand … is robust and continues to grow, driven by several key factors:" states a
# fact before its comma; "Here's a comprehensive overview of the requirements:" does not.
_CLAIM_LEAD_IN = re.compile(r"^(.+?\b(?:is|are)\b.+?),\s+\w+(?:ed|en|ing)\b[^:]*:$")
# "Lead MLOps Engineers often face several challenges in their role." announces the list
# its paragraph introduces: it counts things without naming one.
_ANNOUNCES = re.compile(r"\b(?:several|various|some|many|a number of)\s+(?:\w+\s+)?\w{3,}s\b", re.I)
# "These ranges reflect …", "This comprehensive set of requirements ensures …": a sentence
# about what came before it, which read alone does not say what "these" are.
_LOOKS_BACK = re.compile(r"^(?:these|this\s+(?:\w+\s+){0,2}set)\b", re.I)
# "By following these best practices, Lead MLOps Engineers can ensure …": a wrap-up of what
# came before, promising an outcome rather than stating a fact.
_WRAP_UP = re.compile(r"^by\s+\w+ing\s+(?:on\s+)?(?:these|the above)\b", re.I)

# "…candidates should possess a combination of technical prowess, experience, and soft
# skills.": a sentence that names the parts of what follows rather than saying anything
# about one of them.
_NAMES_PARTS = re.compile(r"\b(?:combination|blend|mix|variety)\s+of\b", re.I)


def quotable(unit: Chunk) -> str | None:
    """The text of ``unit`` an answer may quote; None for an introduction to a list or a
    closing wrap-up of one."""
    if _WRAP_UP.search(unit.text):
        return None
    if not unit.lead_in:
        return unit.text
    claim = _CLAIM_LEAD_IN.match(unit.text.strip())
    if claim and not re.search(r"\b(?:here|following)\b", claim.group(1), re.IGNORECASE):
        return claim.group(1)
    return None


def announces_list(text: str) -> bool:
    """Whether ``text``, just before a list's lead-in, only announces that list."""
    return _ANNOUNCES.search(text) is not None


def names_parts(text: str) -> bool:
    """Whether ``text`` only names the parts of what follows ("a combination of A, B and C")."""
    return _NAMES_PARTS.search(text) is not None


def looks_back(text: str) -> bool:
    """Whether ``text`` sums up what came before it ("By following these best practices…")."""
    return _LOOKS_BACK.search(text) is not None


def chain_rungs(text: str) -> list[str]:
    """The rungs an ordered chain names, without what leads into it: "The career progression
    typically follows: Junior MLOps Engineer → … → Director of MLOps." gives the titles."""
    rungs = [r.strip(" .") for r in CHAIN.split(text)]
    rungs[0] = rungs[0].rsplit(": ", 1)[-1]
    return rungs


def chain_step(
    text: str, shape: Shape, other_names: Callable[[str], tuple[str, ...]] = lambda _: ()
) -> str | None:
    """The framing line for "after X" / "before X" from an ordered chain that names X:
    "After MLOps Team Lead: Director of MLOps." (None when the chain has no such rung).
    ``other_names`` gives a rung's other titles: "after Lead MLOps Engineer" is after the
    MLOps Team Lead a ladder puts on the same rung."""
    rungs = chain_rungs(text)
    if len(rungs) < 3:
        return None
    phrase = shape.after or shape.before
    if not phrase:
        return None
    # The rung the words after "after" name best: "mlops team lead" is MLOps Team Lead, not
    # the first rung with "mlops" in it; "mlops engineer" is MLOps Engineer, not Junior
    # MLOps Engineer (fewest words it does not name).
    asked = set(terms(phrase, keep_stopwords=True))

    def fit(i: int) -> tuple[int, int]:
        return max(
            (len(asked & words), -len(words - asked))
            for name in (rungs[i], *other_names(rungs[i]))
            if (words := set(terms(name, keep_stopwords=True)))
        )

    at = max(range(len(rungs)), key=fit)
    if fit(at)[0] == 0:
        return None
    if shape.after:
        nxt = rungs[at + 1 :]
        if not nxt:
            return messages.CHAIN_TOP.format(rung=rungs[at])
        return messages.CHAIN_AFTER.format(rung=rungs[at], next=" → ".join(nxt))
    prev = rungs[:at]
    if not prev:
        return None
    return messages.CHAIN_BEFORE.format(rung=rungs[at], before=" → ".join(prev))


def figure_kind(text: str) -> str | None:
    """What the first figure in ``text`` counts: "money", "duration" or "percent"."""
    return next(iter(figure_kinds(text)), None)


def figure_kinds(text: str) -> list[str]:
    """What each figure in ``text`` counts, in order, once each ("money", "duration",
    "percent"); a ratio ("1:5") is a share like a percentage."""
    kinds: list[str] = []
    for match in _FIGURE.finditer(text):
        unit = (match.group(2) or "").lower()
        kind = None
        if match.group(1):
            kind = "money"
        elif unit.startswith(("year", "month", "week", "day", "hour")):
            kind = "duration"
        elif unit in ("%", "percent"):
            kind = "percent"
        if kind is not None and kind not in kinds:
            kinds.append(kind)
    if _RATIO.search(text) and "percent" not in kinds:
        kinds.append("percent")
    if _HEADCOUNT.search(text):
        kinds.append("headcount")
    return kinds


def figures(text: str) -> set[str]:
    """The figures ``text`` states, as written ("3-6 years", "$165,000")."""
    # "$207,125." at the end of a sentence is the figure "$207,125".
    return {
        m.group(0).strip().rstrip(".,") for m in _FIGURE.finditer(text) if m.group(1) or m.group(2)
    }
