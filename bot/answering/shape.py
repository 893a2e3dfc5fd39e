"""What a question asks for, read from its wording: a list, a number, a choice between two
named things, a yes/no, or the rung after (or before) one on a ladder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.knowledge.roles import named_roles
from bot.retrieval.terms import VAGUE, terms
from bot.salary.phrases import find_levels

FactKind = Literal["number", "choice", "yesno"]
# What a figure the question asks for counts, when its wording says so.
Measure = Literal["duration", "percent", "money", "clock", "headcount"]

_LIST_ASK = re.compile(
    r"\b(?:list|lists|enumerate|all the|every|what are (?:the|their|its|some|his|her)|"
    r"includ\w*|consist\w*|made up of|breakdown)\b",
    re.IGNORECASE,
)
# "what are an MLOps lead's main duties?": a possessive ("an MLOps lead's") counts as one word.
_PLURAL_ASK = re.compile(
    r"^\W*(?:what|which)\s+(?:(?:are|is|were)\s+)?"
    r"(?:(?:an?|the|their|its|your|my)\s+(?:[\w/+-]+\s+){0,3}?[\w-]+['’]s\s+)?"
    r"(?:[\w/+'’-]+\s+){0,3}?([a-z][\w-]{2,}s)\b",
    re.I,
)
# "skills", "lead mlops skills?": a bare noun typed as a search asks for that list; a bare
# job title ("lead engineers") is no list.
_BARE_PLURAL = re.compile(
    r"^\W*(?!(?:any|some|no)\b)(?:[\w/+-]+\s+){0,2}(?!(?:engineers|leads|managers|directors|scientists|roles|"
    r"positions|jobs|folks|people)\b)([a-z][\w-]{2,}s)"
    # "essential skills for an mlops lead (job posting)": whose list, said after it
    r"(?:\s+for\s+(?:an?\s+|the\s+)?(?:[\w/+-]+\s+){0,3}[\w/+-]+)?"
    # "skills pls": a please after it asks the same
    r"(?:\s+(?:please|pls|plz|thanks|thx))?\W*$",
    re.IGNORECASE,
)
_NOT_PLURAL = re.compile(r"(?:ss|us|is|ys)$|^(?:does|was|has|this|its|yes|always)$", re.I)
_NUMBER_ASK = re.compile(
    r"\b(?:how (?:many|much|long|big|old)|what (?:%|percent\w*)|% |percentage|cagr|"
    r"what(?:'s| is) the (?:number|figure|rate|size|growth))",
    re.IGNORECASE,
)
# "how long…", "how many weeks…": a span of time; "what percentage…", "the ratio of…": a
# share; "how much does it cost…", "what's the budget…": an amount of money. Other number
# questions ("how many tools…", "how big…") may be answered by any figure, or by none.
_DURATION_ASK = re.compile(
    r"\bhow (?:long|soon|often|frequently)\b|"
    r"\bhow many (?:years?|yrs?|months?|weeks?|days?|hours?|minutes?)\b|\bhow much time\b",
    re.IGNORECASE,
)
# "how many people does a lead manage?", "what's the team size?": a number of people.
_HEADCOUNT_ASK = re.compile(
    r"\bhow many (?:\w+\s+){0,2}?(?:people|persons|engineers|reports|reportees|members|folks|"
    r"ppl|employees|staff|heads|hires)\b|\bteam\s*sizes?\b|\bheadcount\b|"
    r"\bsize of (?:the|a|an|their|his|her|your|our)\s+(?:\w+\s+){0,2}?teams?\b|"
    r"\bhow (?:big|large) (?:is|are|should|would|will|can|does|do)\b(?:\s+[\w']+){0,3}?\s+teams?\b|"
    # "how big a team does a lead manage?"
    r"\bhow (?:big|large) (?:an?\s+)?teams?\b",
    re.IGNORECASE,
)
# "what time do leads start work?": a time of day, which no figure kind of a guide states.
_CLOCK_ASK = re.compile(r"\b(?:what|which)\s+time\b|\bat\s+what\s+(?:time|hour)\b", re.IGNORECASE)
_PERCENT_ASK = re.compile(
    r"\b(?:percent\w*|proportion|ratio|fraction)\b|%|\bwhat share\b|"
    # "what is the pass rate for…", "how high is the turnover rate?"
    r"\b(?:what|how\s+(?:high|low))(?:'s|\s+is|\s+are|\s+was)?\s+(?:the\s+|a\s+|an\s+|their\s+|"
    r"its\s+|typical\s+|average\s+)*(?:[\w-]+\s+){0,2}?rates?\b",
    re.IGNORECASE,
)
_MONEY_ASK = re.compile(
    r"\bhow much (?:[\w.'-]+\s+){0,6}?(?:cost|costs|spend|spends|spent|charge|charges|earn|earns|"
    r"make|makes|paid|pay|pays|worth)\b|\bhow (?:expensive|pricey)\b|\bhow much money\b|"
    r"\bwhat(?:'s| is| are) the (?:\w+\s+)?(?:cost|costs|price|budget)\b|"
    # "what annual cloud budget does a team lead manage?"
    r"\bwhat\s+(?:\w+\s+){0,2}budgets?\s+(?:does|do|is|are|should|would|will|can)\b|"
    # "how much equity should a lead ask for?": an amount of a kind of pay
    r"\bhow\s+much\s+(?:\w+\s+){0,2}?(?:equity|stock|bonus|bonuses|options|rsus?|shares)\b",
    re.IGNORECASE,
)
# "how much does company size matter for pay?": how much something counts, not a figure.
_COUNTS_FOR = r"matters?|affects?|impacts?|influences?|depends?|vary|varies"
_DEGREE = re.compile(
    rf"\b(?:{_COUNTS_FOR}|changes?|raises?|boosts?|increases?|differs?)\b", re.IGNORECASE
)
_HOW_MUCH_IT_COUNTS = re.compile(
    rf"\bhow much (?:does|do|did|will|would|can|could|should)\b(?=.*\b(?:{_COUNTS_FOR})\b)",
    re.IGNORECASE,
)
_YES_NO = re.compile(
    r"^\W*(?:is|are|do|does|did|should|can|will|would|must|has|have)\b", re.IGNORECASE
)
# The comparatives a question picks one of two things by ("is X faster than Y?").
COMPARATIVES = r"better|worse|faster|slower|cheaper|easier|harder|simpler"
# Each name starts where a word starts, so a long word is scanned once, not from each letter.
# "mlflow or kubeflow?", "is AWS better than Azure?", "terraform vs ansible": two named things.
_CHOICE = re.compile(
    r"(?<![\w./+-])([\w./+-]+)\s*(?:,\s*)?"
    rf"(?:\bor\b|\b(?:{COMPARATIVES}|more\s+useful|more\s+important|safer)\s+than\b|"
    r"\bvs\.?|\bversus\b|\bcompared?s?\s+(?:to|with)\b)"
    r"\s+(?:(?:an?|the)\s+(?=[\w./+-]+\s+(?:test|tool|platform|framework|service|cloud)\b))?"
    r"([\w./+-]+)"
    # "lead mlops vs devops engineer": two roles compared, not two tools to choose between
    r"(?!\s+(?:engineers?|developers?|managers?|leads?|scientists?|analysts?|architects?|"
    r"roles?|specialists?)\b)",
    re.IGNORECASE,
)
# A rung's title runs on for up to three more words, not across "and", "of", "in"…
# ("after mlops team lead", but "past projects and ways of working" names "projects").
_TITLE_WORDS = r"(?:\s+(?!(?:and|or|of|in|for|with|to|the|at|on|is|are|do|does)\b)[a-z][\w-]*){0,3}"
_AFTER = re.compile(
    r"\b(?:after|beyond|above|past|next (?:step|rung|level) (?:after|from|up from))\s+"
    rf"(?:the\s+|a\s+|an\s+)?([a-z][\w-]*{_TITLE_WORDS})",
    re.IGNORECASE,
)
_HOW = re.compile(r"^\W*how\b", re.IGNORECASE)
_BEFORE = re.compile(
    r"\b(?:before|below|under|leading up to|up to|on the way to)\s+(?:the\s+|a\s+|an\s+)?"
    rf"([a-z][\w-]*{_TITLE_WORDS})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Shape:
    """What kind of answer a question wants."""

    wants_list: bool = False
    # The plural noun a "what/which <nouns> …" question asks about ("tools"), stemmed.
    listed: str | None = None
    fact: FactKind | None = None
    # For a number question, what the figure must count (None: any figure).
    measure: Measure | None = None
    choice: tuple[str, str] | None = None
    # The choice asks how the two differ, not which to pick.
    contrast: bool = False
    after: str | None = None
    before: str | None = None


def asked_measure(question: str) -> Measure | None:
    """What the figure a question asks for counts, when its wording says ("how long" → a
    duration); None for other questions, and for counts ("how many tools") any figure or
    a list may answer."""
    if _CLOCK_ASK.search(question):
        return "clock"
    if _DURATION_ASK.search(question):
        return "duration"
    if _HEADCOUNT_ASK.search(question):
        return "headcount"
    if _PERCENT_ASK.search(question):
        return "percent"
    # "how much does company size matter for pay?" asks how much it counts, not an amount.
    if _MONEY_ASK.search(question) and not _DEGREE.search(question):
        return "money"
    return None


# "what are the responsibilities and (the) challenges?": two lists asked for at once.
_TWO_LISTS = re.compile(
    r"^(?P<ask>\W*(?:what|which)\s+(?:[\w/+-]+\s+){0,3}?)(?P<first>[a-z][\w-]{2,}s)"
    r"\s+(?:and|&)\s+(?:the\s+|their\s+|its\s+)?(?P<second>[a-z][\w-]{2,}s)\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


# "what are the must haves vs nice to haves?", "responsibilities vs requirements?": two
# lists set side by side; each is asked for.
_VERSUS_LISTS = re.compile(
    r"^(?P<ask>\W*(?:(?:what|which)\s+(?:[\w/+-]+\s+){0,3}?)?)"
    r"(?P<first>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]{2,}s)\s+(?:vs\.?|versus)\s+(?:the\s+)?"
    r"(?P<second>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]{2,}s)\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def two_lists(question: str) -> tuple[str, str] | None:
    """ "what are the responsibilities and challenges?" (or "… vs …") as the two questions
    it asks ("what are the responsibilities?", "what are the challenges?"), or None. Rungs
    set side by side ("seniors vs leads") are one comparison, not two lists."""
    text = question.strip()
    match = _TWO_LISTS.match(text) or _VERSUS_LISTS.match(text)
    if match is None or any(_NOT_PLURAL.search(match[g]) for g in ("first", "second")):
        return None
    if any(find_levels(match[g]) or named_roles(match[g]) for g in ("first", "second")):
        return None
    ask, rest = match["ask"] or "what are the ", match["rest"]
    return f"{ask}{match['first']}{rest}", f"{ask}{match['second']}{rest}"


# "what tools do they use and how much do they make?": a second question after "and".
_AND_QUESTION = re.compile(
    r"^(?P<first>.+?)[\s,?]+and\s+(?:also\s+|then\s+)?(?P<second>(?:how|what|which|where|who|when|is|are|do|does|"
    r"can|should|would)\b.+)$",
    re.IGNORECASE | re.DOTALL,
)


def two_questions(question: str) -> tuple[str, str] | None:
    """Two questions joined by "and" ("what tools do they use and how much do they
    make?"), or None; two lists in one question are :func:`two_lists`."""
    return _two_asks(_AND_QUESTION.match(question.strip()))


# "who would the lead report to / whats the next step up", "what tools? which clouds?": two
# questions typed one after the other.
_SEPARATE = re.compile(
    r"^(?P<first>.+?)(?:\s+/\s+|\?\s+)(?P<second>(?:how|what|whats|what's|which|where|who|when|"
    r"why|is|are|do|does|can|should|would)\b.+)$",
    re.IGNORECASE | re.DOTALL,
)


def separate_questions(question: str) -> tuple[str, str] | None:
    """Two whole questions typed one after the other ("… report to / whats the next step
    up", "what tools? which clouds?"), each of three words or more; None otherwise."""
    return _two_asks(_SEPARATE.match(question.strip()))


def _two_asks(match: re.Match[str] | None) -> tuple[str, str] | None:
    """The ``first`` and ``second`` questions ``match`` split, when the first starts as a
    question does and each has three words or more."""
    if match is None:
        return None
    first, second = match["first"].strip(" ,;?"), match["second"].strip()
    if not (_QUESTION_WORD.match(first) and len(first.split()) >= 3 and len(second.split()) >= 3):
        return None
    return f"{first}?", second


_QUESTION_WORD = re.compile(
    r"^\W*(?:how|what|what's|which|where|who|when|why|is|are|do|does|can|should|would)\b",
    re.IGNORECASE,
)


def is_yes_no(question: str) -> bool:
    """ "does the role require travel?", "is Spark needed?": answered yes or no."""
    return bool(_YES_NO.search(question.strip()))


def listed_noun(question: str) -> str | None:
    """The plural noun a "what/which <nouns> …" question asks about, as written ("skills")."""
    plural = _PLURAL_ASK.search(question.strip())
    if plural is None or _NOT_PLURAL.search(plural.group(1)):
        return None
    return plural.group(1).lower()


# "which of those are technical?": a kind of the things just listed.
# "technical ones only", "just the soft ones": the same ask, shorter.
_WHICH_OF_THOSE = re.compile(
    r"^\W*(?:and\s+)?(?:which|what)\s+(?:ones?\s+)?of\s+(?:those|these|them|the\s+above)\s+"
    r"(?:are|is)\s+(?:the\s+)?(?P<kind>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\W*$|"
    r"^\W*(?:and\s+)?(?:(?:just|only)\s+)?(?:the\s+)?(?P<adjective>[a-z][\w-]*)\s+ones"
    r"(?:\s+only)?(?:\s+(?:please|pls|plz))?\W*$",
    re.IGNORECASE,
)


def kind_of_listed(question: str, previous: str) -> str | None:
    """ "which of those are technical?" after "what skills does a lead need?" as the question
    it asks ("what technical skills does a lead need?"), or None."""
    match = _WHICH_OF_THOSE.match(question)
    noun = listed_noun(previous)
    if match is None or noun is None:
        return None
    kind = (match["kind"] or match["adjective"]).lower()
    # "which of those are soft skills?": the kind names the noun itself
    named = kind if kind.split()[-1] == noun else f"{kind} {noun}"
    return previous.replace(noun, named, 1)


# "what does the lead do for ci/cd?" then "and for monitoring?": the same question about
# another thing. "any for monitoring?" after "what tools do they use?" narrows instead.
_SWITCH = re.compile(
    r"^\W*(?:and|what\s+about|how\s+about|same\s+(?:question\s+)?for|and\s+what\s+about|"
    r"and\s+how\s+about|ok(?:ay)?,?\s+(?:and|what\s+about|how\s+about))\s+"
    # a short noun phrase, not another question ("and what do they do when…?")
    r"(?:(?P<prep>for|in|on|with|around|regarding|during)\s+)?"
    r"(?P<topic>(?!(?:what|how|which|who|when|why|where|is|are|do|does|did|can|could|should|"
    r"would|will|has|have|much|many)\b)[^?!.,;\s]+(?:\s+[^?!.,;\s]+){0,3})\s*[?!.]*\s*$",
    re.IGNORECASE,
)
# The earlier question's last phrase of that kind: "… do *for ci/cd*?"
_TRAILING_PHRASE = re.compile(
    r"\b(?P<prep>for|in|on|with|around|regarding|during)\s+(?P<topic>[^?!.,;]+?)\s*[?!.]*\s*$",
    re.IGNORECASE,
)
# "how do they solve *the talent shortage one*?": one of a list, named by its words.
_THE_ONE = re.compile(r"\bthe\s+(?P<topic>[\w/+-]+(?:\s+[\w/+-]+){0,2}?)\s+one\b", re.IGNORECASE)
# "which *ci/cd* tools…", "what *cloud* certs…": a kind of thing named by the word before it.
_NAMED_KIND = re.compile(
    r"^\W*(?:which|what)\s+(?!(?:are|is|were|was|do|does|did|the|an?|some|any|kinds?|"
    r"types?|sorts?)\b)(?P<topic>[\w/+-]+)\s+(?:tools?|skills?|practices|platforms?|"
    r"frameworks?|languages?|certs?|certifications?|services|responsibilities|duties|"
    r"challenges|problems|issues|experience|tech|technologies|stack)\b",
    re.IGNORECASE,
)
_NOT_A_TOPIC = re.compile(
    r"^(?:it|its|that|this|those|these|they|them|their|he|she|him|her|you|me|us|more|else|"
    r"now|then|so|also|the\s+rest|other\s+ones?)$",
    re.IGNORECASE,
)


def _names_a_person(phrase: str) -> bool:
    """Whether ``phrase`` names who is asked about ("lead mlops", "a senior engineer")."""
    named = {"people", "person", "someone", "folks", "candidate", "candidates"}
    words = phrase.lower().replace("-", " ").split()
    return bool(words) and (
        bool(named_roles(phrase))
        or bool(find_levels(phrase))
        or bool(set(words) & named)
        or words[-1] in {"lead", "leads", "engineer", "engineers", "eng", "role", "roles"}
    )


def switched_topic(question: str, previous: str) -> str | None:
    """ "and for monitoring?" after "what does the lead do for ci/cd?" as the question it
    asks ("what does the lead do for monitoring?"), or None when the earlier question ends
    on no such phrase (a follow-up then narrows what it asked)."""
    match = _SWITCH.match(question)
    earlier = _TRAILING_PHRASE.search(previous)
    if match is None or _NOT_A_TOPIC.match(match["topic"].strip()):
        return None
    one = _THE_ONE.search(previous)
    if one is not None and not match["prep"] and not _names_a_person(match["topic"]):
        # "how do they solve the talent shortage one? || and security?": the other one
        topic = re.sub(r"^the\s+|\s+one$", "", match["topic"].strip(), flags=re.IGNORECASE)
        return f"{previous[: one.start('topic')]}{topic}{previous[one.end('topic') :]}"
    if earlier is None:
        # "which ci/cd tools should a lead know? || and for orchestration?": the thing the
        # earlier question named before its noun is what changes.
        named = _NAMED_KIND.match(previous)
        if _names_a_person(match["topic"]):
            return None
        topic = match["topic"].strip()
        if named is None:
            # "what would our lead own day to day? || and for monitoring?": the same question
            # about monitoring ("do leads need k8s? || and docker?" asks about docker instead)
            if not re.match(r"^\W*(?:what|which|how)\b", previous, re.IGNORECASE) or re.search(
                r"\b(?:them|it|those|these|that|this)\b", topic, re.IGNORECASE
            ):
                return None
            prep = match["prep"] or "for"
            return f"{previous.rstrip(' ?!.')} {prep} {topic}?"
        return f"{previous[: named.start('topic')]}{topic}{previous[named.end('topic') :]}"
    # "how much experience is needed for lead mlops? || and the degree?": the earlier
    # phrase names who is asked about, not what; the new thing is asked of them.
    # ("how does a lead collaborate with data scientists? || and devops?": after "with" the
    # phrase names a partner, and the new one is another partner)
    if (
        _names_a_person(earlier["topic"])
        and not _names_a_person(match["topic"])
        and earlier["prep"].lower() != "with"
    ):
        return f"what about {match['topic'].strip()} for {earlier['topic'].strip()}?"
    prep = match["prep"] or earlier["prep"]
    return f"{previous[: earlier.start()]}{prep} {match['topic'].strip()}?"


# "what tools for that?": a question whose object points back at the earlier one's thing.
_POINTS_BACK = re.compile(
    r"^(?P<ask>.*\b(?:for|with|about|on|in|to)\s+)(?:that|it|this|those|them)\s*[?!.]*\s*$",
    re.IGNORECASE,
)
# What "what is model drift?" or "tell me about experiment tracking" is about.
_DEFINED_THING = re.compile(
    r"^\W*(?:what(?:'s|\s+is|\s+are)|whats|tell\s+me\s+about|explain|define)\s+"
    r"(?:an?\s+|the\s+)?(?P<thing>[a-z][\w/+-]*(?:\s+[a-z][\w/+-]*){0,3}?)\s*[?!.]*\s*$",
    re.IGNORECASE,
)


# "• languages • clouds • typical salary", "- responsibilities? - challenges?", one per line:
# a message that lists its questions.
_ITEM_MARK = re.compile(r"(?:^|\s)(?:[•▪◦*]|-(?=\s)|\d{1,2}[.)](?=\s))\s*|\n+")
MAX_LISTED_QUESTIONS = 4


def choice_options(text: str) -> list[tuple[str, str]]:
    """The pairs a question asks to choose between ("kubeflow vs airflow", "the cto or vp"),
    as written, whatever the knowledge knows of them."""
    return [(m.group(1), m.group(2)) for m in _CHOICE.finditer(text.strip())]


def listed_questions(text: str) -> list[str] | None:
    """The questions a message lists (two to four, each short), or None when it lists none."""
    text = text.strip()
    starts = _ITEM_MARK.match(text)
    if "\n" not in text and not (starts and starts.end() > 0):
        return None  # "what is ci/cd - and why?" is one question
    items = [i.strip(" ,;") for i in _ITEM_MARK.split(text) if i and i.strip(" ,;")]
    if not 2 <= len(items) <= MAX_LISTED_QUESTIONS or any(len(i) > 120 for i in items):
        return None
    # each one a question or a few words to look up ("clouds"), not a line of a story
    asked = all(i.endswith("?") or (len(i.split()) <= 4 and not i.endswith(".")) for i in items)
    return items if asked else None


def pointed_back(question: str, previous: str) -> str | None:
    """ "what tools for that?" after "what is model drift?" as the question it asks ("what
    tools for model drift?"), or None when either is not of that form."""
    ask = _POINTS_BACK.match(question)
    if ask is None:
        return None
    thing = _DEFINED_THING.match(previous)
    if thing is not None and not _NOT_A_TOPIC.match(thing["thing"]):
        return f"{ask['ask']}{thing['thing']}?"
    # "what metrics should we alert on? || which tools for that?": what the earlier question
    # was about, its content words ("which tools for metric alert?"); the words "tools for
    # that" alone would find every list of tools
    # ("any services on those?" points at the items the last answer listed, not its topic)
    words = [w for w in terms(previous) if w not in VAGUE]
    # ("and for it?" asks for nothing of its own)
    if (
        not words
        or not set(terms(ask["ask"])) - VAGUE
        or re.search(r"\b(?:those|them)\W*$", question, re.IGNORECASE)
    ):
        return None
    return f"{ask['ask']}{' '.join(words)}?"


# "do certs help? like an aws or azure cert": the pair is an example, not a choice.
_EXAMPLE_BEFORE = re.compile(
    r"\b(?:like|e\.?g\.?|such\s+as|say|including|incl\.?)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE
)
# "what's the difference between Apache Spark and Hadoop?": two names contrasted.
_DIFFERENCE = re.compile(
    r"\bdiffer\w*\s+between\s+(?:[\w./+-]+\s+){0,2}?(?P<a>[\w./+-]+)\s+and\s+"
    r"(?:the\s+|an?\s+)?(?P<b>[\w./+-]+)",
    re.IGNORECASE,
)


def question_shape(
    question: str, vocabulary: frozenset[str], names: frozenset[str] = frozenset()
) -> Shape:
    """Read the shape of the answer from the question's wording alone. A choice is between
    two things the knowledge uses, one of them a name it mentions (``names``: "mlflow or
    kubeflow?"), not between two words of a phrase ("hands-on vs total experience")."""
    text = question.strip()
    plural = _PLURAL_ASK.search(text) or _BARE_PLURAL.match(text)
    noun = plural.group(1) if plural and not _NOT_PLURAL.search(plural.group(1)) else None
    listed = next(iter(terms(noun)), None) if noun else None
    wants_list = bool(_LIST_ASK.search(text)) or listed is not None
    choice: tuple[str, str] | None = None
    pairs = [(m.group(1), m.group(2), m.start()) for m in _CHOICE.finditer(text)]
    contrast = _DIFFERENCE.search(text)
    if contrast:
        pairs.append((contrast["a"], contrast["b"], contrast.start("a")))
    for a, b, start in pairs:
        stems = [set(terms(w)) for w in (a, b)]
        if (
            all(stem and stem <= vocabulary for stem in stems)
            and (not names or any(stem <= names for stem in stems))
            and not _EXAMPLE_BEFORE.search(text[:start])
        ):
            choice = (a, b)
    fact: FactKind | None = None
    measure = asked_measure(text)
    if choice:
        fact = "choice"
    elif measure or (_NUMBER_ASK.search(text) and not _HOW_MUCH_IT_COUNTS.search(text)):
        fact = "number"
    elif _YES_NO.search(text):
        fact = "yesno"
    # "what percentage growth in jobs…" wants a figure, not the list of "jobs"; "how many
    # tools…" may be answered by the list.
    figure = fact == "number" and measure is not None
    after = _AFTER.search(text)
    before = _BEFORE.search(text)
    # "how big should the team be under a lead?" asks about the people under one, not the
    # rung below it.
    if before and _HOW.match(text) and before.group(0).lower().startswith(("under", "below")):
        before = None
    return Shape(
        wants_list=wants_list and fact != "choice" and not figure,
        listed=None if figure else listed,
        fact=fact,
        measure=measure if fact == "number" else None,
        choice=choice,
        contrast=bool(choice and contrast and choice == (contrast["a"], contrast["b"])),
        after=after.group(1).lower() if after else None,
        before=before.group(1).lower() if before else None,
    )


# "what's the most important skill for a lead?", "which cloud is best?": a ranking of what
# the guide lists without ranking; asked as the list ("what skills for a lead?").
_SUPERLATIVE = (
    r"(?:single\s+)?(?:most\s+(?:important|valuable|critical|useful|essential|needed|"
    r"in[- ]demand|common|difficult|challenging)|best|top|number\s+one|#1|biggest|greatest|"
    r"hardest|toughest)"
)
_BEST_NOUN = re.compile(
    rf"^\W*(?:what|which)(?:'s|’s|\s+is|\s+are|\s+would\s+be)?\s+(?:the\s+|your\s+)?"
    rf"{_SUPERLATIVE}\s+(?P<noun>[a-z][\w-]*)\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_NOUN_BEST = re.compile(
    rf"^\W*which\s+(?P<noun>(?:[a-z][\w-]*\s+)?[a-z][\w-]*)\s+(?:is|are)\s+(?:the\s+)?"
    rf"{_SUPERLATIVE}\b(?:\s+ones?\b)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "which soft skills matter most?", "top soft skills for a lead?": the same ask
_NOUN_MATTERS = re.compile(
    r"^\W*(?:which|what)\s+(?P<noun>(?:[a-z][\w-]*\s+)?[a-z][\w-]*s)\s+(?:matters?|counts?)\s+"
    r"(?:the\s+)?most\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_TOP_NOUN = re.compile(
    r"^\W*(?:what\s+are\s+)?(?:the\s+)?top\s+(?:\d+\s+|three\s+|five\s+)?"
    r"(?P<noun>(?:[a-z][\w-]*\s+)?[a-z][\w-]*s)\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# Nouns of the guide's own phrases ("best practices") and vague ones ("the best way").
_NOT_RANKED_NOUNS = frozenset(terms("practice practices", keep_stopwords=True))


def as_unranked_list(question: str, vocabulary: frozenset[str]) -> str | None:
    """ "what's the most important skill for a lead?" as the list it picks from ("what
    skills for a lead?"), or None when it asks for no ranking of a thing the knowledge
    (``vocabulary``: its stems) names ("which IDE is best?")."""
    text = question.strip()
    match = (
        _BEST_NOUN.match(text)
        or _NOUN_BEST.match(text)
        or _NOUN_MATTERS.match(text)
        or _TOP_NOUN.match(text)
    )
    if match is None:
        return None
    noun = match["noun"].lower()
    stems = terms(noun, keep_stopwords=True)
    if (
        not stems
        # (the head noun: "MLOps certification" is a certification)
        or stems[-1] in _NOT_RANKED_NOUNS
        or stems[-1] in VAGUE
        or stems[-1] not in vocabulary
    ):
        return None
    plural = noun if noun.endswith("s") else f"{noun}s"
    return f"what {plural}{match['rest']}"


# "what makes someone a great mlops lead?": the qualities the guide lists are its skills.
_MAKES_GOOD = re.compile(
    r"^\W*what\s+makes\s+(?:someone\s+|somebody\s+|one\s+)?(?:an?\s+)?"
    r"(?:great|good|successful|effective|strong|excellent|outstanding)\s+"
    r"(?P<role>(?:[a-z][\w-]*\s+){0,3}(?:lead|engineer|hire|candidate|director|manager))s?"
    r"\W*$",
    re.IGNORECASE,
)


# "what does a lead mlops engineer need to know?": what the guide lists as its skills.
_NEEDS_TO_KNOW = re.compile(
    r"^\W*what\s+(?:else\s+)?(?:does|do|should|must|would|will)\s+(?:an?\s+|the\s+)?"
    r"(?P<role>(?:[a-z][\w-]*\s+){0,3}(?:lead|engineer|hire|candidate|director|manager|"
    r"person|folks|people|guy))s?\s+(?:usually\s+|typically\s+|really\s+|actually\s+)?"
    r"(?:(?:need|needs|have|has|got|ought)\s+to\s+)?know\W*$",
    re.IGNORECASE,
)


# "which skills should we screen for in a lead mlops eng?": the skills a lead needs (the
# screening words would find the Requirements chapter's one flat list, its soft skills).
_SKILLS_SOUGHT = re.compile(
    r"^\W*(?:what|which)\s+skills\s+(?:should|do|would|must|to|can)\s+(?:i\s+|we\s+|you\s+)?"
    r"(?:look|screen|test|assess|check|probe|vet|filter)\s+(?:for|on)"
    r"(?:\s+(?:in|with|when\s+hiring)\s+(?:an?\s+|the\s+|our\s+)?(?P<role>(?:[a-z][\w-]*\s+){0,3}"
    r"(?:lead|engineer|eng|hire|candidate|director|manager)s?))?\W*$",
    re.IGNORECASE,
)


def as_skills_question(question: str) -> str | None:
    """ "what makes someone a great mlops lead?", "what does a lead mlops engineer need to
    know?", "which skills should we screen for?" as "what skills does a lead mlops engineer
    need?"."""
    match = _MAKES_GOOD.match(question.strip()) or _NEEDS_TO_KNOW.match(question.strip())
    if match is not None:
        return f"what skills does a {match['role']} need?"
    sought = _SKILLS_SOUGHT.match(question.strip())
    if sought is not None:
        return f"what skills does a {sought['role'] or 'lead'} need?"
    return None
