"""Deterministic intent routing for ``ask`` and ``chat``: salary lookup, JD draft, help or question.

Patterns plus the salary table's role names decide; no LLM is involved, so the same message
always goes to the same place and routing accuracy can be measured (``eval/routing.yaml``).

Advice *about* pay or job descriptions ("what does total comp include?", "what skills should
I put in a job description?") stays a question: the cited answer serves it better than a
table or a full draft.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answering.shape import listed_questions, two_lists, two_questions
from bot.jobdesc.options import JDRequest, parse_jd_change, parse_jd_options
from bot.knowledge.roles import TITLE_ABBREVIATIONS, TITLE_HEADS, named_roles
from bot.models import Intent, Turn
from bot.salary.gazetteer import trailing_place
from bot.salary.lookup import statistic_asked
from bot.salary.phrases import (
    find_levels,
    find_place,
    has_phrase,
    known_place,
    normalize,
    remove_phrase,
    strip_levels,
)

_HELP = re.compile(
    r"^(?:help(?:\s+me)?(?:\s+please)?|\?+|menu|commands|usage|"
    # a greeting alone: "hi", "good morning rolebot :wave:"
    r"(?:hi|hello|hey|hiya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening|day)|"
    r"morning|afternoon|evening)(?:\s+(?:there|all|team|everyone|folks|@?rolebot))?"
    r"(?:\s*:[a-z0-9_+'-]+:)*|"
    r"what can you do|what do you do|"
    r"how do i use (?:you|this|this bot|rolebot)|what can i ask(?: you)?|"
    # about the bot itself: what it covers, where its answers come from, what it is
    r"what (?:can|do) you (?:answer|know|cover|help with)(?: about)?|"
    r"what (?:topics|subjects|questions|things) (?:do|can) you (?:cover|answer|handle|help with)|"
    r"what(?:'s|\s+is|\s+are) your sources?|sources?|citations?|references?|"
    r"where(?:'s|\s+is)\s+(?:that|this)\s+from|what(?:'s|\s+is)\s+the\s+source|"
    r"where (?:does|do) (?:this|the|your) (?:info|information|data|answers?|knowledge) come from|"
    r"who (?:made|built|wrote) you|are you (?:a\s+)?(?:bot|human|person|real)|who are you)\W*$",
    re.IGNORECASE,
)
# "thanks!", "great, thank you", "ok 👍": the conversation is closing, not asking.
_THANKS = re.compile(
    # Each word ends at a word boundary, so "kk" is never also "k" + "k": a long run of
    # letters fails in one pass instead of trying every way to split it.
    r"^(?:(?:(?:thanks?|thank\s+(?:you|u)|thx|ty|tysm|cheers|ta|much\s+appreciated|"
    r"appreciated|appreciate\s+it|great|perfect|awesome|nice|cool|brilliant|excellent|"
    r"got\s+it|makes\s+sense|ok|okay|k|kk|so\s+much|a\s+lot|very\s+much|again|lol|haha|"
    r"lmao)\b"
    # Slack writes emoji as shortcodes: "thanks :pray:", ":+1:"
    r"|:[a-z0-9_+'-]+:"
    r"|\U0001F44D|\U0001F64F|\U0001F64C|\u2764\ufe0f?)[\s,.!:)]*)+$",
    re.IGNORECASE,
)
_JD_NOUN = (
    r"(?:job\s+descriptions?|job\s+desc|jds?|job\s+postings?|job\s+posts?|job\s+ads?|"
    r"job\s+adverts?|job\s+listings?|postings?|role\s+descriptions?)\b"
)
_DRAFT_VERB = (
    r"(?:draft|write|create|generate|prepare|put\s+together|make|produce|compose|build|"
    r"give\s+me|get\s+me|need|want|whip\s+up|spin\s+up|turn\s+.+\s+into)"
)
_QUESTION_START = re.compile(
    r"^(?:how|what|what's|whats|why|which|when|where|who|whom|whose|should|is|are|does|do|"
    r"did|was|were|shall|any)\b",
    re.IGNORECASE,
)
_POLITE_REQUEST = re.compile(r"^(?:can|could|would|will)\s+(?:you|i|we)\b", re.IGNORECASE)
_JD_REQUEST = re.compile(rf"\b{_DRAFT_VERB}\b.*\b{_JD_NOUN}", re.IGNORECASE | re.DOTALL)
_JD_LEADING = re.compile(rf"^\s*(?:new\s+)?{_JD_NOUN}\s*(?:for\b|:)", re.IGNORECASE)
# "jd senior MLOps engineer, remote": the command word the help text teaches, in any chat.
_JD_COMMAND = re.compile(
    r"^\s*/?(?:jds?|job\s+descriptions?)\s+(?!(?:is|are|was|were|vs|versus|or|and|means?|stands?|should|"
    r"tips?|examples?|templates?|advice|best|format)\b)[^?]+$",
    re.IGNORECASE,
)

_SALARY_WORDS = re.compile(
    r"\b(?:salary|salaries|paid|pay|payscale|wage|wages|earn|earns|earning|earnings|"
    r"compensation|comp|income|pay\s+range|pay\s+band|market\s+rate|going\s+rate|"
    # "what's a competitive offer for a lead in new york?": the pay an offer holds.
    r"(?:competitive|fair|reasonable|typical|decent|solid|strong|standard)\s+(?:offer|package)|"
    r"how\s+much\s+(?:more\s+|less\s+)?(?:does|do|would|will|should|can|could|is|are)\b.*"
    r"\b(?:make|makes|earn|get|offer))\b",
    re.IGNORECASE,
)
# "make"/"earn" only count after someone: "what does a senior MLOps engineer make". Job
# title words are general English; shorthand for a whole title ("MLEs", "SREs") is shared
# with :mod:`bot.knowledge.roles`, and a role's own names come from the knowledge.
_PERSON_MAKES = re.compile(
    r"\b(?:engineers?|leads?|directors?|managers?|scientists?|developers?|analysts?|"
    rf"{TITLE_ABBREVIATIONS}|"
    r"chefs?|they|one|someone|people|hire)"
    # "what does a director of mlops make?": a title that names its field after "of"
    r"(?:\s+of\s+(?:ml\s*ops|mlops|ml|machine\s+learning|ai|data|engineering|platform))?"
    r"\s+(?:typically\s+|usually\s+|actually\s+)?"
    r"(?:make|makes|earn|earns|take\s+home|bring\s+in)\b(?!\s+(?:sure|it|them|a\b|an\b|the\b))"
    # then the end, or what pay is asked about ("in NY", "per year", "these days"), not
    # what they make happen ("how do they make experiments reproducible?")
    r"(?=\s*(?:$|[?.!,;)$\d]|(?:in|at|per|a|an|on|as|with|for|from|compared|vs|versus|than|"
    r"more|less|annually|yearly|monthly|typically|usually|nowadays|now|these|today|there|"
    r"here|roughly|approximately|about|around|over|under|after|before|starting|remote\w*)\b))",
    re.IGNORECASE,
)
# "what are common mistakes mlops leads make?", "what decisions do leads make?": a thing
# asked about comes before "make" (what they make, not what they are paid); "what does a
# lead make?", "what kind of money do leads make?" ask the pay.
_MADE_THING = re.compile(
    r"^\W*(?:what|which)(?:'s|’s|\s+(?:are|is|were|was))?\s+(?:(?:the|some|common|typical|"
    # (possessive: "the most a lead makes" may not give back "most" as the thing made)
    r"usual|biggest|big|main|most|key|top|frequent|other|worst|first|one|a|an)\s+)*+"
    r"(?!(?:do|does|did|would|will|can|could|should|might|must|a|an|the|they|you|we|our|your|"
    r"their|kind|kinds|sort|type|amount|money|salary|salaries|pay|figure|range|number|"
    r"average|median|base|total|annual|yearly|least|max|maximum|minimum|starting|going|"
    rf"mlops|ml|junior|senior|mid|lead|leads|staff|principal|{TITLE_HEADS}|"
    rf"{TITLE_ABBREVIATIONS})\b)[a-z][\w-]*\b",
    re.IGNORECASE,
)
# "$180k", "180k", "180,000"; a 401k is a retirement plan, not a figure.
_MONEY = re.compile(r"\$\s?\d|\b(?!401\s?k\b)\d{2,3}\s?k\b|\b\d{3},\d{3}\b", re.IGNORECASE)
# With a role named: "lead mlops range?", "a fair offer for a lead MLOps engineer" (an offer
# as a noun; "what does a lead offer a team?" is no salary ask).
_RANGE_WORDS = re.compile(
    # "the lowest we could reasonably offer", "the most we should pay": an end of the range
    r"\b(?:lowest|highest|least|most)\s+(?:we|i|you|they|one)\s+(?:could|can|should|would|"
    r"might)\s+(?:\w+\s+)?(?:offer|pay)\b|"
    r"\b(?:range|band|ballpark|budget|rate|(?:an?|the|fair|good|competitive|typical|"
    r"reasonable|decent|strong|first|initial|starting)\s+offers?)\b",
    re.IGNORECASE,
)
# Asking what pay consists of or depends on: answered from the text, not the table.
_PAY_ADVICE = re.compile(
    r"\b(?:includ\w*|besides|driv\w*|affect\w*|factors?|influenc\w*|negotiat\w*|bump\w*|"
    r"chang\w*|components?|consist\w*|structur\w*|made\s+up\s+of|breakdown|why|"
    r"matters?|mattering|depends?|depending|impacts?|vary|varies)\b|"
    # "which skills raise the salary?": what raises pay, not a lookup for "which skills".
    # "what pushes a lead's salary higher?", "how can a lead earn more?": what moves pay,
    # not a lookup ("do leads earn more than seniors?" still compares figures)
    r"\bhow\s+(?:can|could|do|does|to|would|should)\b[^?]*\b(?:earn|make|get\s+paid)\s+more\b|"
    r"\b(?:salar(?:y|ies)|pay|comp|compensation|earnings|income)\s+(?:higher|up|lower|down)\b|"
    r"\b(?:raises?|raising|increases?|increasing|boosts?|lifts?|push(?:es)?\s+up)\s+"
    r"(?:the\s+|your\s+|my\s+|their\s+|one'?s\s+|a\s+)?(?:salar\w*|pay\b|comp\w*|earning|income)|"
    # "which industries pay a premium for mlops?": the kinds of employer that pay more (the
    # text's factors); the figures have no industry to look up.
    r"\b(?:which|what)\s+(?:kinds?\s+of\s+|types?\s+of\s+|sorts?\s+of\s+)?"
    r"(?:industr(?:y|ies)|sectors?|compan(?:y|ies)|employers?|firms?|verticals?|cities|"
    r"places|regions|locations|states|countries|hubs)\b|"
    # "what perks beyond base pay come with it?": what else is paid, not how much
    r"\bperks?\b|\bbeyond\s+(?:the\s+|their\s+)?base\b|"
    # "do lead MLOps engineers get equity as part of their pay?": what pay is made of
    r"\b(?:equity|stock\s+options?|profit[- ]sharing|rsus?)\b|\bon\s+top\s+of\s+(?:the\s+)?"
    r"(?:base|salary|pay)\b|\b(?:aside|apart)\s+from\b|"
    # "can i work remote and still get good pay", "can i do this job remote and still get
    # paid well?": what pay depends on
    r"\b(?:work|working|go|going)\s+(?:remote(?:ly)?|from\s+home)\b|"
    r"\b(?:do|doing)\s+(?:this|the|that)\s+(?:job|role|work)\s+(?:remote(?:ly)?|from\s+home)\b|"
    # "can working remotely help an engineer's earnings?": what pay depends on
    r"\b(?:help|helps|helping|hurt|hurts|hurting)\b(?=.*\b(?:salar\w*|pay|comp\w*|"
    r"earnings?|income)\b)",
    re.IGNORECASE,
)

# "do big companies pay more?", "which industries pay the most?": comparing who pays more,
# with no role named, asks what pay depends on (the text's factors), not for a table.
_COMPARES = re.compile(
    r"\b(?:more|less|higher|lower|better|worse|most|least|best|premium)\b", re.IGNORECASE
)


# The first line of a salary reply as every platform keeps it in the history ("Salary
# figures from the knowledge base for ...", "I don't have salary figures for ...").
_SALARY_REPLY = re.compile(r"^[^\n]*\bsalary figures\b", re.IGNORECASE)
# Words a salary follow-up is made of besides a role, a level and a place:
# "and what about a senior one?", "how about for someone in New York then?".
_FOLLOW_UP_VOCABULARY = (
    "and also what whats about how if ok okay so then now same but for instead please just "
    "only "
    "a an the one ones someone somebody person people folks in at on based located "
    "level role roles position positions engineer engineers too say lets let s try of "
    "salary salaries pay range ranges figure figures numbers comp compensation there "
    "thanks thank thx ok okay great cool whats"
)
# "how does that compare to mid-level?": the earlier figures set beside a new level's
_COMPARED_TO = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|but)\W+)*(?:how\s+(?:does|do|would|did)\s+(?:that|this|it|they|those)"
    r"\s+compare|(?:what\s+about\s+)?compared)\s+(?:to|with|against)\b",
    re.IGNORECASE,
)
_FOLLOW_UP_WORDS = frozenset(_FOLLOW_UP_VOCABULARY.split())
_REMARK = re.compile(
    r"^\W*(?:hmm+\W+|ok\W+|okay\W+)?(?:that|this|it|those)(?:'s|\s+is|\s+seems|\s+looks|\s+sounds)"
    r"\s+(?:a\s+bit\s+|kinda\s+|really\s+|pretty\s+|very\s+|too\s+|quite\s+)?"
    r"(?:low|high|steep|cheap|off|odd|wrong|a\s+lot|little)\s*[,;.!-]+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Routed:
    """Where a message goes and what to pass on.

    ``query`` is the text for the salary lookup or the question chain; ``job`` is set for
    job-description requests; ``earlier`` holds the earlier user turns of the salary
    exchange a follow-up continues ("what about a senior one?"), oldest first.
    """

    intent: Intent
    text: str
    query: str
    job: JDRequest | None = None
    earlier: tuple[str, ...] = ()
    # "thanks!": a help reply that only acknowledges.
    thanks: bool = False
    # "source?" after a salary reply: where its figures come from, not the table again.
    sources: bool = False
    # "add python", "shorter", "remove the salary section" after a draft: a help reply
    # saying drafts are rebuilt, not edited.
    edit: bool = False


# "source?", "where is that from?", "citation pls": where the last answer comes from.
_SOURCES_ASK = re.compile(
    r"^\W*(?:(?:what(?:'s|\s+is|\s+are)\s+)?(?:the\s+|your\s+)?(?:sources?|citations?|"
    r"references?|refs?)(?:\s+(?:for|of)\s+(?:that|this|it))?|where(?:'s|\s+is|\s+does)\s+"
    r"(?:that|this|it)\s+(?:from|come\s+from)|says\s+who)(?:\s+(?:please|pls|plz))?\W*$",
    re.IGNORECASE,
)


def asks_for_sources(text: str) -> bool:
    """Whether ``text`` only asks where the last answer comes from ("source?")."""
    return _SOURCES_ASK.match(text) is not None


def previous_question(history: Sequence[Turn]) -> str:
    """The user's last question before this one, or "" at the start of a conversation; a
    "thanks!" in between asks nothing ("…challenges? || thanks! || which of those…")."""
    return next(
        (t.text for t in reversed(history) if t.role == "user" and not is_thanks(t.text)), ""
    )


def is_thanks(text: str) -> bool:
    """ "thanks!", "great, thank you 👍": closing words, no question."""
    return _THANKS.match(" ".join(text.split())) is not None


def _mentions_role(text: str, known_roles: Sequence[str]) -> bool:
    for role in known_roles:
        if has_phrase(text, role) or ((core := strip_levels(role)) and has_phrase(text, core)):
            return True
    return False


def is_job_description_request(text: str) -> bool:
    """A request to draft one ("write a job posting for ..."), not advice about writing one."""
    if _JD_LEADING.search(text) or _JD_COMMAND.search(text):
        return True
    if not _JD_REQUEST.search(text):
        return False
    return not _QUESTION_START.search(text.strip()) or bool(_POLITE_REQUEST.search(text.strip()))


def is_salary_request(text: str, known_roles: Sequence[str]) -> bool:
    """Asking for figures ("how much does a lead MLOps engineer make?"), not pay advice."""
    if _PAY_ADVICE.search(text):
        return False
    if pays_for_a_thing(text, known_roles) or _PAID_THING.search(text) or _MANAGED.search(text):
        return False
    thing = _THING_PAID.search(text)
    if thing is not None and not (
        _mentions_role(thing["what"], known_roles)
        or find_levels(thing["what"])
        or _SOMEONE.search(thing["what"])
    ):
        # "is on-call paid for mlops engineers?": whether a thing is paid for, not how much
        return False
    role = _mentions_role(text, known_roles)
    if _COMPARES.search(text) and not role and not find_levels(text):
        return False
    if _SALARY_WORDS.search(text):
        return True
    if role and _COSTS_US.search(text):
        # "how much would a lead mlops engineer cost us in london?": the pay
        return True
    if role and _FIGURE_END.search(text):
        # "what's the lower end for a lead mlops engineer?": one kind of figure, of a role
        # ("typically" says how often, not which figure)
        return True
    if _PERSON_MAKES.search(text) and not _MADE_THING.search(text):
        return True
    if _HOW_MUCH_FOR.search(text) and (
        role or _POINTS_AT_ROLE.search(text) or find_levels(text) or find_place(text)
    ):
        # "how much for a lead mlops engineer in berlin?", "how much is a senior?", "and how
        # much in new york?"
        return True
    # "we can offer €150k for a lead in berlin": a rung named alone is the guide's role
    role = role or bool(_POINTS_AT_ROLE.search(text)) or bool(find_levels(text))
    return role and bool(_MONEY.search(text) or _pay_range(text))


_COSTS_US = re.compile(
    r"\bhow\s+much\s+(?:would|will|does|do|should|could|might)\b.*\bcost\b", re.IGNORECASE
)
_FIGURE_END = re.compile(
    r"\b(?:lower|low|bottom|top|upper|high|higher)\s+end\b|\bmedian\b", re.IGNORECASE
)
# "what cloud budget does a team lead manage?": money the role looks after, not its pay.
_MANAGED = re.compile(
    r"\b(?:budgets?|spend|spending)\b.*\b(?:manag|own|control|oversee|run|approv)\w*|"
    r"\b(?:manag|own|control|oversee|run|approv)\w*\b.*\b(?:budgets?|spend|spending)\b",
    re.IGNORECASE,
)
# "do leads get paid overtime?", "is paid leave included?": a paid thing, not the pay.
_PAID_THING = re.compile(
    r"\bpaid\s+(?!(?:well|more|less|better|worse|much|enough|fairly|highly|the|a|an|in|for|at|"
    r"by|per|to|as|than|compared|over|around|about|roughly|between|from|under|above|up|within|"
    r"on|with|and|or|if|when|during|vs|these|this|that|nowadays|today|now|there|here|it|them|"
    r"you|me|us)\b)[a-z]{3,}",
    re.IGNORECASE,
)
# "does our company pay relocation?", "do they pay for certifications?": what an employer
# pays for besides pay.
_PAYS_A_BENEFIT = re.compile(
    r"\bpa(?:y|ys|id|ying)\s+(?:for\s+)?(?:the\s+|a\s+|an\s+|your\s+|my\s+|our\s+|any\s+)?"
    r"(?:relocation|moving|tuition|training|courses?|certifications?|certs?|conferences?|"
    r"overtime|on[- ]?call|visas?|travel|equipment|laptops?|education|degrees?|gym|childcare|"
    r"parking|internet|phone|home\s+office|stipends?)\b",
    re.IGNORECASE,
)
# "is on-call paid…?", "is overtime paid extra?": a thing paid for, not someone's pay
_THING_PAID = re.compile(
    r"\b(?:is|are|was|were)\s+(?P<what>[\w-]+(?:\s+[\w-]+)?)\s+paid\b", re.IGNORECASE
)
# "does the employer pay for a masters degree?": paying for a thing, not someone's pay.
_PAYS_FOR = re.compile(r"\bpa(?:y|ys|id|ying)\s+for\s+(?P<what>.*)$", re.IGNORECASE)
_SOMEONE = re.compile(
    rf"\b(?:{TITLE_HEADS}|{TITLE_ABBREVIATIONS}|leads?|people|someone|somebody|talent|hires?|"
    r"roles?|positions?|candidates?|this|that|them|they|we|you|it|one)\b",
    re.IGNORECASE,
)


def pays_for_a_thing(text: str, known_roles: Sequence[str]) -> bool:
    """ "does the employer pay for a masters degree?": paying for something (an employer's
    benefit), not what someone is paid ("what should we pay for this role?")."""
    if _PAYS_A_BENEFIT.search(text):
        # "does our company pay relocation for MLOps leads?": a benefit, with or without "for"
        return True
    paid_for = _PAYS_FOR.search(text)
    # "do they pay more for kubernetes skills?" asks what pay depends on.
    if paid_for is None or _COMPARES.search(text):
        return False
    what = paid_for["what"]
    return not (_mentions_role(what, known_roles) or find_levels(what) or _SOMEONE.search(what))


# "a reasonable budget for this hire?": the role the guide describes, pointed at.
# "how much for a lead in austin?", "how much is a senior mlops engineer?", "how much to
# hire one?": the price of a person, with a role named.
_HOW_MUCH_FOR = re.compile(
    r"^\W*(?:(?:and|ok|okay|so)\W+)*how\s+much\s+(?:for|is|are|would|in|to\s+(?:hire|pay|get))\b"
    r"(?!\s+(?:it|that|this|the\s+(?:market|growth|demand)|experience|time)\b)"
    # "how much is the mlops market worth?", "how much does the tooling cost?"
    r"(?!.*\b(?:market|industry|field|worth|cost|costs|budget)\b)",
    re.IGNORECASE,
)
_POINTS_AT_ROLE = re.compile(
    r"\b(?:this|the|that|a|an|our)\s+(?:new\s+)?(?:hire|role|position|candidate)\b(?!\s*'s)",
    re.IGNORECASE,
)


# "growth rate", "error rate": a rate of something else, not a pay rate.
_OTHER_RATE = re.compile(
    r"\b(?:growth|error|adoption|turnover|attrition|success|failure|retention|churn|interest|"
    r"conversion|acceptance|hiring|employment|unemployment|completion|learning|sampling|"
    r"drift|response|click|job|jobs|market)\s+rate\b|\brate\s+of\b",
    re.IGNORECASE,
)


def _pay_range(text: str) -> bool:
    """ "lead mlops range?", "their rate?": words asking for figures once a role is named."""
    return any(
        m.group(0).lower() != "rate" or not _OTHER_RATE.search(text)
        for m in _RANGE_WORDS.finditer(text)
    )


def is_salary_follow_up(text: str, known_roles: Sequence[str]) -> bool:
    """Only a new role, level or place, nothing else: "what about a senior one?", "and in
    New York?". "What skills do they need?" asks something else and stays a question."""
    # "that seems low, whats typical for a lead?": a remark on the figures shown, then the ask
    rest = normalize(_COMPARED_TO.sub(" ", _REMARK.sub(" ", text)))
    named = False
    for role in sorted(known_roles, key=len, reverse=True):
        while has_phrase(rest, role):
            rest, named = remove_phrase(rest, role), True
    # "and a lead data scientist?": another job title is a new role to look up (the lookup
    # says when it has no figures for it), not a new question
    for title in named_roles(rest):
        rest, named = remove_phrase(rest, title), True
    if find_levels(rest):
        rest, named = strip_levels(rest), True
    place = known_place(text) or find_place(text)
    if place is not None:
        rest, named = remove_phrase(rest, place.phrase), True
    statistic = statistic_asked(rest)
    if statistic:
        # "what's typical?", "and the median?": one kind of figure of the same lookup
        rest, named = remove_phrase(rest, statistic), True
    return named and all(word in _FOLLOW_UP_WORDS for word in rest.split())


# Editing a draft's text rather than asking for another draft: "add python", "shorter",
# "remove the salary section", "make it more formal", "reword the intro".
# "can you …", "pls …", "ok …" before an edit of a draft
_EDIT_OPENING = r"^\W*(?:(?:can|could)\s+you\s+|please\s+|pls\s+|now\s+|ok(?:ay)?\W+|and\s+)?"
_DRAFT_EDIT = re.compile(
    _EDIT_OPENING
    + r"(?:add|remove|delete|drop|cut|trim|shorten|lengthen|expand|include|exclude|rewrite|reword|"
    r"rephrase|tweak|edit|replace|swap|mention|emphasi[sz]e|tone\s+down|"
    r"make\s+(?:it|this|that|the\s+\w+)\s+(?:shorter|longer|more|less|punchier|friendlier|"
    r"casual|formal)|shorter|longer|more\s+(?:formal|casual|concise)|less\s+(?:formal|wordy))\b",
    re.IGNORECASE,
)


# "add the salary", "include a pay range": what the draft should pay, looked up.
_ADD_PAY = re.compile(
    _EDIT_OPENING
    + r"(?:add|include|put\s+in|show)\s+(?:the\s+|a\s+|some\s+)?(?:salary|pay|comp|compensation)"
    r"(?:\s+(?:range|band|figures?|info))?(?:\s+(?:please|pls|too|as\s+well))?\W*$",
    re.IGNORECASE,
)


# "add python and spark to the requirements": the things to add.
_ADDED = re.compile(
    r"^\W*(?:(?:can|could)\s+you\s+|please\s+|pls\s+|now\s+|and\s+)?(?:add|include|mention)\s+"
    r"(?P<what>.+?)(?:\s+(?:to|in|into|under|on)\s+(?:the\s+|it|this|that)\S*.*)?\W*$",
    re.IGNORECASE,
)


def already_in_draft(text: str, history: Sequence[Turn]) -> list[str]:
    """Of the things "add python and spark" asks to add, those the last draft (the last
    assistant turn) already names, as typed; empty when it names none of them."""
    asked = _ADDED.match(text.strip())
    draft = next((t.text for t in reversed(history) if t.role == "assistant"), "")
    if asked is None or not draft:
        return []
    things = [t.strip() for t in re.split(r",|&|\band\b", asked["what"]) if t.strip()]
    return [
        t for t in things if re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", draft, re.IGNORECASE)
    ]


# "which pays more?", "who earns more?", "which one makes more money?": the pay of what the
# last question compared.
_WHICH_PAYS = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|but)\W+)*(?:which|who)(?:\s+one)?\s+(?:pays|earns|makes|gets\s+paid)"
    r"\s+(?:more|better|less|the\s+most)(?:\s+money)?\W*$",
    re.IGNORECASE,
)


# "what pushes it higher?", "what drives that?", "what affects it?": what moves a figure
# pointed at (asked right after a salary question, the pay's factors).
_MOVES_IT = re.compile(
    r"\b(?:push\w*|driv\w*|bump\w*|mov\w*|rais\w*|boost\w*|get\w*|affect\w*|"
    r"influenc\w*|determin\w*|decid\w*|increas\w*|lower\w*)\s+(?:it|that|this|them|those)"
    r"(?:\s+(?:higher|up|lower|down|more))?\W*$",
    re.IGNORECASE,
)
# The kinds of employer or place a question can be about ("what industries hire…?").
_KINDS_OF_EMPLOYER = re.compile(
    r"\b(?:industries|sectors|companies|employers|firms|verticals|cities|places|regions|"
    r"locations|states|countries|hubs)\b",
    re.IGNORECASE,
)


def kind_paid_most(text: str, history: Sequence[Turn]) -> str | None:
    """ "which one pays more?" in a thread that asked about a kind of employer or place
    ("what industries hire…? || should i specialize? || which one pays more?") as the
    question it asks ("which industries pay the most?"); None otherwise."""
    if not _WHICH_PAYS.match(text):
        return None
    for turn in reversed(history):
        kinds = _KINDS_OF_EMPLOYER.search(turn.text) if turn.role == "user" else None
        if kinds is not None:
            return f"which {kinds.group(0).lower()} pay the most?"
    return None


def moves_it(text: str) -> bool:
    """Whether ``text`` asks what moves a thing pointed at ("what pushes it higher?")."""
    return _MOVES_IT.search(text) is not None


def last_draft(history: Sequence[Turn]) -> JDRequest | None:
    """The draft the conversation's last exchange asked for, with the changes asked since;
    None when the last exchange was no draft."""
    current: JDRequest | None = None
    for turn in history:
        if turn.role != "user" or is_thanks(turn.text):
            continue
        if is_job_description_request(turn.text):
            current = parse_jd_options(turn.text)
        elif current is not None and (earlier := parse_jd_change(turn.text)) is not None:
            current = _changed(current, earlier)
        else:
            current = None
    return current


def jd_follow_up(text: str, history: Sequence[Turn]) -> JDRequest | None:
    """The draft the conversation last asked for, changed as ``text`` says ("make it
    remote", "now for a senior", "same but in healthcare"); None when ``text`` is no such
    change or the last exchange was no draft."""
    change = parse_jd_change(text)
    if change is None:
        return None
    current = last_draft(history)
    return _changed(current, change) if current is not None else None


def _changed(job: JDRequest, change: JDRequest) -> JDRequest:
    """``job`` with what ``change`` names; a work arrangement replaces the other one ("make it
    hybrid" after a remote draft is no longer remote, "make it remote" no longer hybrid)."""
    remote = change.remote or (job.remote and not change.arrangement)
    arrangement = change.arrangement or (None if change.remote else job.arrangement)
    return JDRequest(
        job.role,
        change.level or job.level,
        change.location or job.location,
        change.industry or job.industry,
        remote,
        arrangement,
    )


def salary_exchange(history: Sequence[Turn], known_roles: Sequence[str]) -> list[str]:
    """The user turns of the salary exchange the conversation is in, oldest first; empty when
    the last exchange was about something else.

    A turn belongs to it when it asked for figures, followed one up, or got a salary reply
    (a slash command's text may not say "salary" but its reply does).
    """
    exchange: list[str] = []
    last_user = ""
    thanked = False
    for turn in history:
        # "thanks!" and its reply sit inside an exchange without ending it.
        if turn.role == "user" and is_thanks(turn.text):
            thanked = True
            continue
        if turn.role != "user" and thanked:
            thanked = False
            continue
        thanked = False
        if turn.role == "user":
            last_user = turn.text
            if is_job_description_request(turn.text):
                exchange = []
            elif is_salary_request(turn.text, known_roles):
                exchange = [turn.text]
            elif not (exchange and is_salary_follow_up(turn.text, known_roles)):
                exchange = []
            else:
                exchange.append(turn.text)
        elif not _SALARY_REPLY.search(turn.text):
            exchange = []
        elif not exchange and last_user:
            exchange = [last_user]
    return exchange


def _role_and_place(text: str, known_roles: Sequence[str]) -> bool:
    """Nothing but a role the table knows and a place ("lead mlops engineer austin", "senior
    MLOps engineer in Berlin?"): a request for its figures there."""
    if not _mentions_role(text, known_roles):
        return False
    words = normalize(text)
    bare = trailing_place(words)
    if bare is not None:
        words = bare[0]
    else:
        place = known_place(text) or find_place(text)
        if place is None:
            return False
        words = remove_phrase(words, place.phrase)
    return is_salary_follow_up(words, known_roles)


def _asks_more_than_pay(text: str, known_roles: Sequence[str]) -> bool:
    """Whether ``text`` is two questions of which one is not about pay at all ("what tools do
    they use and how much do they make?") and no role is named to look up, rather than a
    lookup and its variant ("… and what about Seattle?"). Naming a role ("how much does a
    lead MLOps engineer make and …") keeps the lookup: its table is the better answer."""
    parts = two_lists(text) or two_questions(text)
    if parts is None or _mentions_role(text, known_roles):
        return False
    return any(
        not is_salary_request(part, known_roles) and not is_salary_follow_up(part, known_roles)
        for part in parts
    )


def route(text: str, known_roles: Sequence[str], history: Sequence[Turn] = ()) -> Routed:
    """Decide the intent of ``text``; ``known_roles`` are the salary table's role names and
    aliases (``SalaryTable.role_terms()``), used for terse asks like "lead mlops range?".

    ``history`` (earlier turns, oldest first) lets a salary follow-up that names only a new
    level or place ("what about mid-level?") stay a salary lookup.
    """
    cleaned = " ".join(text.split())
    if is_thanks(cleaned):
        return Routed("help", text, cleaned, thanks=True)
    if history and asks_for_sources(cleaned):
        # "source?" after an answer: where that answer's lines, or figures, come from
        earlier = salary_exchange(history, known_roles)
        if earlier:
            return Routed("salary", text, cleaned, earlier=tuple(earlier), sources=True)
        return Routed("question", text, cleaned)
    if (not normalize(cleaned) and "?" not in cleaned) or _HELP.match(cleaned):
        return Routed("help", text, cleaned)
    if is_job_description_request(cleaned):
        return Routed("job_description", text, cleaned, parse_jd_options(cleaned))
    if listed_questions(text) is not None:
        # "• languages • clouds • typical salary": each answered from the text, pay too
        return Routed("question", text, cleaned)
    if history and _ADD_PAY.match(cleaned) and last_draft(history) is not None:
        # "add the salary" after a draft: the figures for its level and place, to paste in
        return Routed("salary", text, cleaned)
    if history and _DRAFT_EDIT.match(cleaned) and last_draft(history) is not None:
        # "add python", "shorter", "remove the salary section": the draft's own text edited
        return Routed("help", text, cleaned, edit=True)
    if is_salary_request(cleaned, known_roles):
        if _asks_more_than_pay(cleaned, known_roles):
            # "what tools do they use and how much do they make?": two questions, answered
            # together from the text (its pay lines are cited like any other).
            return Routed("question", text, cleaned)
        return Routed("salary", text, cleaned)
    if _role_and_place(cleaned, known_roles):
        # "lead mlops engineer san francisco": the slash command's words, typed in a chat.
        return Routed("salary", text, cleaned)
    job = jd_follow_up(cleaned, history) if history else None
    if job is not None:
        # "make it remote" after a draft: the same draft, changed.
        return Routed("job_description", text, cleaned, job)
    if history and _WHICH_PAYS.match(cleaned):
        # "how does a lead compare to a senior? || which pays more?": both rungs' figures
        asked = previous_question(history)
        if kind_paid_most(cleaned, history) is not None:
            # "what industries hire mlops leads? || which pays the most?": which of those
            # kinds pays more is one of the text's factors, not a lookup
            return Routed("question", text, cleaned)
        if len(find_levels(asked)) + len(named_roles(asked)) >= 2 or _mentions_role(
            asked, known_roles
        ):
            return Routed("salary", text, cleaned, earlier=(asked,))
        # "salary for senior mlops engineer || what about lead? || which pays more?": the
        # last two rungs the salary exchange looked up, side by side
        exchange = salary_exchange(history, known_roles)
        rungs = list(dict.fromkeys(level for turn in exchange for level in find_levels(turn)))
        if len(rungs) >= 2:
            compared = " vs ".join(rungs[-2:])
            return Routed("salary", text, cleaned, earlier=(f"{compared} {exchange[0]}",))
    if history and is_salary_follow_up(cleaned, known_roles):
        earlier = salary_exchange(history, known_roles)
        if earlier:
            return Routed("salary", text, cleaned, earlier=tuple(earlier))
    return Routed("question", text, cleaned)
