"""Decide when a question leans on the previous turn ("and what about salaries?")."""

from __future__ import annotations

import re

from bot import messages
from bot.answering.generative import CITATION
from bot.answering.shape import pointed_back, switched_topic
from bot.answering.statements import CHAIN, chain_rungs
from bot.knowledge.roles import named_roles
from bot.models import Turn
from bot.retrieval.terms import VAGUE, terms
from bot.routing import is_salary_request
from bot.routing import previous_question as previous_question  # (re-exported)
from bot.salary.phrases import find_levels

_LEADS = re.compile(
    r"^(and|also|what about|how about|and what|what else|same for|ok(ay)?|so|then|but|"
    r"tell me more|more (on|about)|go deeper|elaborate|expand on|details on)\b",
    re.I,
)
# "it", "that": a follow-up about a thing said before (the pay), not about people.
_POINTS_AT_THING = re.compile(
    r"\b(?:it|its|that|this|those|these)\b|\bso\s+(?:much|high|low|little)\b", re.I
)
_REFERS = re.compile(r"\b(it|its|they|them|their|this|that|those|these|he|she|him|her)\b", re.I)


# "more detail on the first one", "the 2nd?", "what about number 3", "and the last point"
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7,
    "eighth": 8, "8th": 8, "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "last": -1,
}  # fmt: skip
_POINTED = re.compile(
    rf"\b(?:the\s+)?(?P<word>{'|'.join(_ORDINALS)})\s+(?:one|item|point|bullet|line|bit)\b"
    r"|\b(?:the\s+)?(?P<alone>" + "|".join(_ORDINALS) + r")\s*[?.!]*\s*$"
    r"|(?:#|\bnumber\s+|\bno\.?\s*|\bitem\s+|\bpoint\s+)(?P<number>\d{1,2})\b",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-•*]|\d{1,2}[.)])\s+(?P<text>.+?)\s*(?:\[\d+\])?\s*$")


def pointed_line(question: str, history: list[Turn]) -> str | None:
    """The line of the previous answer that "the first one" / "number 3" points at: the
    question is about that line, whatever else the previous answer said."""
    match = _POINTED.search(question)
    reply = next((t.text for t in reversed(history) if t.role == "assistant"), "")
    if match is None or not reply:
        return None
    lines = []
    for line in reply.split("Sources:", 1)[0].splitlines():
        bullet = _BULLET.match(line)
        if bullet:
            lines.append(bullet.group("text"))
    word = (match.group("word") or match.group("alone") or "").lower()
    index = _ORDINALS[word] if word else int(match.group("number"))
    if not lines or index == 0 or index > len(lines):
        return None
    return lines[index - 1] if index > 0 else lines[-1]


# "what comes next?", "and after that?", "what's the next step up?": the rung after the
# one just talked about.
_NEXT = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|then)\W+)*(?:(?:what|which)(?:'s|’s|s|\s+is|\s+comes?|\s+would\s+be)?"
    r"\s+)?(?:the\s+)?(?:next|after\s+(?:that|it|this|them))(?:\s+(?:step|rung|level|role|move|"
    r"one))?(?:\s+(?:up|then|after\s+that))?\W*$",
    re.IGNORECASE,
)
# How an answer that stepped up the ladder begins ("After Senior MLOps Engineer: …").
_STEPPED = messages.CHAIN_AFTER.split("{", 1)[0]


def next_rung(question: str, history: list[Turn]) -> str | None:
    """ "what comes next?" as the question it asks: what comes after the rung the last
    answer stepped to ("After Senior MLOps Engineer: MLOps Team Lead → …"), or after the one
    rung the last question named ("what does a junior focus on?"); None otherwise."""
    if _NEXT.match(question.strip()) is None:
        return None
    reply = next((t.text for t in reversed(history) if t.role == "assistant"), "")
    first = reply.split("\n", 1)[0]
    if first.startswith(_STEPPED) and ": " in first:
        # "After Senior MLOps Engineer: MLOps Team Lead → …": after the rung it stepped to
        return f"what comes after {chain_rungs(first)[0]}?"
    levels = find_levels(previous_question(history))
    if len(levels) == 1:
        return f"what comes after {levels[0]}?"
    # after the whole ladder ("what's the career path?"): after its last rung
    chain = next((line for line in reply.splitlines() if CHAIN.search(line)), None)
    if chain is None:
        return None
    return f"what comes after {chain_rungs(CITATION.sub('', chain).strip())[-1]}?"


# "is pulumi ok instead?": instead of what was just said
_INSTEAD = re.compile(r"\binstead\b(?!\s+of\b)", re.IGNORECASE)


def is_follow_up(question: str) -> bool:
    """A short or referring question needs the earlier turn to be understood."""
    return (
        bool(_LEADS.search(question.strip()))
        or bool(_REFERS.search(question))
        or bool(_INSTEAD.search(question))
        or (len(terms(question)) <= 2)
    )


def retrieval_query(question: str, history: list[Turn]) -> str:
    """Without an LLM to condense, a follow-up is searched together with the last question;
    one pointing at a line of the previous answer ("the second one") is searched as it."""
    pointed = pointed_line(question, history)
    if pointed is not None:
        return pointed
    previous = previous_question(history)
    switched = (
        (
            next_rung(question, history)
            or switched_topic(question, previous)
            or pointed_back(question, previous)
        )
        if previous
        else None
    )
    if switched is not None:
        # "and for monitoring?" after "what does the lead do for ci/cd?"
        return switched
    return with_previous(previous, question) if previous and is_follow_up(question) else question


def with_previous(previous: str, question: str) -> str:
    """A follow-up's search text: the earlier question's words, then its own.

    After a salary lookup ("what's the salary for a lead in New York?"), a follow-up that
    reached the questions about the people ("what skills do *they* need?") has left pay
    behind: only the role the lookup named carries over, not its pay and place words. One
    about the pay itself ("which skills raise *it*?") keeps them."""
    if is_salary_request(previous, ()) and not _POINTS_AT_THING.search(question):
        previous = " ".join(named_roles(previous))
    return f"{previous} {question}".strip()


# "can you give me a shorter version?", "tl;dr?", "summarize that": the last answer again,
# cut down; not a question about shortness.
_SHORTER = re.compile(
    r"^\W*(?:(?:can|could)\s+(?:you|i)\s+(?:get|give|have)\s+(?:me\s+)?|give\s+me\s+)?"
    r"(?:a\s+|the\s+)?(?:shorter|short|brief(?:er)?|quick(?:er)?|tl;?dr|summar(?:y|ise|ize)"
    r"|too\s+long)(?:\s+(?:version|one|answer|please|pls|that|it|of\s+(?:that|it)))*"
    r"(?:[\s,]+(?:please|pls))?\W*$",
    re.IGNORECASE,
)


# "summarize in one line", "one-liner please": the last answer in a single line.
_ONE_LINE_ASK = re.compile(
    # Each optional part ends on a word and is followed by one run of spaces, so a run of
    # blanks is read one way only (no ambiguity to backtrack through).
    r"^\W*(?:(?:can|could)\s+you\s+|please\s+)?"
    r"(?:(?:summar(?:ise|ize)|sum\s+(?:it|that|this)\s+up|give(?:\s+me)?|say|put)\s+)?"
    r"(?:(?:it|that|this)\s+)?"
    r"(?:in\s+(?:one|1|a|a\s+single)\s+(?:line|sentence)|(?:a\s+)?one[\s-]liner|"
    r"(?:a\s+)?single\s+line)(?:[\s,]+(?:please|pls))?\W*$",
    re.IGNORECASE,
)
# "which of those is most important?", "which one matters most?": the guide lists things
# without ranking them.
_RANKING = re.compile(
    r"^\W*(?:(?:so|and|ok|okay|but)\W+)?(?:which|what)(?:\s+one)?(?:\s+of\s+(?:those|these|them|"
    r"the\s+above))?\s+(?:(?:is|are|would\s+be)\s+(?:the\s+)?(?:most|more|single\s+most|top|"
    r"biggest|main)(?:\s+(?:important|critical|crucial|essential|valuable|urgent|pressing))?|"
    r"matters?\s+(?:the\s+)?most|(?:should|do)\s+(?:i|we)\s+(?:prioriti[sz]e|focus\s+on)(?:\s+first)?|"
    # "which one should i learn first?": an order the guide does not give
    r"(?:should|do|would|could)\s+(?:i|we|you)\s+(?:learn|start\s+with|pick|begin\s+with|"
    r"tackle|study)(?:\s+first)?)"
    r"(?:\s+(?:one|first|of\s+(?:all|them|those|these)))?\W*$|"
    # "ok and the most important?", "and the most critical one?"
    r"^\W*(?:(?:so|and|ok|okay|but)\W+)*(?:the\s+)?(?:single\s+)?most\s+(?:important|critical|"
    r"crucial|essential|valuable|urgent|pressing)(?:\s+(?:one|thing|item|of\s+(?:them|those|these)))?"
    r"\W*$",
    re.IGNORECASE,
)
# "give me an example", "for instance?", "like what?": examples of what was just said.
_EXAMPLE_ASK = re.compile(
    r"^\W*(?:(?:can|could)\s+you\s+)?(?:(?:give|show)\s+(?:me\s+|us\s+)?)?(?:an?\s+|some\s+)?"
    r"(?:examples?|for\s+(?:example|instance)|such\s+as|like\s+what|e\.?g\.?)"
    r"(?:\s+(?:please|pls|of\s+(?:that|those|these|it|them|one)))*\W*$",
    re.IGNORECASE,
)
# A line giving an example: "Use containers (e.g., Docker)", "tools such as Jenkins".
EXAMPLE_MARK = re.compile(
    r"\b(?:e\.g\.|for example|for instance|such as|like|including)(?=\W)", re.IGNORECASE
)


def asks_one_line(question: str) -> bool:
    """Whether ``question`` only asks for the last answer in one line."""
    return _ONE_LINE_ASK.match(question.strip()) is not None


def asks_ranking(question: str) -> bool:
    """Whether ``question`` only asks which of the things just listed matters most."""
    return _RANKING.match(question.strip()) is not None


def asks_example(question: str) -> bool:
    """Whether ``question`` only asks for examples of what was just said."""
    return _EXAMPLE_ASK.match(question.strip()) is not None


# "We're hiring our first MLOps lead. What skills should we look for?": context, then the
# question. Sentences end at . ! or ? before a space; the question is the last one.
# An abbreviation's full stop ("e.g.", "i.e.", "etc.", "vs.") ends no sentence.
# A dash between spaces ends one too: "interviewing for our lead role next wk - which
# skills should I screen for?".
_SENTENCE_END = re.compile(
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<!\bvs\.)(?<=[.!?])\s+(?=\S)|\s+[-–—]+\s+(?=\S)"
)
_QUESTION_OPENS = re.compile(
    r"^\W*(?:how|what|what's|whats|which|where|who|when|why|is|are|do|does|can|could|should|"
    r"would|will|any)\b",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(r"\b(?:that|this|it|its|those|these|there|such)\b", re.IGNORECASE)


def without_context(text: str) -> str:
    """The question of a message that states some context first, when it stands alone;
    ``text`` itself when the question points back at the context ("…drifting. what does
    a lead do about *that*?") or there is no single question at the end."""
    sentences = _SENTENCE_END.split(text.strip())
    if len(sentences) < 2:
        return text
    *context, last = sentences
    if any(c.rstrip().endswith("?") for c in context):
        return text
    # The last sentence must open as a question: "…, e.g. in regulated industries?" is the
    # end of one, not a question of its own.
    if not _QUESTION_OPENS.match(last):
        return text
    # "mlflow or kubeflow - which does a lead need?": "which" alone picks from the context
    if _POINTS_BACK.search(last) or _WHICH_ALONE.match(last):
        return text
    # "governance stuff - what's expected": a topic named in a few words, then the ask
    if len(context) == 1 and _TOPIC_ONLY.match(context[0].strip()):
        return text
    # "hiring is hard, we can't find mlops ppl. what does the guide suggest?": an ask with
    # no topic of its own is about the context
    if not set(terms(last)) - VAGUE - _ASKING:
        return text
    return last


# "governance stuff", "re: security", "quick q about monitoring": a topic, no sentence
_TOPIC_ONLY = re.compile(
    r"^(?!(?:hey|hi|hello|yo|thanks|thx|ok|okay|so|folks|team|all|guys|quick|question|q)\b)"
    r"(?:re:\s*)?[\w/-]+(?:\s+[\w/-]+)?"
    r"(?:\s+(?:stuff|things|question|q|side))?\s*[-–—:,]?$",
    re.IGNORECASE,
)
# Words that only ask ("what does the guide suggest?", "any advice?").
_ASKING = frozenset(
    terms("guide knowledge base suggest suggests recommend recommends advise advice")
)
_WHICH_ALONE = re.compile(
    r"^\W*which\s+(?:one|ones|of|is|are|was|does|do|did|should|would|will|can|could)\b", re.I
)


# "why?", "how come?", "why is that?": asking the reason for the last answer, nothing else.
_WHY = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|but)\W+)*(?:why|how\s+come|what\s+for)"
    r"(?:\s+(?:is|was|are|were)\s+(?:that|it|they|those|these))?"
    r"(?:\s+(?:those|these|them|that\s+one|this\s+one|ones|tho|though))?\W*$",
    re.I,
)


# "that's wrong", "not what I asked": the last answer missed; "huh?", "what do you mean?":
# it was not understood. Neither asks about the knowledge.
_MISSED = re.compile(
    r"^\W*(?:no,?\s+)?(?:that(?:'|’)?s|this\s+is|it(?:'|’)?s|that\s+is|you(?:'|’)?re)\s+"
    r"(?:not\s+(?:what\s+i\s+(?:asked|meant|wanted)|right|correct|it|helpful|relevant)|"
    r"wrong|incorrect|off|irrelevant|unhelpful|useless)(?:\s+(?:at\s+all|though|tho))?\W*$|"
    r"^\W*(?:wrong|nope|not\s+(?:what\s+i\s+(?:asked|meant)|helpful|it|quite))\W*$",
    re.IGNORECASE,
)
_UNCLEAR = re.compile(
    r"^\W*(?:huh|what|wdym|wut|eh|come\s+again|sorry|pardon|what\s+do\s+you\s+mean|"
    r"i\s+don(?:'|’)?t\s+(?:understand|get\s+it)|i(?:'|’)?m\s+confused|confused)\W*$",
    re.IGNORECASE,
)


def missed(question: str) -> bool:
    """Whether ``question`` only says the last answer missed ("that's not what I asked")."""
    return _MISSED.match(question.strip()) is not None


def unclear(question: str) -> bool:
    """Whether ``question`` only says the last answer was not understood ("huh?")."""
    return _UNCLEAR.match(question.strip()) is not None


def asks_why(question: str) -> bool:
    """Whether ``question`` only asks the reason for the last answer."""
    return _WHY.match(question.strip()) is not None


# "top 3 only pls", "just the first two": the last answer's first lines, that many.
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_TOP_N = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|just|only)\W+)*(?:give\s+me\s+)?(?:the\s+)?(?:top|first)\s+"
    r"(?P<n>[1-9]|one|two|three|four|five)(?:\s+(?:only|pls|please|ones|items|points|things))*"
    r"\W*$",
    re.IGNORECASE,
)


def top_lines(question: str) -> int | None:
    """How many of the last answer's lines "top 3 only pls" asks for; None for another ask."""
    match = _TOP_N.match(question.strip())
    if match is None:
        return None
    n = match["n"].lower()
    return _NUMBERS[n] if n in _NUMBERS else int(n)


def wants_shorter(question: str) -> bool:
    """Whether ``question`` only asks for the last answer in fewer words."""
    return _SHORTER.match(question.strip()) is not None
