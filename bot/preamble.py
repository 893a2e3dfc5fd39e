"""What a chat message says before its question: a greeting, the bot's name, "quick q:".

"Hi! what does a lead MLOps engineer do?" asks what "what does a lead MLOps engineer do?"
asks; left in, "hi" would be a word the knowledge never mentions and the question would be
declined for it. A message that is nothing but a greeting is left as it is (it asks for
help).
"""

from __future__ import annotations

import re

_PREAMBLE = re.compile(
    r"^\s*(?:"
    r"(?:hi|hello|hey|hiya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening)|"
    r"morning|afternoon|evening)(?:\s+(?:there|all|team|everyone|folks))?\b"
    r"|@?rolebot\b"
    r"|(?:a\s+)?quick\s+(?:q|question)\b|q\b(?=\s*:)|question\b(?=\s*:)"
    r"|(?:please|pls|plz)\b(?=\s*[,:])"
    # "ok what skills does a lead need?": a word that only takes the turn
    r"|(?:ok(?:ay)?|alright|all\s+right|well|anyway|hmm+)\b(?=[\s,!.-]+(?:what|which|how|who|why|"
    r"when|where|is|are|do|does|can|should)\b)"
    # "anyone know what skills…", "I was wondering what…": asking around the question
    r"|(?:does\s+)?(?:any(?:one|body)|someone|somebody)\s+know\b(?=\s+(?:what|which|how|if|whether|"
    r"who|when|where|why)\b)"
    r"|(?:do\s+you\s+know|i\s+(?:was\s+)?wonder(?:ing)?|i'?m\s+wondering|wondering)\b"
    r"(?=\s+(?:what|which|how|if|whether|who|when|where|why)\b)"
    r")[\s,!.:;-]*",
    re.IGNORECASE,
)


# An emoji as Slack writes it (":wave:"), or what is left of one once a greeting's
# punctuation is taken ("wave:").
_SHORTCODE = re.compile(r":?[a-z0-9_+'-]+:", re.IGNORECASE)
_WORD = re.compile(r"\w")
# Another person @-mentioned ("<@U123> what does…" reaches the core as "@U123 what does…",
# "… cc @jane"): whom the message is addressed to, not what it asks.
_MENTION = re.compile(r"(?:\b(?:cc|fyi|ping)\b\W{0,2})?(?<![\w@.])@[a-z0-9][\w.-]*", re.IGNORECASE)


def without_preamble(text: str) -> str:
    """``text`` without the people it @-mentions, and without the greeting, name and
    "quick q:" before its question; ``text`` itself when nothing else is left (a greeting
    alone, "good morning :wave:", asks for help)."""
    text = _without_mentions(text)
    rest = text
    while (match := _PREAMBLE.match(rest)) and match.end() > 0:
        rest = rest[match.end() :]
    return rest if _WORD.search(_SHORTCODE.sub("", rest)) else text


def _without_mentions(text: str) -> str:
    """``text`` without its @-mentions of people; ``text`` when it is nothing else."""
    rest = " ".join(_MENTION.sub(" ", text).split())
    return rest if rest else text


# Chat shorthand for the words a question is built from: "wat tools do they use", "how much
# r they paid in sf", "do u know…". "r" is "are" only between a question word and what
# follows it ("R" is also a language a guide may list), "u" only after a verb.
_SHORTHAND = (
    (re.compile(r"\b(?:wat|wut|wht|waht|whta|hwat)\b", re.IGNORECASE), "what"),
    (re.compile(r"\bppl\b", re.IGNORECASE), "people"),
    # "a lead mlops eng": in a job title "eng" is the engineer, not engineering ("vp eng")
    (
        re.compile(
            r"\b(mlops|ops|ml|lead|senior|junior|staff|principal|devops|software|platform)"
            r"\s+engr?(s?)\b",
            re.IGNORECASE,
        ),
        r"\1 engineer\2",
    ),
    # "jd for a junior in austin pls": asked politely, not a place called "Austin Pls"
    (re.compile(r"(?<=\w)[\s,]+(?:pls|plz|please|asap)(?=\W*$)", re.IGNORECASE), ""),
    # "how hard is it to hire mlops ppl rn": right now
    (re.compile(r"(?<=\w)\s+(?:rn|atm)(?=\W*$)", re.IGNORECASE), ""),
    # "which tools for that tho": a spoken "though" ends it, asking nothing
    (re.compile(r"(?<=\w)\s+(?:tho|though)(?=\W*$)", re.IGNORECASE), ""),
    (
        re.compile(
            r"\b(what|how|why|where|who|which|when|much|many|often|long|well)\s+r\b(?=\s+\w)",
            re.IGNORECASE,
        ),
        r"\1 are",
    ),
    (re.compile(r"^(\W*)r\b(?=\s+(?:they|you|u|we|the|these|those|leads?)\b)", re.I), r"\1are"),
    (
        re.compile(r"\b(do|does|can|could|would|will|are|should|did|have)\s+u\b", re.I),
        r"\1 you",
    ),
    (re.compile(r"\bur\b", re.IGNORECASE), "your"),
    # "how does a lead work w data scientists", "w/ devops": with
    (re.compile(r"(?<=\w)\s+w/\s*(?=[a-z])", re.IGNORECASE), " with "),
    (
        re.compile(
            r"\b(work|works|working|collaborate|collaborates|collaborating|deal|deals|"
            r"interact|interacts|partner|partners|communicate|communicates|coordinate|"
            r"coordinates|talk|talks|sync|align|along|together)\s+w\s+(?=[a-z])",
            re.IGNORECASE,
        ),
        r"\1 with ",
    ),
    # "tl;dr of the role", "explain it like I'm five": asking for the short version
    (re.compile(r"\btl\s*[;:/]?\s*dr\b", re.IGNORECASE), "tldr"),
    (re.compile(r"\blike\s+i(?:'|’)?\s*a?m\s+(?:five|5)\b", re.IGNORECASE), "simply"),
    # "summarize the role in 3 bullets": how long, not what about ("3" is no topic, and
    # would match "3-6 years"); "in one line" is left to the one-line ask.
    (
        re.compile(
            r"\b(?:in|as|with)\s+(?:\d{1,2}|two|three|four|five|a\s+few)\s+"
            r"(?:bullet\s+points?|bullets?|points?|sentences?|lines?|words?)\b",
            re.IGNORECASE,
        ),
        "briefly",
    ),
)


def spelled_out(text: str) -> str:
    """``text`` with chat shorthand ("wat", "r", "u", "ur") written out."""
    for pattern, replacement in _SHORTHAND:
        text = pattern.sub(replacement, text)
    return text


# "My manager asked me what a lead MLOps engineer does. What should I tell her?", "I need
# to explain to my team what a lead does": the question sits inside the message, said the
# way one reports it.
_REPORTED = re.compile(
    r"^(?!\W*(?:what|how|which|who|why|when|where|is|are|do|does|can|should)\b)"
    r".*?\bwhat\s+(?P<who>(?:an?|the)\s+(?:[\w-]+\s+){0,4}?[\w-]+?)\s+(?:does|do)\b"
    r"(?=\s*(?:[.?!,;]|$|for\s+a\s+living\b))",
    re.IGNORECASE | re.DOTALL,
)


# "…a bunch of backstory. Anyway, long story short: what skills should a lead have?": the
# words that hand over from the story to the question.
_TO_THE_POINT = re.compile(
    r"(?:^|[.!?]\s+|,\s*|\s)(?:anyway|anyways|so)?[\s,]*(?:long\s+story\s+short|tl;?dr|"
    r"bottom\s+line|in\s+short|(?:so\s+)?my\s+question\s+is|the\s+question\s+is|"
    r"question)\s*[:,-]\s*(?P<question>[^:]{8,}\?)\s*$",
    re.IGNORECASE,
)


# "no I meant senior", "sorry, I meant in New York": a correction of the last question,
# asked as the follow-up it is ("what about senior?").
_CORRECTION = re.compile(
    r"^\W*(?:(?:no|nope|nah|sorry|oops|ah|err?m?)\W+)*(?:i\s+meant|i\s+mean|meant)\s+"
    r"(?P<meant>[^?.!]{1,60}?)\W*$",
    re.IGNORECASE,
)


def as_correction(text: str) -> str:
    """ "no I meant senior" as "what about senior?"; ``text`` itself otherwise."""
    match = _CORRECTION.match(text)
    return f"what about {match['meant'].strip()}?" if match else text


def reported_question(text: str) -> str:
    """``text`` as the question it reports ("what does a lead MLOps engineer do?") or
    hands over to after a story ("…long story short: what skills should a lead have?"),
    or ``text`` itself when it reports none or asks one directly."""
    match = _REPORTED.match(text)
    if match:
        return f"what does {match['who']} do?"
    point = _TO_THE_POINT.search(text)
    return point["question"] if point and "?" not in text[: point.start("question")] else text
