"""Is a question covered by the knowledge? Several signals, not one similarity threshold.

A near miss uses the domain's words, so it can score as high as a real question; what gives
it away is its shape: it names a role no document describes, asks how to operate a tool
the knowledge only names, or asks about one company's policies or interviews. Those are
checked first; the similarity of the best unit and how many of the question's words the
knowledge uses at all decide the rest. Whether the answer composed afterwards is about
the question's topic at all is :mod:`bot.answering.coverage`'s judgement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.answering.coverage import topic_of
from bot.answering.shape import Measure, asked_measure, two_questions
from bot.answering.statements import DIGIT, figure_kinds
from bot.knowledge.roles import named_roles, names_level_alone, partner_roles
from bot.retrieval.hybrid import Retrieval, Snapshot
from bot.retrieval.terms import CLITICS, VAGUE, terms
from bot.routing import pays_for_a_thing
from bot.salary.phrases import EMPLOYER_NAMES

Reason = Literal["role", "how_to", "setting", "company", "unrelated", "uncovered", "no_figure"]

# Tuned on the tuning split of eval/questions.yaml (never on held-out). A question is
# declined when its best unit is less similar than MIN_SIMILARITY, or less similar than
# WEAK_SIMILARITY while none of its content words occur in the knowledge at all. On that
# split, off-topic questions score 0.035-0.055 and the weakest in-scope ones 0.17 ("what
# keeps these folks up at night?"); near misses score as high as real questions (up to
# 0.62), so they are left to the shape signals below, and in-scope paraphrases often use
# words the knowledge never does ("temperament", "thrive": 0.24), so unknown words only
# count when nothing else matches.
MIN_SIMILARITY = 0.12
WEAK_SIMILARITY = 0.20
UNKNOWN_SHARE = 1.0

# "this role", "they", "the hire": the question is about the role the knowledge describes.
_REFERS = re.compile(
    r"\b(?:they|them|their|theirs|this|these|such|the hire|candidates?)\b",
    re.IGNORECASE,
)
_COMPARE = re.compile(
    r"\b(?:differ\w*|difference|diff|vs\.?|versus|compar\w*|instead of|rather than|unlike|"
    r"same as|overlap\w*)\b",
    re.IGNORECASE,
)
# Procedure questions: "how do I …", "how to …", "what's the command to …", "…, how?".
_HOW_TO = re.compile(
    r"\bhow (?:do|can|would|should) (?:i|you|one)\b|\bhow to\b|"
    r"\bwhat(?:'s| is) the (?:command|syntax|flag|setting|config\w*)\b|"
    r"\b(?:what|which)\s+[\w.-]+\s+(?:command|syntax|flag)s?\b|"
    r"\b(?:steps|command|syntax) (?:to|for)\b|,\s*how\W*$|"
    r"\b(?:best|right|recommended|easiest|proper|fastest) way to\b|"
    r"\b(?:guide|tutorial|walkthrough|instructions) (?:for|on|to)\b",
    re.IGNORECASE,
)
# Asking for a thing to run rather than a fact: "terraform module for sagemaker?", "a helm
# chart for mlflow": a procedure as much as "how do I…" is.
_ARTIFACT = re.compile(
    r"\b(?:module|modules|script|scripts|snippet|snippets|yaml|manifest|manifests|dockerfile|"
    r"chart|charts|config|configs|playbook|playbooks)\s+"
    r"(?:for|to)\b|"
    # "what Terraform modules should I use for…": the things to run, chosen
    r"\b(?:modules?|settings?|configs?|configurations?|flags?|parameters?|plugins?|charts?|"
    r"providers?|operators?)\s+should\s+(?:i|we)\s+(?:use|set|pick|choose|pass|enable)\b|"
    # "write me a GitHub Actions YAML workflow that…": the artifact itself is asked for
    # (only the verb is the ask: what follows names the tools)
    r"\b(?:write|generate|draft|give|show|paste|send|share|post|provide)\s+(?:me\s+|us\s+)?"
    r"(?=(?:an?\s+|the\s+|some\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:yaml|workflow|script|snippet|dockerfile|manifest|config|code|"
    r"playbook|helm\s+chart|terraform)\b)",
    re.IGNORECASE,
)
# A value to set or a thing to pick, which a guide to a role never gives: "what is the default
# port of the MLflow server?", "which Terraform provider…", "what Prometheus alert threshold
# should we use?", "what p99 latency should we alert on?", "which MLflow version added…",
# "what GPU should I buy".
_SETTING = re.compile(
    r"\b(?:default|which|what(?:'s|’s|s|\s+is|\s+are)?)\s+(?=(?:the\s+|an?\s+)?"
    r"(?:[\w.-]+\s+){0,2}?(?:port|provider|endpoint|threshold|"
    r"cutoff|timeout|latency|latencies|slo|sla)s?\b|"
    # "what PSI value for data drift should…" (not "what value does a lead bring?")
    r"(?:[\w.-]+\s+){1,2}values?\s+(?:for|of|should|to|would|will|triggers?|is\s+(?:good|"
    r"ok|okay|safe|recommended))\b)|"
    r"\bshould\s+(?:i|we)\s+(?=buy\b|purchase\b|order\b)|"
    # "Kubeflow Pipelines v1 and v2": releases named by number
    r"\bv\d+(?:\.\d+)*\b|"
    # ("version control" is a practice, not a release)
    r"\b(?:which|what)(?:'s|’s|s|\s+is|\s+are)?\s+(?=(?:the\s+)?(?:[\w.-]+\s+){0,2}?"
    r"(?:version|release|image)s?\b(?!\s+control))",
    re.IGNORECASE,
)
_OPERATE = re.compile(
    r"\b(?:configur\w*|set(?:ting)? (?:it |that |this )?up|setup|install\w*|deploy\w*|"
    r"register\w*|writ\w*|debug\w*|fix\w*|tun\w*|point\w*|roll\w* back|rollback|connect\w*|"
    r"upgrad\w*|migrat\w*|reset\w*|enabl\w*|lock\w*|run\w*|launch\w*|provision\w*|"
    r"instrument\w*|troubleshoot\w*|restart\w*|scal\w* (?:up|down|out)|import\w*|"
    r"export\w*|delet\w*|remov\w*|uninstall\w*|mount\w*|authenticat\w*|log ?in|"
    # an exam is a procedure too: "how do I pass the AWS ML specialty exam?"
    r"pass|passing|prepar\w*|study|studying|get certified|comput\w*|calculat\w*)\b",
    re.IGNORECASE,
)
# One company's own arrangements: "our PTO", "here", "this company", "at our org".
_COMPANY_REF = re.compile(
    r"\b(?:our|my) (?:company|org\w*|team|employer|firm|policy|handbook|manager)\b|"
    r"\b(?:this|the) company\b|\bat (?:our|my)\b|\bdo we (?:have|get|offer)\b|"
    r"\bhere\W*$|\bour\b",
    re.IGNORECASE,
)
_POLICY = re.compile(
    r"\b(?:polic\w+|pto|paid time off|vacation|holidays?|(?:parental|sick|annual) leave|"
    r"leave policy|visas?|sponsor\w*|headcount|budget|promotion process|promo|"
    r"on[- ]?call|rota|rotation|handbook|expenses?|reimburs\w*|payroll|perks?|relocat\w*|"
    r"tuition|stipends?)\b",
    re.IGNORECASE,
)
_INTERVIEW = re.compile(
    r"\b(?:interview\w*|leetcode|bar raiser|onsite|take[- ]home|hiring loop|loop)\b",
    re.IGNORECASE,
)
# "interviewing for our lead role - which skills should I screen for?": the interview is
# where the guide's skills are looked for, not what is asked about.
_LOOKS_FOR = re.compile(
    r"\b(?:screen|look|test|assess|evaluate|probe|check|filter|vet)(?:ing)?\s+(?:them\s+|"
    r"candidates?\s+|people\s+)?(?:for|on)\b|\bwhich\s+(?:\w+\s+)?(?:skills|qualities|traits)\b",
    re.IGNORECASE,
)
# A named employer: a capitalised word that is not at the start of the question, or (as
# people type in chat) a lower-case word after "at" that is not a common phrase.
_NAMED = re.compile(r"(?<=[\w,;]\s)(?:at\s+)?([A-Z][a-zA-Z]+)(?:'s)?\b")
# "does Google hire…", "is Netflix recruiting…": one employer's hiring.
_EMPLOYER_HIRES = re.compile(
    r"(?<=[\w,;]\s)[A-Z][a-zA-Z]+(?:'s)?\s+(?:hire|hires|hiring|recruit\w*|interview\w*)\b"
    r"|\b(?:is|are)\s+[A-Z][a-zA-Z]+\s+(?:hiring|recruiting)\b"
)
_EMPLOYER = EMPLOYER_NAMES
# What one employer does or asks for, or what "our team" does: facts about an employer the
# knowledge cannot have ("does google require a phd?", "which of those does our team follow?",
# "is remote ok here or are we hybrid?").
_EMPLOYER_FACT = re.compile(
    # "is a PhD required for lead roles at DeepMind?": what one employer asks
    rf"\b(?:at|for|with)\s+{_EMPLOYER}\b(?!\s+(?:cloud|web\s+services|azure|devops|sagemaker)\b)|"
    rf"\b{_EMPLOYER}(?:'s)?\s+(?:hires?|hiring|recruit\w*|interview\w*|requires?|asks?|"
    r"pays?|looks?\s+for|expects?|wants?|offers?|employs?)\b|"
    rf"\b(?:does|do|did|would|will|is|are)\s+{_EMPLOYER}\s+(?:hire|hiring|recruit\w*|"
    r"interview\w*|require|ask|pay|look\s+for|expect|want|offer|use|follow|employ|have|"
    # "how did Netflix solve model drift?": one employer's own practice
    r"solve|handle|deal|manage|approach|tackle|fix|do|run|deploy|monitor|build|structure|"
    r"organi[sz]e|scale|detect|prevent)\b|"
    r"\b(?:does|do|did|is|are|has|have)\s+(?:our|my)\s+(?:team|company|org\w*|employer|"
    r"manager|department|group)\b|"
    r"\b(?:are|do|did|does)\s+we\s+(?:actually\s+|really\s+)?(?:follow|use|have(?!\s+to\b)|"
    r"offer|allow|support|hybrid|remote|in[- ]office)\b|"
    r"\bhere\s+or\b|"
    # "who is the current MLOps Team Lead at our company?": a person at one employer
    r"\bwho(?:'s|\s+is|\s+are)\b.*\bat\s+(?:our|my|your|this)\s+(?:company|org\w*|firm|team)\b|"
    # "which healthcare companies are hiring right now?", "best company to work for": the
    # employers themselves, which a guide to a role does not name
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:companies|employers|firms|startups|orgs|"
    r"organi[sz]ations)\s+(?:are\s+|is\s+)?(?:(?:currently|actively|still)\s+)?(?:hiring|hire|"
    r"recruiting|have\s+(?:open\s+)?(?:roles|openings|positions))\b|"
    r"\bbest\s+(?:company|companies|employers?|places?|firms?)\s+to\s+work\b|"
    # "who is on our MLOps team right now?": the people at one employer
    r"\bwho(?:'s|’s|\s+is|\s+are)\s+(?:on|in)\s+(?:our|my|your|the)\s+(?:[\w-]+\s+)?team\b|"
    # "who is the hiring manager for the req?": a person at one employer
    r"\bwho(?:'s|\s+is|\s+are)\s+(?:the|our|my|your)\s+(?:hiring\s+manager|recruiters?|"
    r"interviewers?|point\s+of\s+contact|contact|hr)\b",
    re.IGNORECASE,
)
_EMPLOYERS_OWN = re.compile(rf"\b{_EMPLOYER}(?:'s|’s|s)\s+(?P<what>[\w-]+)", re.IGNORECASE)
_AT_EMPLOYER = re.compile(
    r"\bat (?!(?:the|a|an|this|that|our|my|your|their|scale|night|work|home|least|all|"
    r"first|once|times?|some|any|most)\b)[a-z][\w-]*\b"
)


# "how much RAM…", "how many GPUs…": what the question counts, up to the verb or preposition
# that follows it (one to three words).
_COUNTED = re.compile(
    r"\b(?:how (?:many|much)|(?:the\s+)?(?:maximum|minimum|max|min|total)\s+number\s+of)\s+"
    r"(?P<thing>[a-z0-9][\w/+-]*(?:\s+[a-z0-9][\w/+-]*){0,2}?)\s+"
    r"(?:do|does|did|is|are|was|were|should|would|will|can|could|might|must|has|have|of|per|"
    r"in|for|on|at|to|go|goes|get|gets|come|comes)\b",
    re.IGNORECASE,
)
# The words that say which kind of figure is asked for, not what it is a figure of.
MEASURE_WORDS = frozenset(
    terms(
        "long soon many much time year years yrs month months week weeks day days hour hours "
        "minute minutes percent percentage proportion ratio fraction share cost costs price "
        "budget money spend spent expensive pricey charge earn paid pay pays salary salaries "
        "compensation average median range become reach ready vs versus worth "
        # "how long from junior to lead?": the rungs a span runs between say what is
        # timed, the years it takes.
        "junior senior director stage stages promotion promoted",
        keep_stopwords=True,
    )
)
# "how many direct reports…", "how big is the team…": the words naming a number of people;
# the team they make up stays the topic.
HEADCOUNT_WORDS = frozenset(
    terms(
        "people persons engineers reports reportees direct members folks ppl employees staff "
        "heads headcount size sizes big large hires",
        keep_stopwords=True,
    )
)
# "does the role *require* travel?", "is Spark *needed*?": in a yes/no question these frame
# what is asked about; they are not its topic (the guide's "Requirements" do not answer
# "travel").
YES_NO_FRAME = frozenset(
    terms(
        "require requires required requirement requirements necessary mandatory must expected "
        "useful helpful needed essential included mentioned listed",
        keep_stopwords=True,
    )
)
# How far down the ranking a unit stating the figure asked for is looked for.
FIGURE_WINDOW = 16


# "what is a feature store?", "explain shadow deployment": a question asking what a term
# means. The term is what follows, to the end; "the …" asks about something the knowledge
# may hold ("what's the career path?"), and "what is X like?" is not a definition.
_DEFINE = re.compile(
    # "…need a deep understanding of ML concepts, so can you explain how X works?"
    r"^(?:[^,;:?]*[,;:]\s*(?:so|but|and|then)?\s*)?"
    r"\s*(?:(?:can|could|would)\s+(?:you|someone)\s+(?:please\s+)?)?"
    r"(?:what\s*(?:'s|’s|\s+is|\s+are)|whats|define|explain(?P<how>\s+how)?|meaning\s+of)\s+"
    r"(?:an?\s+)?(?!(?:the|this|that|these|those|their|its|your|my|our|they|them|it|"
    r"he|she|we|you|i|there|some|any|all|most|good|best)\b)"
    # "explain how gradient descent works during model training": the term before "works"
    r"(?P<term>[a-z0-9][\w/+.-]*(?:\s+[a-z0-9][\w/+.-]*){0,5}?)"
    r"(?:\s+(?:works?|is\s+used|detects?|handles?|computes?|calculates?|measures?|"
    r"compares?|finds?|catches|helps?|prevents?|scales?)\b[^?]*)?\s*[?.!]*\s*$",
    re.IGNORECASE,
)


# Function words of the languages colleagues most often write in besides English: two of
# them among the words the knowledge never uses mean the question is not in English.
_FOREIGN_TEXT = """
el la los las un una unos es son que qué cuánto cuanto cuál cuáles cómo como por para del
les des une est sont quel quelle quels quelles comment combien pour avec dans
der die das und ist sind wie was ein eine einen welche wieviel viel für mit
os um uma são quanto quais qual você o é il lo gli che sono di della nel
macht verdient braucht gibt kann muss sollte hace gana necesita tiene debe
fait gagne faut doit peut faz ganha precisa tem fa guadagna serve
"""
_FOREIGN_WORDS = frozenset(_FOREIGN_TEXT.split())


_LETTERS = re.compile(r"[^\W\d_]+")


def _may_be_foreign(question: str) -> bool:
    """A cheap first look: two of those function words anywhere in ``question``."""
    return len(_FOREIGN_WORDS.intersection(_LETTERS.findall(question.lower()))) >= 2


def foreign(missing: tuple[str, ...]) -> bool:
    """Whether the words a question uses and the knowledge never does read as another
    language ("¿cuánto gana un lead…": "cuánto", "gana", "un")."""
    return sum(word.lower() in _FOREIGN_WORDS for word in missing) >= 2


@dataclass(frozen=True)
class Verdict:
    """Whether to answer; ``other_role`` is set for a role the knowledge does not describe."""

    answer: bool
    reason: Reason | None = None
    other_role: str | None = None
    compare: bool = False
    # For "uncovered": the question's words the knowledge never uses, as the user wrote them.
    missing: tuple[str, ...] = ()
    # For "uncovered": the question's other topical words, which the knowledge does use
    # (stems): lines holding them are the closest it comes.
    related: frozenset[str] = frozenset()
    # For "no_figure" about a number of people: the words one of those lines must also hold
    # (a team, its engineers), so "managing ML models" is not quoted for "how many people
    # does a lead manage?".
    counted: frozenset[str] = frozenset()
    # For "no_figure" about how long a career step takes: the figures of that kind the
    # knowledge does give (the years of experience it asks for) are the closest it comes.
    stated: Measure | None = None
    # For "uncovered": the headings (stems) the closest lines must sit under ("typical
    # relocation package": the pay headings, not Containerization's "package ML models").
    under: frozenset[str] = frozenset()


def judge(
    question: str,
    retrieval: Retrieval,
    snapshot: Snapshot,
    *,
    min_similarity: float = MIN_SIMILARITY,
) -> Verdict:
    """Decide whether ``question`` (this turn's words alone) is covered by the knowledge."""
    # "¿cuánto gana un lead mlops engineer?": matching English words would answer something
    # else.
    if _may_be_foreign(question):
        unknown = topic_of(question, snapshot, ignore=snapshot.title_terms).unknown
        if foreign(unknown):
            return Verdict(False, "uncovered", missing=unknown)
    roles = snapshot.roles
    named = named_roles(question)
    others = [r for r in named if not roles.covers(r)]
    own = [r for r in named if roles.covers(r)]
    # "is a lead a people manager?": a rung named alone is the guide's role, the other
    # title what is asked about it.
    level_alone = names_level_alone(question)
    refers = bool(_REFERS.search(question)) or bool(own) or level_alone
    # "How does a lead work with data scientists?" asks about the lead: a role named only
    # as a partner is not what the question is about.
    partners = partner_roles(question)
    asked_about = [r for r in others if r not in partners]
    if asked_about and not refers:
        return Verdict(False, "role", others[0])
    # "is a lead a product owner?" is answered from the lead's guide, saying it does not
    # describe the other title.
    compare = bool(others) and (
        bool(_COMPARE.search(question)) or (level_alone and bool(asked_about))
    )
    procedure = _tool_how_to(question, snapshot)
    if procedure is not None:
        return Verdict(False, procedure)
    # Who pays for a degree or a certification is one employer's policy.
    if _company_specific(question, snapshot.known_words, snapshot.title_terms) or pays_for_a_thing(
        question, roles.names
    ):
        return Verdict(False, "company")
    measure = asked_measure(question)
    # "how many direct reports…" counts people, whatever it calls them.
    uncounted = None if measure == "headcount" else _uncounted(question, snapshot)
    # "what is a feature store and should we use Feast?": a term asked about in one part
    parts = two_questions(question) or ()
    term = (
        _undefined_term(question, snapshot)
        or next((t for part in parts if (t := _undefined_term(part, snapshot))), None)
        or _unnamed_regulation(question, snapshot)
        or uncounted
        or _unknown_year(question, snapshot)
        or _unmade_forecast(question, snapshot)
    )
    if term is not None:
        return Verdict(False, "uncovered", missing=(term,))
    if _explains_a_named_tool(question, snapshot):
        return Verdict(False, "how_to")
    if _ON_CALL.search(question):
        # "will the lead have to be on-call for production incidents?": the incident lines
        # share its other words; on-call is what is asked, and the knowledge never says it.
        missing = topic_of(question, snapshot, ignore=snapshot.title_terms).unknown
        if any(_ON_CALL.search(word) for word in missing):
            return Verdict(False, "uncovered", missing=missing)
    if measure == "duration" and _HIRING_TIME.search(question) and not _EXPERIENCE.search(question):
        # "how long does it take to hire a lead?": the years of experience asked of a
        # candidate are no time to hire one.
        return Verdict(False, "no_figure")
    topic = figure_topic(question, snapshot, measure) if measure is not None else frozenset()
    if measure is not None and not any(
        states_figure(u.unit.text, snapshot.units.words[u.unit.id], measure, topic)
        for u in retrieval.units[:FIGURE_WINDOW]
    ):
        # "how many weeks of vacation…": the word the knowledge never uses says more.
        frame = snapshot.title_terms | MEASURE_WORDS | _measure_words(measure)
        unknown = topic_of(question, snapshot, ignore=frame).unknown
        if unknown:
            return Verdict(False, "uncovered", missing=unknown)
        # For a number of people, the lines about a team are the closest the knowledge
        # comes ("Team Management: … manage ML engineering teams").
        if measure == "headcount":
            return Verdict(False, "no_figure", related=topic - _PEOPLE, counted=_PEOPLE)
        if measure == "duration" and topic & _CAREER:
            return Verdict(False, "no_figure", stated=measure)
        return Verdict(False, "no_figure")
    best = max((u.dense for u in retrieval.units), default=0.0)
    if best < min_similarity:
        return Verdict(False, "unrelated")
    if best < WEAK_SIMILARITY and unknown_share(question, snapshot) >= UNKNOWN_SHARE:
        return Verdict(False, "unrelated")
    return Verdict(True, other_role=others[0] if compare else None, compare=compare)


# "what should go in a JD?", "how do I write a good job description?": about job
# descriptions in general; "what skills should I put in a job description?" names a topic.
_JD_NOUN = re.compile(
    r"\b(?:job\s+(?:descriptions?|desc|postings?|posts?|ads?|adverts?|listings?)|jds?|"
    r"postings?)\b",
    re.IGNORECASE,
)
_JD_FRAME = frozenset(
    terms(
        "write writing written put include including included go goes good great effective "
        "strong job description descriptions desc jd jds posting postings post ad advert listing "
        "role position contain contains section sections structure format template",
        keep_stopwords=True,
    )
)


def asks_how_to_write_a_jd(question: str, snapshot: Snapshot) -> bool:
    """Whether ``question`` asks about job descriptions in general, naming no topic the
    knowledge could answer (skills, pay): the drafts answer it better than any quote."""
    if not _JD_NOUN.search(question):
        return False
    words = set(terms(snapshot.synonyms.expand(question)))
    return not words - _JD_FRAME - snapshot.title_terms - VAGUE - CLITICS


def asks_setting(question: str) -> bool:
    """Whether ``question`` asks for a value to set or pick ("what's the latest stable
    version of the first one?"), whatever it points at."""
    return _SETTING.search(question) is not None


def asks_procedure(question: str) -> bool:
    """Whether ``question`` asks how to operate something ("how do I install the first
    one?"), whatever it points at."""
    return bool(_HOW_TO.search(question) and _OPERATE.search(question))


def _tool_how_to(question: str, snapshot: Snapshot) -> Reason | None:
    """ "How do I configure Kubeflow pipelines": a procedure for a tool the knowledge only
    names (a proper name it never explains) or does not mention at all ("how_to"); "what
    alert threshold should we use?": a value to set or pick ("setting"). "How do I fix model
    drift?" is neither: the knowledge discusses everything it asks about."""
    setting = _SETTING.search(question)
    artifact = _ARTIFACT.search(question)
    if not (setting or artifact) and not (_HOW_TO.search(question) and _OPERATE.search(question)):
        return None
    rest = _OPERATE.sub(" ", _HOW_TO.sub(" ", _ARTIFACT.sub(" ", _SETTING.sub(" ", question))))
    words = set(terms(snapshot.synonyms.expand(rest)))
    known = snapshot.known_words
    if not (words - known or words & snapshot.units.names):
        return None
    return "setting" if setting and not artifact else "how_to"


# Laws and standards people ask a role guide about ("does HIPAA require…", "which SOC 2
# controls…"): general English, like the employers' names. One the knowledge never names is
# what the question is about; its lines on compliance in general would read as the answer.
_REGULATION = re.compile(
    r"\b(?:gdpr|hipaa|ccpa|cpra|soc\s?[12]|iso\s?27001|iso\s?42001|pci(?:[\s-]?dss)?|fedramp|"
    r"sox|sarbanes[\s-]oxley|nist(?:\s+ai\s+rmf)?|eu\s+ai\s+act|ai\s+act|dora|basel\s+iii|"
    r"ferpa|glba|coppa)\b",
    re.IGNORECASE,
)


def _unnamed_regulation(question: str, snapshot: Snapshot) -> str | None:
    """The law or standard a question names ("HIPAA", "SOC 2") when the knowledge never does."""
    match = _REGULATION.search(question)
    if match is None:
        return None
    named = match.group(0)
    written = r"\s*".join(re.escape(part) for part in named.split())
    return None if re.search(written, snapshot.plain_text, re.IGNORECASE) else named


def _explains_a_named_tool(question: str, snapshot: Snapshot) -> bool:
    """ "explain how kubernetes works": the knowledge names the tool, as one to know, and
    never says how it works; its lines naming it would read as an explanation."""
    match = _DEFINE.match(question)
    if match is None or not match["how"]:
        return False
    stems = set(terms(match["term"]))
    return bool(stems) and stems <= snapshot.units.names


_IN_THE_FIELD = re.compile(
    r"\s+(?:in|for|within|of)\s+(?:mlops|ml\s*ops|ml|machine\s+learning|ai|production|prod)$",
    re.IGNORECASE,
)


def _undefined_term(question: str, snapshot: Snapshot) -> str | None:
    """The term a definition question asks about ("feature store"), when the knowledge
    never uses one of its words: it cannot say what the term means, and lines sharing its
    other word ("feature sets") would answer another question. Elsewhere an unknown word
    is often a paraphrase and other signals decide; in a term it is the topic. A one-word
    term is left to those signals; a term naming the role, a vague one ("a typical day")
    or shorthand the curators spelled out ("accountable for") is not looked up."""
    match = _DEFINE.match(question)
    if match is None:
        return None
    # "what is shadow deployment in MLOps?": the field it is asked in is no part of the term
    term = _IN_THE_FIELD.sub("", match.group("term"))
    stems = terms(term)
    # "explain how backprop works": one word is the term when its workings are asked
    if snapshot.synonyms.matches(term) or len(set(stems)) < (1 if match["how"] else 2):
        return None
    if set(stems) & (snapshot.title_terms | VAGUE):
        return None
    known = snapshot.known_words
    return term if any(stem not in known for stem in stems) else None


_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
_ON_CALL = re.compile(r"\bon[\s-]?call\b|\bpager\b|\bpagerduty\b", re.IGNORECASE)
# "will automated platforms replace MLOps engineers?": a forecast of the job's end.
_FORECAST = re.compile(
    r"^\W*(?:will|would|could|is|are)\b.*?\b(?P<word>replace[ds]?|obsolete|disappear|die\s+out|"
    r"go\s+away|extinct|automated\s+away|redundant|unnecessary)\b",
    re.IGNORECASE,
)


def _unmade_forecast(question: str, snapshot: Snapshot) -> str | None:
    """The word of a forecast the knowledge never makes ("replace"): its growth figures
    would read as an answer."""
    match = _FORECAST.search(question)
    if match is None or set(terms(match["word"])) <= snapshot.known_words:
        return None
    return match["word"]


def _unknown_year(question: str, snapshot: Snapshot) -> str | None:
    """A year the knowledge never mentions ("how large will the market be in 2030?"): its
    figures are of other years, and quoting them would answer another question."""
    years: list[str] = _YEAR.findall(question)
    return next((year for year in years if year not in snapshot.known_words), None)


def _uncounted(question: str, snapshot: Snapshot) -> str | None:
    """What "how many GPUs…" or "how much RAM…" counts, when the knowledge never uses a
    word of it: a figure for something it never mentions cannot be in it, and the
    figures it does give (pay, years) would answer another question."""
    match = _COUNTED.search(question)
    if match is None:
        return None
    thing = match.group("thing")
    known = snapshot.known_words
    spelled = {t for key in snapshot.synonyms.matches(thing) for t in terms(key)}
    for word in thing.split():
        stems = [t for t in terms(word) if t not in VAGUE and t not in spelled]
        if any(t not in known for t in stems):
            return word
    return None


def figure_topic(
    question: str, snapshot: Snapshot, measure: Measure | None = None
) -> frozenset[str]:
    """What a number question asks a figure of: its words without the role's title, chat
    words and the words naming the kind of figure ("how many *years*", "what *percentage*",
    "how many *people*")."""
    words = set(terms(snapshot.synonyms.expand(question)))
    frame = snapshot.title_terms | VAGUE | CLITICS | MEASURE_WORDS | _measure_words(measure)
    # the covered roles' other names too: "team" of "MLOps Team Lead" is who is asked about
    names = {t for name in snapshot.roles.names for t in terms(name)}
    return frozenset(words - frame - names)


_PEOPLE = frozenset(terms("team teams people engineers members staff"))
_CAREER = frozenset(terms("career path progression ladder rung rungs level levels promotion"))


def _measure_words(measure: Measure | None) -> frozenset[str]:
    return HEADCOUNT_WORDS if measure == "headcount" else frozenset()


def states_figure(
    text: str, words: frozenset[str], measure: Measure | None, topic: frozenset[str]
) -> bool:
    """Whether a unit's ``text`` gives a figure of the kind asked for (any figure for
    ``None``) about the question's topic, which its ``words`` (text and headings, from the
    unit index) must share; any such figure when the question names no topic ("how long
    does it take?")."""
    if measure not in figure_kinds(text) if measure else not DIGIT.search(text):
        return False
    return not topic or bool(topic & words)


# "how many years of experience should our hire have?" asks the experience, not the time.
_EXPERIENCE = re.compile(r"\b(?:experience[sd]?|exp|yoe|under\s+\w+\s+belt)\b", re.I)
_HIRING_TIME = re.compile(
    r"\b(?:hire|hiring|fill|filling|recruit\w*|onboard\w*|ramp\s+up|notice\s+period)\b", re.I
)


# Whom the role reports to is each employer's org chart ("does the lead report to the cto or
# vp eng?"); a guide that says it is quoted instead.
_REPORTING = re.compile(
    r"\breport(?:s|ing)?\s+(?:in)?to\b|\breporting\s+(?:lines?|structure|chain)\b|"
    r"\borg\s*chart\b|\bwho\s+(?:is|are|'s)\s+(?:their|the\s+lead'?s|a\s+lead'?s|his|her)\s+"
    r"(?:boss|manager|supervisor)\b|\banswers?\s+to\b",
    re.IGNORECASE,
)


def _company_specific(
    question: str, vocabulary: frozenset[str], title: frozenset[str] = frozenset()
) -> bool:
    """Policies, perks or interviews of one employer, unless the knowledge talks about
    that very thing (a guide with an on-call section answers "who is on call?")."""

    def absent(pattern: re.Pattern[str]) -> bool:
        return any(not set(terms(m.group(0))) <= vocabulary for m in pattern.finditer(question))

    if _EMPLOYER_HIRES.search(question) or _EMPLOYER_FACT.search(question):
        return True
    owned = _EMPLOYERS_OWN.search(question)
    if owned is not None and not set(terms(owned["what"])) <= vocabulary:
        # "how does Uber's Michelangelo platform handle deployment?": one employer's own
        # system, which the knowledge never names
        return True
    if absent(_REPORTING):
        return True
    # "a lead MLOps job": the role's own title names no employer
    named = any(not set(terms(m.group(1))) <= title for m in _NAMED.finditer(question)) or bool(
        _AT_EMPLOYER.search(question)
    )
    if absent(_POLICY) and (_COMPANY_REF.search(question) or named):
        return True
    if (
        absent(_INTERVIEW)
        and (named or _COMPANY_REF.search(question))
        and not _LOOKS_FOR.search(question)
    ):
        # "interview process at our company", "the interview loop at Stripe"
        return True
    return absent(re.compile(r"\bpolic(?:y|ies)\b", re.IGNORECASE))


def unknown_share(question: str, snapshot: Snapshot) -> float:
    """Share of the question's content words that the knowledge never uses."""
    words = set(terms(snapshot.synonyms.expand(question)))
    if not words:
        return 0.0
    known = snapshot.known_words
    return len(words - known) / len(words)
