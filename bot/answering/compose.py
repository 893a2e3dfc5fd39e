"""Compose an extractive answer from scored units: the facts that answer, grouped by section.

Every line is text from the knowledge (a whole unit, or a leading clause of one) followed by
its citation, except the few framing lines in :mod:`bot.messages` ("After MLOps Team Lead:
Director of MLOps.", "These figures differ…"), which carry no citation number because no
source holds them verbatim.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from typing import TypeVar

from bot import messages
from bot.answering.scope import MEASURE_WORDS, figure_topic, states_figure
from bot.answering.shape import COMPARATIVES, Shape, question_shape
from bot.answering.statements import (
    CHAIN,
    DIGIT,
    announces_list,
    chain_rungs,
    chain_step,
    figure_kind,
    figure_kinds,
    figures,
    looks_back,
    names_parts,
    quotable,
)
from bot.knowledge.chunking import Chunk
from bot.knowledge.roles import TITLE_ABBREVIATIONS, TITLE_HEADS, named_roles
from bot.models import Source
from bot.retrieval.hybrid import Retrieval, Snapshot
from bot.retrieval.terms import CLITICS, VAGUE, containment, terms
from bot.retrieval.units import ScoredUnit
from bot.salary.phrases import find_levels

# Tuned on the tuning split of eval/questions.yaml (never on held-out), against answer
# length and fact recall together. Recall on that split is flat above these budgets
# (0.897), so they are the smallest that reach it; larger ones only add length.
# - a fact is quoted when its score is at least this share of the best unit's score
#   (PRIMARY_RELATIVE for the other lines of the best unit's own section);
RELATIVE = 0.7
PRIMARY_RELATIVE = 0.6
# After a figure that answers "how many / what percent…", the share other lines need.
AFTER_FIGURE = 0.85
# "what is the lead expected to own for model monitoring?": a line of the chapter the
# question's chat words name (own → responsibilities) answers first when it scores at least
# this share of the best line (a monitoring challenge outscored the monitoring duties).
# Set by judgement, the same share as AFTER_FIGURE: nearly as good.
CHAPTER_ASKED = 0.85
# - at most this many facts, and about this many characters of them, per answer;
MAX_FACTS = 6
FACT_BUDGET = 700
# - a whole list (asked for by the question) is quoted up to this many characters;
LIST_BUDGET = 850
# A sentence around a list or above subsections frames them rather than stating a fact:
# its score counts this much. Set by judgement, not tuned (the tuning split scores the
# same from 0.7 to 1.0; p90 length 765 vs 777 characters at 1.0).
FRAMING = 0.85
# Set by reading the knowledge, not tuned: a list this short is one fact in parts
# ("Challenge: …" / "Solution: …") and is quoted together; an ordered chain ("A → B → C")
# or a second figure is looked for this far down the ranking; two lines whose content
# words overlap this much say the same thing and are quoted once.
PAIR = 2
# Set by judgement: a list of up to SHORT_LIST lines, quoted two or more, is quoted whole
# when that keeps the facts within FACT_BUDGET + SHORT_LIST_SLACK characters (tuning split:
# fact recall 0.857 -> 0.868, p90 length 765 -> 808).
SHORT_LIST = 4
SHORT_LIST_SLACK = 150
WINDOW = 8
NEAR_DUPLICATE = 0.8
# Set by judgement, not tuned: a list question is narrowed to one subsection whose heading
# holds at least this share of the question's own words ("best practices for
# reproducibility": 1 of 1).
NARROWING_SHARE = 0.5

T = TypeVar("T")

# Heading words that rank a list rather than say what is in it ("Essential Skills", "Core
# Responsibilities", "Key …"): general English, beside the vague chat words.
_GENERIC = VAGUE | frozenset(terms("essential core primary principal"))

# "difference between a senior and a lead", "senior vs lead", "hire a lead or a senior?"
_COMPARES = re.compile(
    r"\b(?:differ\w*|difference|vs\.?|versus|compar\w*|or|between|than|from|same\s+as|"
    r"like)\b",
    re.I,
)

# "what is MLOps?", "what does MLOps mean?": the term a definition question asks about.
_DEFINITION_ASK = re.compile(
    r"^\W*(?:(?:what\s*(?:'s|’s|\s+is|\s+are)|whats|define|explain|meaning\s+of)\s+(?:an?\s+)?"
    r"(?P<term>[\w/+-]+(?:\s+[\w/+-]+)?)|what\s+does\s+(?P<meant>[\w/+-]+(?:\s+[\w/+-]+)?)"
    r"\s+(?:mean|stand\s+for))\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# At most this many lines answer a definition question.
DEFINING = 3
_STUDY = frozenset(terms("learn learning study studying master"))
_LEARNING_SUBJECT = re.compile(r"\b(?:machine|deep|reinforcement|statistical)\s+learning\b", re.I)
# What a figure counts: shared by any two figures of a kind, so no sign of a shared topic.
# Words that ask about pay: a question without one is not answered with salary figures,
# which beside "how do I go from senior to lead?" only match its level words.
_PAY = frozenset(
    terms(
        "pay paid pays paying salary salaries compensation compensated comp earn earns earning "
        "earnings income wage wages money bonus bonuses equity stock offer offers range ranges "
        "cost costs budget worth package packages dollars usd tc rate rates"
    )
)
# What a salary line's own words or headings say it is ("Salary Ranges", "US Range"); a
# market's size in dollars is not pay.
_SALARY = frozenset(terms("salary salaries pay compensation range ranges earn wage income"))
# A label is a few words before a colon ("Key Players: …"), not a sentence.
_LABEL_CHARS = 40
_WHY_OR_HOW = re.compile(r"\s*(?:why|how)\b", re.IGNORECASE)
_WHY = re.compile(r"\W*(?:and\s+|but\s+|so\s+)?why\b", re.IGNORECASE)
# A line that gives a reason for what it states.
_REASON = re.compile(
    r"\b(?:reflect\w*|because|due\s+to|driven\s+by|owing\s+to|as\s+a\s+result\s+of|"
    r"thanks\s+to)\b",
    re.IGNORECASE,
)
# "is Kubeflow better than MLflow?": a ranking asked for, which "Both:" would seem to answer.
# "is X better than Y?", "which is faster, X or Y?": the quality asked about
_BETTER = re.compile(
    r"\b(?P<how>better|worse|more\s+\w+|less\s+\w+|(?!(?:rather|other|either)\b)[a-z]+er)"
    r"\s+than\b|"
    r"\b(?:which|what)\s+(?:one\s+)?(?:\w+\s+){0,2}?(?:is|'s|’s|s|would\s+be)\s+(?:the\s+)?"
    rf"(?P<how2>{COMPARATIVES}|best|worth\s+more|more\s+\w+|less\s+\w+)\b",
    re.IGNORECASE,
)
# "AWS, GCP or Azure": three or more named things to choose from
_SERIES = re.compile(
    r"([\w./+-]+)\s*,\s*([\w./+-]+)\s*,?\s*(?:or|vs\.?|versus)\s+([\w./+-]+)", re.IGNORECASE
)
# "where does this role go next career-wise?", "what's the next step for this role?": the
# rung after the guide's own.
_ROLE_NEXT = re.compile(
    r"\bwhere\s+(?:does|do|can|could|would|will)\s+(?:this|the|a|an)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:role|job|position|lead|engineer)s?\s+(?:go|lead|move)\b|"
    r"\bwhat(?:'s|\s+is|\s+comes)\s+(?:the\s+)?next\s+(?:step|rung|level|move)\s+(?:for|after)\s+"
    r"(?:this|the|a)\s+(?:role|job|position)\b|"
    # "whats the next step up" asked of the guide itself (in a thread it follows the rung
    # talked about: bot.answering.followup)
    r"^\W*(?:what(?:'s|’s|s|\s+is|\s+comes)?\s+)?(?:the\s+)?next\s+(?:step|rung|level|move)"
    r"(?:\s+up)?\W*$",
    re.IGNORECASE,
)
# "does that include decommissioning?", "does the role cover on-call?": what is asked to be
# part of something.
_INCLUDES = re.compile(
    r"\b(?:include|includes|including|cover|covers|involve|involves|entail|entails|"
    r"extend\s+to|go\s+as\s+far\s+as)\s+(?P<what>[^?.!]+)",
    re.IGNORECASE,
)
# Two titles compared ("how's a lead different from an SRE?"), and the words doing it.
_COMPARE_WORDS = r"differ\w*|difference|diff|vs\.?|versus|compar\w*|same\s+as"
_ROLES_COMPARED = re.compile(rf"\b(?:{_COMPARE_WORDS})\b", re.I)
_COMPARING = re.compile(rf"\b(?:{_COMPARE_WORDS}|from|between|and|than|to|with)\b", re.I)
# Another title in a comparison: "a data scientist", "an SRE", "devops engineers".
_OTHER_TITLE = re.compile(
    rf"\b(?:an?\s+)?(?:[\w/+-]+\s+){{0,2}}(?:{TITLE_HEADS})\b|\b(?:{TITLE_ABBREVIATIONS})\b",
    re.IGNORECASE,
)
# "who…", "which teams…": a question whose answer is people.
_WHO = re.compile(
    r"^\W*(?:who|whom|which\s+(?:teams?|people|roles|groups|functions|departments))\b", re.I
)
# "who are the key players?", "who's leading in automated platforms?": companies, not people
_ORGS = re.compile(
    r"\b(?:players?|compan(?:y|ies)|vendors?|firms?|providers?|organi[sz]ations?|businesses|"
    r"employers?|brands?|leading\s+in)\b",
    re.IGNORECASE,
)
_PEOPLE_NAMED = re.compile(
    rf"\b(?:{TITLE_HEADS}|teams|stakeholders|leaders|executives|scientists)\b", re.IGNORECASE
)
_THIS_ROLE = re.compile(r"\b(?:this|the|that)\s+(?:role|job|position)\b")
# "best practices for security", "challenges with models": a list's noun and the phrase
# saying which of its things are asked about.
_QUALIFIED = re.compile(
    r"\b(?P<noun>[a-z][\w-]*)\s+(?:for|with|around|regarding|about|in|on)\s+"
    r"(?P<rest>[^?!.,;]+)",
    re.IGNORECASE,
)
# How chat names someone in a role instead of its title's "engineer".
_CHAT_HEADS = r"(?:engineer|person|people|guy|folks|professional|pro)"


def _chat_named(title: str) -> str:
    """A pattern for ``title`` (plain, lower-cased) that also matches it with a chat word
    for its holder, or none: "lead mlops engineer", "lead mlops person", "a lead mlops".
    A title of one word left ("mlops engineer") keeps its head: "mlops" is the field."""
    if title.endswith(" engineer"):
        rest = title.removesuffix(" engineer")
        head = rf"(?:\s+{_CHAT_HEADS})" + ("?" if " " in rest else "")
        return re.escape(rest) + head
    return re.escape(title)


# "what does the lead do at that stage?": the guide's own level as a rung of the ladder.
_AT_RUNG = re.compile(r"\b(?:stage|step|rung)s?\b", re.IGNORECASE)
_HOW_HIGH = re.compile(r"\bhow\s+(?:senior|junior)\b", re.IGNORECASE)
_FIGURE_UNITS = frozenset(
    terms("year years month months percent percentage million billion", keep_stopwords=True)
)


@dataclass
class _Pick:
    scored: ScoredUnit
    text: str

    @property
    def unit(self) -> Chunk:
        return self.scored.unit


@dataclass
class Composed:
    """An answer's text, its sources, and the units it quoted (for the next follow-up)."""

    text: str
    sources: list[Source]
    units: list[str] = field(default_factory=list)


class Composer:
    """Turns one retrieval into a short, cited answer."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        units = snapshot.units.units
        self._items: dict[str, list[Chunk]] = {}
        for unit in units:
            if unit.kind == "item":
                self._items.setdefault(unit.section_key, []).append(unit)
        self._has_items = set(self._items)
        names = {(u.path, u.section) for u in units} | {
            (c.path, c.section) for c in snapshot.chunks.values()
        }
        self._title_words = {t for c in snapshot.chunks.values() for t in terms(c.title)}
        # The covered roles' names, as a question names one ("MLOps leads"), and as the
        # object of "why do we need / hire / have …".
        # "a lead mlops person" names the lead MLOps engineer as chat does.
        roles = "|".join(_chat_named(_plain(n)) for n in snapshot.roles.names)
        # The guide's own role under each of its names ("MLOps Team Lead" is the lead's rung).
        titles = {c.title for c in snapshot.chunks.values()}
        own = {n for t in titles for n in (t, *snapshot.roles.other_names(t))}
        own_names = "|".join(_chat_named(_plain(n)) for n in sorted(own))
        self._own_named = re.compile(rf"\b(?:{own_names})s?\b") if own_names else None
        self._role_named = re.compile(rf"\b(?:{roles})s?\b") if roles else None
        # "what does an mlops lead bring to a startup?" asks the same: what the role is for.
        self._why_have_role = (
            re.compile(
                rf"\bwhy\s+(?:do|does|did|would|should|must|might|will)\s+(?:\w+\s+){{0,3}}?"
                rf"(?:need|hire|have|want)\s+(?:an?\s+)?(?:{roles})s?\b|"
                rf"\bwhat\s+(?:does|do|would|will|can|could)\s+(?:an?\s+|the\s+|our\s+)?"
                rf"(?:{roles})s?\s+(?:bring|add|contribute)\b"
            )
            if roles
            else None
        )
        # List lines labelled with one level ("Senior MLOps Engineer: …"), read once here
        # rather than for every unit of every question that names a level.
        self._rung_items: dict[str, str] = {}
        for unit in units:
            label = unit.text.split(": ", 1)[0] if ": " in unit.text else ""
            named = find_levels(label) if unit.kind == "item" else []
            if len(named) == 1:
                self._rung_items[unit.id] = named[0]
        # Units giving a salary figure (not a market's size in dollars), read once per index.
        self._pay_units = {
            u.id
            for u in units
            if "money" in figure_kinds(u.text) and _SALARY & snapshot.units.words.get(u.id, set())
        }
        # Labels the knowledge repeats ("Challenge:", "Solution:") structure its lists; they
        # name no one thing a question could ask about.
        labels = Counter(_label(u.text)[0] for u in units if ": " in u.text)
        self._repeated_labels = {label for label, n in labels.items() if n > PAIR}
        # The levels the guides' own titles name ("lead"): not another rung of the ladder.
        self._own_levels = {
            level for c in snapshot.chunks.values() for level in find_levels(c.title)
        }
        # Top-level sections (a guide's chapters) by the last word of their heading.
        self._chapters = {
            (c.path, c.section): words[-1]
            for c in snapshot.chunks.values()
            if " › " not in c.section and (words := terms(c.section))
        }
        self._parents = {
            (path, section)
            for path, section in names
            if any(p == path and s.startswith(section + " › ") for p, s in names)
        }
        self._heading_terms = {t for c in snapshot.chunks.values() for t in terms(c.section)}
        # "Lead MLOps Engineers often face several challenges in their role. Here are some
        # common issues…:": the sentence before a lead-in that only announces the list is
        # not a fact, and is never quoted as one.
        self._announcements = {
            unit.id
            for unit, after in pairwise(units)
            if unit.kind == "sentence"
            and after.lead_in
            and after.section_key == unit.section_key
            and announces_list(unit.text)
        }

    # ------------------------------------------------------------------ selection
    def _framing(self, unit: Chunk) -> bool:
        # A lead-in quotable at all states a claim ("The demand … is robust and continues to
        # grow"): that is a fact, not a frame, though a list follows it.
        return (
            unit.kind == "sentence"
            and not unit.lead_in
            and (
                unit.section_key in self._has_items
                or (unit.path, unit.section) in self._parents
                or looks_back(unit.text)
            )
        )

    def _trailing(self, unit: Chunk) -> bool:
        """A sentence after the last item of its section's list ("These ranges reflect the
        high demand…" after Additional Compensation's items): it sums up, it is no item."""
        items = self._items.get(unit.section_key) or []
        return unit.kind == "sentence" and bool(items) and unit.position > items[-1].position

    def _summary(self, unit: Chunk) -> bool:
        """A sentence of a section that has subsections: it sums up their parts."""
        return unit.kind == "sentence" and (unit.path, unit.section) in self._parents

    def _only_parts(self, question: str, summary: _Pick, others: list[_Pick]) -> bool:
        """Whether the lines beside a leading ``summary`` are from its own parts and none of
        those parts is one the question names ("how do I become a lead?": a Technical
        Foundation line that shares only "become" with it), so the parts as a whole answer.
        "what experience do I need?" names its part (Experience) and is answered from it."""
        inside = summary.unit.section + " › "
        words = self._question_words(question)
        return all(
            p.unit.path == summary.unit.path
            and p.unit.section.startswith(inside)
            and not words & set(terms(p.unit.section[len(inside) :].replace(" › ", " ")))
            for p in others
        )

    def _summarises(self, pick: _Pick, picks: list[_Pick]) -> bool:
        """Whether ``pick`` only names the parts of a section ("…a combination of technical
        prowess, experience, and soft skills") some other pick quotes one of. A summary
        that states something ("The demand … is robust") stays."""
        inside = pick.unit.section + " › "
        return (
            self._summary(pick.unit)
            and names_parts(pick.text)
            and any(
                p.unit.path == pick.unit.path and p.unit.section.startswith(inside) for p in picks
            )
        )

    def _quotable(self, unit: Chunk) -> str | None:
        return None if unit.id in self._announcements else quotable(unit)

    def _ranked(self, retrieval: Retrieval) -> list[_Pick]:
        picks = []
        for scored in retrieval.units:
            text = self._quotable(scored.unit)
            if text is None:
                continue
            picks.append(_Pick(scored, text))
        weight = {
            id(p): p.scored.score * (FRAMING if self._framing(p.unit) else 1.0) for p in picks
        }
        picks.sort(key=lambda p: (-weight[id(p)], p.unit.position))
        return picks

    def compose(
        self, question: str, retrieval: Retrieval, *, avoid: frozenset[str] = frozenset()
    ) -> Composed | None:
        """The answer, or None when no unit is left to quote."""
        ranked = self._ranked(retrieval)
        if not ranked:
            return None
        shape = question_shape(question, self.snapshot.units.vocabulary, self.snapshot.units.names)
        if not shape.after and self._own_levels and _ROLE_NEXT.search(question):
            # "where does this role go next?": after the rung the guide's title names
            shape = replace(shape, after=sorted(self._own_levels)[0])
        # "What comes after lead?" is answered by an ordered chain that names that rung,
        # wherever it is: "After MLOps Team Lead: Director of MLOps." and the chain say it
        # all ("what's above a lead?" is no question about the role itself).
        if shape.after or shape.before:
            for pick in ranked:
                line = (
                    chain_step(pick.text, shape, self.snapshot.roles.other_names)
                    if CHAIN.search(pick.text)
                    else None
                )
                if line:
                    return self._render([line], pick, [], retrieval, [])
        naming = None if avoid else self._naming_included(question, shape, ranked)
        if naming is not None:
            return self._render([], naming, self._facts(ranked, naming), retrieval, [])
        if not avoid and self._about_the_role(question):
            overview = self._overview(question, retrieval)
            if overview is not None:
                return overview
        if not avoid:
            labelled = self._labelled_group(question, ranked)
            if labelled is not None:
                return labelled
            # "what is MLOps?": the lines that say what it is, wherever they rank.
            defining = self._defining(question, ranked)
            if defining:
                return self._render([], None, defining, retrieval, [])
        fresh = [p for p in ranked if p.unit.id not in avoid] or ranked
        if not (_PAY & set(terms(question)) or shape.measure == "money"):
            fresh = [p for p in fresh if p.unit.id not in self._pay_units] or fresh
        plain = shape.listed is None and shape.fact is None and not (shape.after or shape.before)
        named_line = self._exactly_labelled(question, fresh) if plain and not avoid else None
        if named_line is not None:
            # "what does the lead do for team leadership?": the line labelled with just what
            # is asked ("Team Leadership: Guide MLOps teams…") answers before any chapter
            return self._render([], named_line, self._facts(fresh, named_line), retrieval, [])
        if plain and not avoid:
            # "what does a lead do day to day?": chat words for a chapter of the guide
            # (day to day → responsibilities → Core Responsibilities) name its list as
            # plainly as "what are the core responsibilities?".
            chapter = self._chapter(question, ranked, retrieval)
            if chapter is not None:
                return chapter
        if not avoid and shape.fact is None:
            fresh = self._chapter_first(question, fresh)
        # The question matches the sentence that introduces a list ("Their core
        # responsibilities include:") better than any fact: it asks for that list.
        top = retrieval.units[0] if retrieval.units else None
        introduced = top is not None and self._quotable(top.unit) is None
        # "what are the geographic trends?" names one labelled line of a list, not the list.
        exact = self._labelled(question, fresh, exact=True) if shape.listed and not avoid else None
        if exact is not None:
            return self._render([], exact, self._facts(fresh, exact), retrieval, [])
        # A follow-up that avoids an earlier answer's lines wants other facts, not a list.
        if (shape.wants_list or introduced) and not avoid:
            scores = {p.unit.id: p.scored.score for p in ranked}
            target: _Pick | None = None
            if introduced and top is not None:
                target = _Pick(top, top.unit.text)
            if shape.listed is not None:
                # A lead-in naming the list's words ("…technical expertise and soft
                # skills…:") gives way to a list whose heading names more of the question.
                named_list = self._list_target(question, shape, fresh)
                words = self._question_words(question)
                names = self._list_names(shape.listed)
                if named_list is not None and (
                    target is None
                    or self._list_rank(named_list, words, names)
                    > self._list_rank(target, words, names)
                ):
                    target = named_list
            elif target is None:
                target = self._list_target(question, shape, fresh)
            listed: Composed | None = None
            if target is not None:
                named = self._named_parent(shape, target)
                listed = self._named_child(question, shape, retrieval, target, named)
                parent = self._list_parent(target, named)
                qualified = parent is not None and bool(
                    self._added_words(question, shape, parent) & self._qualifier(question, shape)
                )
                # "what are the best practices for security?": no part of the list is about
                # security; the whole list would not answer, the lines about it do.
                if listed is None and not qualified:
                    if named is not None:
                        listed = self._group_list(target.unit.path, named, target, scores)
                    listed = listed or self._whole_list(target, scores)
            if listed is not None:
                return listed
        framing: list[str] = []
        lead: _Pick | None = None
        # The line that answers outright (a figure asked for, a rung's own line): only lines
        # scoring nearly as well follow it.
        figure: _Pick | None = None
        # "how senior is this role?" asks how high the role sits, not about the senior rung.
        asked = [] if avoid else find_levels(_HOW_HIGH.sub(" ", question))
        rungs = self._rung_lines(asked, fresh)
        if len(rungs) >= 2 and _COMPARES.search(question):
            # "senior vs lead": each rung's own line first, then what else answers.
            # The ladder's other rungs ("MLOps Engineer: …") are not what was compared.
            ladder = {p.unit.section_key for p in rungs}
            rest = self._facts([p for p in fresh if p.unit.section_key not in ladder], None)
            # (only lines nearly as good as the rungs' own follow them, as after a figure:
            # a challenge about communication is no difference between two rungs)
            # (the ladder sentence, where each sits, is kept; "how long from junior to lead?"
            # asks a figure the rungs' lines do not give, and keeps the lines giving it)
            best = max(p.scored.score for p in rungs)
            if shape.fact != "number":
                rest = [
                    p for p in rest if p.scored.score >= AFTER_FIGURE * best or CHAIN.search(p.text)
                ]
            rest = rest[: max(0, MAX_FACTS - len(rungs))]
            return self._render([], None, rungs + rest, retrieval, [])
        if len(asked) >= 2 and _COMPARES.search(question):
            # "lead vs director": a rung the knowledge only names in its ladder is said to
            # be only named, beside the ladder and the other rungs' own lines.
            compared = self._compared_with_named(asked, fresh, ranked)
            if compared is not None:
                notes, ladder_line, lines = compared
                return self._render(notes, ladder_line, lines, retrieval, [])
        # The level a guide's own title names ("lead") is not another rung: "does a lead
        # need Kubernetes?" is about Kubernetes.
        if len(asked) == 1 and (asked[0] not in self._own_levels or _AT_RUNG.search(question)):
            # "what does a senior MLOps engineer do?": that rung's own line answers first; a
            # rung the knowledge only names in its ladder is said to be only named.
            if rungs:
                lead = rungs[0]
                # "what should a junior focus on?": the other rungs of the ladder are about
                # other people.
                rung_section = lead.unit.section_key
                fresh = [p for p in fresh if p.unit.section_key != rung_section or p in rungs]
                figure = lead  # the rung's own line answers; only lines nearly as good follow
            else:
                in_chain = self._chain_naming(asked[0], ranked)
                if in_chain is not None:
                    lead, rung = in_chain
                    framing.append(self._only_named(rung))
        chain = next((p for p in ranked[:WINDOW] if CHAIN.search(p.text)), None)
        # A chain near the top answers "what's the career path" better than any one rung;
        # lower down, only when the question names what the chain is ("career progression"),
        # not merely one of its rungs ("how does a lead mentor juniors?").
        if (
            lead is None
            and chain is not None
            and (
                chain in ranked[:3]
                or (chain.scored.lexical >= 0.5 and self._names_chain(question, chain))
            )
        ):
            lead = chain
        if lead is None and shape.fact is not None:
            lead, line = self._factual_lead(question, shape, fresh)
            if line:
                framing.append(line)
            if shape.fact == "number":
                figure = lead
        if lead is None and not avoid and _WHY.match(question):
            # "why are mlops salaries so high?": a line giving a reason ("These ranges
            # reflect the high demand…") answers before the lines it explains.
            # It must be about something asked: "why is everyone hiring for mlops?" is not
            # answered by the Asia-Pacific hub growing "due to rapid digitization".
            about = self._question_words(question)
            lead = next(
                (
                    p
                    for p in fresh[:WINDOW]
                    if _REASON.search(p.text) and about & set(terms(p.text))
                ),
                None,
            )
        if lead is None and not avoid and _WHO.match(question) and not _ORGS.search(question):
            # "who does a lead work with?": the line naming the most people answers ("Work
            # closely with data scientists, software engineers, and DevOps teams"), not one
            # about working well in teams.
            people = [(len(_PEOPLE_NAMED.findall(p.text)), p) for p in fresh[:WINDOW]]
            most = max((n for n, _ in people), default=0)
            if most >= 2:
                lead = next(p for n, p in people if n == most)
        if lead is None and not avoid:
            lead = self._labelled(question, fresh)
        picks = self._facts(fresh, lead, strict=figure is not None)
        if (
            lead is None
            and picks
            and self._summary(picks[0].unit)
            and self._only_parts(question, picks[0], picks[1:])
        ):
            # "How do I become a lead?" matches only the sentence that sums up Career
            # Development's parts ("…involves technical expertise, leadership skills and
            # strategic vision"): the parts are the answer, the sentence their heading.
            scores = {p.unit.id: p.scored.score for p in ranked}
            only = picks[0]
            parts = self._group_list(only.unit.path, only.unit.section, only, scores, only.text)
            if parts is not None:
                return parts
        # That summary beside lines from its own parts says less than they do.
        picks = [p for p in picks if not self._summarises(p, picks)] or picks
        differ, extra = self._disagreement(lead or (picks[0] if picks else None), ranked, picks)
        if extra is not None:
            picks.append(extra)
        if lead is None and not picks:
            return None
        return self._render(framing, lead, picks, retrieval, differ)

    def _chapter(self, question: str, ranked: list[_Pick], retrieval: Retrieval) -> Composed | None:
        """The list of the top-level section whose heading ends with what the question's
        shorthand spells out ("on the hook" → responsibilities → Core Responsibilities),
        narrowed to one part when the question names it ("…own for monitoring")."""
        synonyms = self.snapshot.synonyms
        keys = synonyms.matches(question)
        ends = [terms(synonyms.table[key]) for key in keys]
        wanted = {spelled[-1] for spelled in ends if spelled}
        picks = [p for p in ranked if self._chapter_word(p) in wanted]
        if not picks:
            return None
        target = picks[0]
        chapter = _chapter_of(target.unit.section)
        listed = terms(chapter)[-1]
        shape = Shape(wants_list=True, listed=listed)
        scores = {p.unit.id: p.scored.score for p in ranked}
        named = chapter if (target.unit.path, chapter) in self._parents else None
        narrowed = self._named_child(question, shape, retrieval, target, named)
        if narrowed is not None:
            return narrowed
        # Other words that name no part ("conventions for how ML *repos* should be *laid
        # out*") ask something narrower than the chapter: the facts answer that.
        # Shorthand for something else ("infra as code" beside "expectations") is such a word.
        said = {
            t
            for key, spelled in zip(keys, ends, strict=True)
            if spelled and spelled[-1] == listed
            for t in terms(key, keep_stopwords=True)
        }
        if set(terms(question)) - said - self._title_words - VAGUE - CLITICS:
            return None
        if named:
            return self._group_list(target.unit.path, chapter, target, scores)
        return self._whole_list(target, scores)

    def _chapter_word(self, pick: _Pick) -> str | None:
        """The last heading word of the chapter ``pick`` is in ("responsibilities")."""
        return self._chapters.get((pick.unit.path, _chapter_of(pick.unit.section)))

    def _chapter_wanted(self, question: str) -> set[str]:
        """The last heading words of the chapters the question's shorthand names ("own" →
        responsibilities)."""
        synonyms = self.snapshot.synonyms
        return {
            spelled[-1]
            for key in synonyms.matches(question)
            if (spelled := terms(synonyms.table[key]))
        }

    def _chapter_first(self, question: str, ranked: list[_Pick]) -> list[_Pick]:
        """``ranked`` with the named chapter's best line first when it is nearly as good as
        the best line (CHAPTER_ASKED); as it is otherwise."""
        wanted = self._chapter_wanted(question)
        if not wanted or not ranked:
            return ranked
        best = ranked[0].scored.score
        for pick in ranked:
            if pick.scored.score < CHAPTER_ASKED * best:
                break
            if self._chapter_word(pick) in wanted:
                return [pick] + [p for p in ranked if p is not pick]
        return ranked

    def _chain_naming(self, level: str, ranked: list[_Pick]) -> tuple[_Pick, str] | None:
        """The ladder sentence naming ``level``'s rung ("… → Director of MLOps"), and that
        rung's name."""
        for pick in ranked:
            if CHAIN.search(pick.text):
                for name in chain_rungs(pick.text):
                    if find_levels(name) == [level]:
                        return pick, name
        return None

    def _only_named(self, rung: str) -> str:
        """What to say of a rung the guide only names in its ladder: that it is another
        name for a rung it describes ("MLOps Team Lead" beside "Lead MLOps Engineer"), or
        that it only names it."""
        other = self.snapshot.roles.other_names(rung)
        if other:
            return messages.SAME_RUNG.format(rung=rung, other=" and ".join(other))
        return messages.RUNG_ONLY_NAMED.format(rung=rung)

    def _compared_with_named(
        self, asked: list[str], fresh: list[_Pick], ranked: list[_Pick]
    ) -> tuple[list[str], _Pick, list[_Pick]] | None:
        """For rungs compared where some have a line of their own and some are only named
        in the ladder: the "only named" notes, the ladder sentence and the rungs' lines."""
        lines: list[_Pick] = []
        notes: list[str] = []
        chain: _Pick | None = None
        for level in asked:
            own = next((p for p in fresh if self._rung_items.get(p.unit.id) == level), None)
            if own is not None:
                lines.append(own)
                continue
            named = self._chain_naming(level, ranked)
            if named is not None:
                chain, rung = named
                notes.append(self._only_named(rung))
        if not lines or chain is None:
            return None
        return notes, chain, lines

    def _rung_lines(self, asked: list[str], ranked: list[_Pick]) -> list[_Pick]:
        """For "what's the difference between a senior and a lead?": the lines of one list
        labelled with the levels asked about ("Senior MLOps Engineer: …", "Lead MLOps
        Engineer: …"), best list first, in reading order; empty when none names them."""
        if not asked:
            return []
        lists: dict[str, dict[str, _Pick]] = {}
        for pick in ranked:
            level = self._rung_items.get(pick.unit.id)
            if level in asked:
                lists.setdefault(pick.unit.section_key, {}).setdefault(level, pick)
        enough = min(2, len(asked))
        best = next((rungs for rungs in lists.values() if len(rungs) >= enough), None)
        if best is None:
            return []
        return sorted(best.values(), key=lambda p: p.unit.position)

    def _names_chain(self, question: str, chain: _Pick) -> bool:
        """Whether the question shares a word with what ``chain`` says or is filed under
        besides its rungs ("The career progression typically follows: Junior … → …")."""
        rungs = {t for rung in chain_rungs(chain.text) for t in terms(rung)}
        said = set(terms(chain.text)) | _heading_words(chain.unit)
        return bool(self._question_words(question) & (said - rungs))

    def _about_the_role(self, question: str) -> bool:
        """ "What does an MLOps lead do?": the question names a covered role and asks
        nothing else the knowledge has words for (one unknown word, "in a nutshell", at
        most), so the answer is the document's own overview. "What's a lead?" asks for
        the definition of the level the guide's title names: the overview too."""
        defined = _DEFINITION_ASK.match(question)
        term = (defined["term"] or defined["meant"]) if defined else ""
        if term and find_levels(term) and set(terms(term)) <= self._title_words:
            return True
        plain = _plain(question)
        named = self._role_named is not None and bool(self._role_named.search(plain))
        # "tell me everything about this role": the guide's role, pointed at.
        if not (named or _THIS_ROLE.search(plain)):
            return False
        if self._why_have(question):
            return True
        if _WHO.match(plain) and re.search(r"\bwith\b", plain):
            return False  # "who does a lead work with?" asks for people, not the role
        # Chat words ("tell me about the job") ask nothing of their own; after "why" or
        # "how" they say what is asked ("why is it hard to hire mlops leads?"). The role's
        # own name is none of them ("what does an MLOps *team* lead do?").
        if len(find_levels(plain)) >= 2 and _COMPARES.search(plain):
            return False  # "is a team lead the same as a lead?" compares two rungs
        if self._own_named is not None:
            question = self._own_named.sub(" ", plain)
        if _ROLES_COMPARED.search(question):
            # "how's a lead mlops different from a data scientist?": with the other title
            # and the comparing words gone, nothing else is asked; what the role is answers.
            question = _COMPARING.sub(" ", _OTHER_TITLE.sub(" ", question))
        words = self._question_words(question)
        if not _WHY_OR_HOW.match(question):
            words -= VAGUE
        known = self.snapshot.known_words
        return not (words & known) and len(words) <= 1

    def _defining(self, question: str, ranked: list[_Pick]) -> list[_Pick]:
        """For "what is MLOps?" / "what does MLOps mean?": the best lines that define the
        term ("MLOps is crucial for…", "Machine Learning Operations (MLOps)"), at most
        DEFINING; none when no line does (then retrieval answers as for any question)."""
        match = _DEFINITION_ASK.match(question)
        if match is None:
            return []
        term = re.escape(match["term"] or match["meant"])
        defines = re.compile(
            rf"(?:^|[\s:(]){term}\s+(?:is|are|refers\s+to|means|stands\s+for)\b|\(\s*{term}\s*\)",
            re.IGNORECASE,
        )
        return [p for p in ranked if defines.search(p.text)][:DEFINING]

    def _why_have(self, question: str) -> bool:
        """ "why do companies need a lead MLOps engineer?": why have the role at all."""
        return self._why_have_role is not None and bool(
            self._why_have_role.search(_plain(question))
        )

    def _overview(self, question: str, retrieval: Retrieval) -> Composed | None:
        """The document's opening sentence, then its first list (a guide's key
        responsibilities), as much as fits a list's budget."""
        words = set(terms(question))
        units = self.snapshot.units.units
        paths = sorted({u.path for u in units})
        if not paths:
            return None
        path = max(paths, key=lambda p: len(words & set(terms(_title_of(units, p)))))
        mine = [u for u in units if u.path == path]
        opening = next(
            (u for u in mine if self._quotable(u) is not None and u.kind == "sentence"), None
        )
        first_list = next((u.section_key for u in mine if u.kind == "item"), None)
        if opening is None or first_list is None:
            return None
        by_id = {s.unit.id: s for s in retrieval.units}
        # Asked why the role exists, the opening paragraph's next sentence says what it is
        # for ("This role is crucial in bridging the gap between data science and
        # operations…"): quoted with the first, as the source writes them.
        after = mine[mine.index(opening) + 1] if opening is not mine[-1] else None
        text = opening.text
        if (
            self._why_have(question)
            and after is not None
            and after.kind == "sentence"
            and after.section_key == opening.section_key
        ):
            text = f"{opening.text} {self._quotable(after) or ''}".strip()
        lead = _Pick(by_id[opening.id], text)
        items = [by_id[u.id] for u in self._items[first_list]]
        seen = set(terms(lead.text))
        items = [s for s in items if containment(set(terms(s.unit.text)), seen) < NEAR_DUPLICATE]
        shown = _fit(items, [s.score for s in items], lambda s: s.unit.text)
        budget = LIST_BUDGET - len(lead.text)
        while len(shown) > 2 and sum(len(s.unit.text) for s in shown) > budget:
            shown = shown[:-1]
        return self._render([], lead, [_Pick(s, s.unit.text) for s in shown], retrieval, [])

    def quote(self, retrieval: Retrieval, ids: list[str]) -> Composed | None:
        """The units ``ids`` of this retrieval, grouped and cited as any answer's lines."""
        wanted = set(ids)
        picks = [p for p in self._ranked(retrieval) if p.unit.id in wanted]
        return self._render([], None, picks, retrieval, []) if picks else None

    def alone(self, retrieval: Retrieval, unit_id: str) -> Composed | None:
        """The unit ``unit_id`` as a one-line answer, cited ("Key Players: … [1]")."""
        pick = next((p for p in self._ranked(retrieval) if p.unit.id == unit_id), None)
        return self._render([], pick, [], retrieval, []) if pick is not None else None

    def narrow(
        self, retrieval: Retrieval, among: list[str], *, within: int | None = None
    ) -> Composed | None:
        """The one unit of ``among`` (an earlier answer's) that this turn's own words pick
        out ("any particular services on those?"), or None when they pick out none; with
        ``within``, only one of that many best units picks it out."""
        allowed = set(among)
        ranked = self._ranked(retrieval)[:within] if within else self._ranked(retrieval)
        matching = [p for p in ranked if p.unit.id in allowed]
        matching = [p for p in matching if p.scored.lexical > 0]
        if not matching:
            return None
        best = matching[0]
        if _label(best.text)[0] in self._repeated_labels:
            # "Solution: …" alone does not say which challenge: under its heading
            # ("Security Concerns"), with the line it is paired with.
            pair = [p for p in self._ranked(retrieval) if p.unit.id in allowed and p is not best]
            paired = [p for p in pair if p.unit.id in {u.id for u in self._pair(best, None)}]
            return self._render([], None, [*paired, best], retrieval, [])
        return self._render([], best, [], retrieval, [])

    def _facts(
        self, ranked: list[_Pick], lead: _Pick | None, *, strict: bool = False
    ) -> list[_Pick]:
        """The lines quoted after ``lead``. After a figure asked for ("what's the CAGR?",
        ``strict``) only lines scoring nearly as well: the figure is the answer, and lines
        that merely share a word with the question bury it."""
        chosen: list[_Pick] = []
        seen: list[set[str]] = [set(terms(lead.text))] if lead else []
        best = ranked[0].scored.score
        size = len(lead.text) if lead else 0
        by_id = {p.unit.id: p for p in ranked}

        def repeats(pick: _Pick) -> bool:
            words = set(terms(pick.text))
            return any(containment(words, s) >= NEAR_DUPLICATE for s in seen)

        def take(pick: _Pick) -> None:
            nonlocal size
            chosen.append(pick)
            seen.append(set(terms(pick.text)))
            size += len(pick.text)

        # The best unit's own section is the core of the answer: its other lines need only
        # PRIMARY_RELATIVE of the best score; lines from other sections need RELATIVE.
        primary = (lead or ranked[0]).unit.section_key

        # ... but another figure of the same kind ("Minimum 2-5 years" beside "3-6 years")
        # is part of the answer: the knowledge disagrees with itself.
        kind = figure_kind(lead.text) if strict and lead is not None else None

        def enough(pick: _Pick) -> bool:
            share = PRIMARY_RELATIVE if pick.unit.section_key == primary else RELATIVE
            if self._trailing(pick.unit):
                # a sentence summing up a list after it ("These ranges reflect the high
                # demand…") is quoted only when it answers nearly as well as the best line
                share = max(share, AFTER_FIGURE)
            if strict and not (kind is not None and figure_kind(pick.text) == kind):
                share = AFTER_FIGURE
            return pick.scored.score >= share * best

        for pick in ranked:
            if pick is lead or pick in chosen or not enough(pick):
                continue
            if len(chosen) + (lead is not None) >= MAX_FACTS:
                break
            if repeats(pick) or (chosen and size + len(pick.text) > FACT_BUDGET):
                continue
            take(pick)
            for sibling in self._pair(pick, lead):
                other = by_id.get(sibling.id)
                if other is not None and other not in chosen and not repeats(other):
                    take(other)
        if lead is not None:
            for sibling in self._pair(lead, lead):
                other = by_id.get(sibling.id)
                if other is not None and other not in chosen and not repeats(other):
                    take(other)
        # A short list quoted in part is quoted whole: "Experience" with two of its three
        # lines reads as if the third did not exist.
        # In the order the lists were first quoted, so the best one is completed first
        # whatever the interpreter's string hashing (a set's order varies between runs).
        for key in dict.fromkeys(p.unit.section_key for p in chosen):
            items = self._items.get(key, [])
            picked = [p for p in chosen if p.unit.section_key == key and p.unit.kind == "item"]
            # A list of labelled lines ("Compliance and Security: …") names one subject per
            # line: the others are other subjects, not the rest of one answer.
            labelled = all(_label(item.text)[0] for item in items)
            if len(picked) < 2 or len(items) > SHORT_LIST or labelled:
                continue
            for item in items:
                other = by_id.get(item.id)
                if other is None or other in chosen or repeats(other):
                    continue
                if size + len(other.text) <= FACT_BUDGET + SHORT_LIST_SLACK:
                    take(other)
        return chosen

    def _labelled(self, question: str, ranked: list[_Pick], *, exact: bool = False) -> _Pick | None:
        """The line near the top whose label is what the question asks about ("who are the
        key players…": "Key Players: Major tech companies…"): every word of the label (before
        its colon, without generic words) is one the question uses, no line ranked above it
        is under a heading that names it, and no other label near the top is named too (a
        question naming two asks for both). ``exact``: the label is all the question names
        ("what are the geographic trends?" asks for one line of a list)."""
        words = self._question_words(question) - _GENERIC
        above: set[str] = set()
        found: _Pick | None = None
        for pick in ranked[:WINDOW]:
            label, stems = _label(pick.text)
            # A rung's line ("Senior MLOps Engineer: …") is the ladder's, read off it above;
            # a label the knowledge repeats ("Challenge:") names nothing.
            if pick.unit.id in self._rung_items or label in self._repeated_labels:
                continue
            named = stems - _GENERIC - self._title_words
            fits = named == words if exact else named <= words
            if named and fits and len(label) <= _LABEL_CHARS:
                if found is not None:
                    return None
                # A better-ranked section whose heading names it too ("Cloud Platforms")
                # is the answer, its list more than one line.
                if named <= above:
                    return None
                found = pick
            above |= set(_last_heading_words(pick.unit))
        return found

    def _exactly_labelled(self, question: str, ranked: list[_Pick]) -> _Pick | None:
        """The line whose label of two words or more is all the question names ("Team
        Leadership: …" for "what does the lead do for team leadership?"); None otherwise (a
        one-word label, "Leadership:", names too little to stand for the question)."""
        pick = self._labelled(question, ranked, exact=True)
        if pick is None or len(_label(pick.text)[1] - _GENERIC - self._title_words) < 2:
            return None
        return pick

    def _labelled_group(self, question: str, ranked: list[_Pick]) -> Composed | None:
        """ "any solutions?" after the common challenges, "what are the solutions to the
        common challenges?": the lines with a label the knowledge repeats in every part of
        a section, one per part, when the question asks for them in the plural and names
        nothing but that section."""
        words = self._question_words(question) - _GENERIC
        for label in self._repeated_labels:
            named = set(terms(label))
            if not named or not named <= words:
                continue
            if not re.search(rf"\b{re.escape(label)}s\b", question, re.IGNORECASE):
                continue
            pick = next((p for p in ranked[:WINDOW] if _label(p.text)[0] == label), None)
            if pick is None or " › " not in pick.unit.section:
                continue
            parent = _parent(pick.unit.section)
            if not words - named <= set(terms(parent)) | self._title_words:
                continue
            scores = {p.unit.id: p.scored.score for p in ranked}
            return self._group_list(pick.unit.path, parent, pick, scores, label=label)
        return None

    def _pair(self, pick: _Pick, lead: _Pick | None) -> list[Chunk]:
        items = self._items.get(pick.unit.section_key, [])
        if pick.unit.kind != "item" or len(items) > PAIR:
            return []
        return [u for u in items if u.id != pick.unit.id and (lead is None or u.id != lead.unit.id)]

    def _factual_lead(
        self, question: str, shape: Shape, ranked: list[_Pick]
    ) -> tuple[_Pick | None, str]:
        window = ranked[:WINDOW]
        if shape.fact == "number":
            # A figure of the kind asked for ("what % job growth…": a percentage), best one
            # whose own words name something asked about ("how much is the market worth?":
            # the market's size, not a salary under a "US Market" heading). A count ("how
            # many models…") names no kind, so its figure must be about what is counted.
            # (Whether any such figure is about the question at all was judged before
            # composing: bot.answering.scope.)
            words = self.snapshot.units.words
            if shape.measure is None:
                topic = figure_topic(question, self.snapshot)
                fitting = [
                    p for p in window if states_figure(p.unit.text, words[p.unit.id], None, topic)
                ]
                return (fitting[0] if fitting else None), ""
            kind = shape.measure
            fitting = [
                p for p in window if states_figure(p.unit.text, words[p.unit.id], kind, frozenset())
            ]
            asked = set(terms(question)) - self._title_words - MEASURE_WORDS - CLITICS
            about = [p for p in fitting if asked & set(terms(p.text))]
            return next(iter(about or fitting), None), ""
        if shape.fact == "choice" and shape.choice:
            a, b = shape.choice
            both = [p for p in window if _has(p.text, a) and _has(p.text, b)]
            if both and self._series(question):
                # "AWS, GCP or Azure?": a verdict on the last two would drop the first
                return both[0], ""
            if both:
                named = (
                    _spelled(both[0].text, a, question),
                    _spelled(both[0].text, b, question),
                )
                better = _BETTER.search(question)
                said = (
                    messages.BOTH_UNCONTRASTED
                    if shape.contrast
                    else messages.BOTH_UNRANKED
                    if better
                    else messages.BOTH_LISTED
                )
                how = " ".join((better["how"] or better["how2"]).lower().split()) if better else ""
                return both[0], said.format(a=named[0], b=named[1], how=how)
            either = [p for p in window if _has(p.text, a) or _has(p.text, b)]
            better = _BETTER.search(question)
            if (
                better
                and any(_has(p.text, a) for p in window)
                and any(_has(p.text, b) for p in window)
            ):
                # "which is faster, kubeflow or sagemaker?": named apart, never compared
                how = " ".join((better["how"] or better["how2"]).lower().split())
                said = messages.NEVER_COMPARED.format(
                    a=_spelled(next(p.text for p in window if _has(p.text, a)), a, question),
                    b=_spelled(next(p.text for p in window if _has(p.text, b)), b, question),
                    how=how,
                )
                return (either[0] if either else None), said
            return (either[0] if either else None), ""
        return (ranked[0] if ranked else None), ""

    def _naming_included(self, question: str, shape: Shape, ranked: list[_Pick]) -> _Pick | None:
        """ "does model lifecycle management include decommissioning?": the best line that
        names what is asked to be included; None when the question asks no such thing or no
        line names it. It answers, not the best line about the rest (a label naming "model
        lifecycle management" would bring its whole list)."""
        included = _INCLUDES.search(question) if shape.fact == "yesno" else None
        if included is None:
            return None
        wanted = set(terms(included["what"])) - VAGUE - CLITICS
        return next((p for p in ranked[:WINDOW] if wanted and wanted <= set(terms(p.text))), None)

    def _series(self, question: str) -> bool:
        """Whether ``question`` chooses among three or more names the knowledge uses ("AWS,
        GCP or Azure?"), not two after a phrase ("experiment tracking, MLflow or Kubeflow")."""
        names = self.snapshot.units.names
        return any(
            all(terms(word) and set(terms(word)) <= names for word in match.groups())
            for match in _SERIES.finditer(question)
        )

    def _disagreement(
        self, anchor: _Pick | None, ranked: list[_Pick], picks: list[_Pick]
    ) -> tuple[list[str], _Pick | None]:
        """Sections giving a different figure for the same thing as ``anchor`` (its own
        first), and a unit to add when none of the picked ones shows the difference."""
        if anchor is None:
            return [], None
        kind = figure_kind(anchor.text)
        if kind is None:
            return [], None
        topic = self._topic(anchor.text)

        def differs(pick: _Pick) -> bool:
            return (
                pick.unit.section_key != anchor.unit.section_key
                and figure_kind(pick.text) == kind
                and bool(topic & self._topic(pick.text))
                and figures(pick.text) != figures(anchor.text)
            )

        shown = [p for p in picks if p is not anchor and differs(p)]
        extra = None
        if not shown:
            extra = next((p for p in ranked[: WINDOW * 2] if p not in picks and differs(p)), None)
            shown = [extra] if extra is not None else []
        if not shown:
            return [], None
        keys = [anchor.unit.section_key]
        keys += [p.unit.section_key for p in shown if p.unit.section_key not in keys]
        return keys, extra

    def _topic(self, text: str) -> set[str]:
        """Content words of a unit without its figures, what they count ("years": every
        duration has it, so it says nothing about what is measured) and the document
        titles' words."""
        words = {t for t in terms(text) if not DIGIT.search(t)}
        return words - self._title_words - _FIGURE_UNITS

    # ------------------------------------------------------------------ whole lists
    def _list_target(self, question: str, shape: Shape, ranked: list[_Pick]) -> _Pick | None:
        """The best unit of the list the question names: "what tools…" wants a list whose
        heading says tools; "list…" or "what does it include" takes the best unit's list."""
        if shape.listed is None:
            # The sentence that frames a list ("… often face several challenges in their
            # role.") says which list is wanted, though it is weighted down as a fact.
            # One that sums up what came before ("These responsibilities require…") frames
            # the lists above it, not its own section's.
            best = max(ranked, key=lambda p: p.scored.score)
            framing = self._framing(best.unit) and not looks_back(best.unit.text)
            return best if framing else ranked[0]
        # "what good habits …" names the list in chat words the synonyms spell out; of the
        # lists so named, the one whose headings share most of the question's other words
        # ("what *technical* skills…": Technical Skills, not Essential Soft Skills).
        names = self._list_names(shape.listed)
        words = self._question_words(question)
        named = self._named_lists(ranked, names, words)
        found: tuple[tuple[int, bool, int], _Pick] | None = None
        for pick in named:
            rank = self._list_rank(pick, words, names)
            if found is None or rank > found[0] or (rank == found[0] and _restates(found[1], pick)):
                found = (rank, pick)
        if found is None:
            return None
        # "which industries hire the most?": "Industry Trends" is a list of trends that only
        # mentions industries; with no heading that ends with the noun, the facts answer.
        if not any(
            (words_of := terms(part)) and words_of[-1] in names
            for p in named
            for part in p.unit.section.split(" › ")
        ):
            return None
        # "what *containerization* tools…": when a line under a heading naming what the
        # question adds to the noun ranks above the list the noun names ("Inefficient
        # Tools…"), and that list's heading names none of it, the noun only says what kind
        # of answer is wanted: the facts answer. A sibling of that list ("MLOps Tools" and
        # "Containerization and Orchestration" under Technical Skills) is left to narrowing.
        adds = words - names
        chosen = found[1].unit
        if not adds & _heading_words(chosen):
            for pick in ranked[: ranked.index(found[1])]:
                heading = _heading_words(pick.unit)
                sibling = _parent(pick.unit.section) == _parent(chosen.section)
                if adds & heading and not names & heading and not sibling:
                    return None
        return found[1]

    def _named_lists(self, ranked: list[_Pick], names: set[str], words: set[str]) -> list[_Pick]:
        """Lines under a heading naming the noun asked about, among the best ranked; and,
        when there are some, the best line of any list named by that noun alone
        ("Essential Skills", "Key Responsibilities") however low it ranks: of the lists of
        those things, it is the one the bare noun asks for. When none ranks high ("which
        skills bump it?" after a question about pay) the question is about something else."""
        named = [p for p in ranked[:WINDOW] if names & _heading_words(p.unit)]
        if not named:
            return []
        keys = {p.unit.section_key for p in named}
        # ... or by the noun and what the question adds to it ("what *technical* skills
        # should a candidate have?": Technical Skills, above its subsections).
        allowed = names | _GENERIC | words
        for pick in ranked[WINDOW:]:
            last = set(_last_heading_words(pick.unit))
            alone = bool(last & names) and last <= names | _GENERIC
            qualified = any(
                (part := _heading_stems(heading)) & names and part - names and part <= allowed
                for heading in pick.unit.section.split(" › ")
            )
            if pick.unit.section_key not in keys and (alone or qualified):
                named.append(pick)
                keys.add(pick.unit.section_key)
        return named

    @staticmethod
    def _list_rank(pick: _Pick, words: set[str], names: set[str]) -> tuple[int, bool, int]:
        """How well ``pick``'s list is the one asked for: its headings' share of the
        question's words; then a heading that ends with the noun ("Essential Skills") over
        one that only mentions it ("Soft Skills Application"); then the fewest heading
        words the question does not use ("what skills…": Essential Skills, not Essential
        Soft Skills)."""
        last = _last_heading_words(pick.unit)
        extra = len(set(last) - words - names - _GENERIC)
        return (_heading_match(words, pick), bool(last) and last[-1] in names, -extra)

    def _question_words(self, question: str) -> set[str]:
        """The question's words with shorthand spelled out, without the role's name."""
        return set(terms(self.snapshot.synonyms.expand(question))) - self._title_words - CLITICS

    def _named_parent(self, shape: Shape, pick: _Pick) -> str | None:
        """The section above ``pick`` whose own heading names the list asked for ("what
        good habits…": Best Practices, not its subsection the best line is in)."""
        if shape.listed is None:
            return None
        names = self._list_names(shape.listed)
        parts = pick.unit.section.split(" › ")
        for depth in range(1, len(parts)):
            if names & set(terms(parts[depth - 1])):
                parent = " › ".join(parts[:depth])
                return parent if (pick.unit.path, parent) in self._parents else None
        return None

    def _named_child(
        self,
        question: str,
        shape: Shape,
        retrieval: Retrieval,
        target: _Pick,
        named: str | None,
    ) -> Composed | None:
        """The one subsection of the list asked for that the question narrows it to: "best
        practices *for reproducibility*" is Reproducibility and Traceability, not all ten."""
        parent = self._list_parent(target, named)
        if parent is None:
            return None
        asked = self._added_words(question, shape, parent)
        unit = target.unit
        matches: dict[str, int] = {}
        for key, items in self._items.items():
            section = items[0].section
            if items[0].path != unit.path or not section.startswith(parent + " › "):
                continue
            shared = len(asked & set(terms(section[len(parent) + 3 :].replace(" › ", " "))))
            if shared:
                matches[key] = shared
        best = max(matches.values(), default=0)
        # Narrowed only when the subsection's heading holds most of what the question adds to
        # the list's name: "as the hiring manager, what will I hold them accountable for"
        # shares "manager" with "… Deployment and Management" and is not about it.
        if best == 0 or best < NARROWING_SHARE * len(asked):
            return None
        keys = [k for k, n in matches.items() if n == best]
        if len(keys) == 1 and self._said_elsewhere(asked, keys[0], parent, unit.path):
            # "best practices for data drift": "data" names Data Validation, but "drift" is
            # in the lines of another part (Monitoring and Maintenance); the facts answer.
            return None
        if len(keys) > 1:
            # "what are the technical requirements?": the subsections that match all sit under
            # one heading that says it (Requirements › Technical Skills): that group.
            sections = [self._items[k][0].section for k in keys]
            common = " › ".join(
                p[0]
                for p in zip(*(x.split(" › ") for x in sections), strict=False)
                if len(set(p)) == 1
            )
            if common.startswith(parent + " › ") and asked & set(terms(common[len(parent) :])):
                scores = {s.unit.id: s.score for s in retrieval.units}
                return self._group_list(unit.path, common, target, scores)
            return None
        scored = [s for s in retrieval.units if s.unit.section_key == keys[0]]
        if not scored:
            return None
        top = max(scored, key=lambda s: s.score)
        scores = {s.unit.id: s.score for s in scored}
        return self._leaf_list(keys[0], self._items[keys[0]], _Pick(top, top.unit.text), scores)

    def _said_elsewhere(self, asked: set[str], key: str, parent: str, path: str) -> bool:
        """Whether another part of ``parent`` holds every word of ``asked`` (in its heading
        or lines) while ``key`` does not."""

        words = self.snapshot.units.words  # each unit's stems with its heading path's

        def held(items: list[Chunk]) -> set[str]:
            return {t for u in items for t in words[u.id]}

        if asked <= held(self._items[key]):
            return False
        return any(
            asked <= held(items)
            for other, items in self._items.items()
            if other != key
            and items[0].path == path
            and items[0].section.startswith(parent + " › ")
        )

    def _qualifier(self, question: str, shape: Shape) -> set[str]:
        """The words of a phrase right after the list's noun that says which of its things
        are asked for ("best practices *for security*", "challenges *with models*"), when
        the knowledge uses them."""
        if shape.listed is None:
            return set()
        names = self._list_names(shape.listed)
        words: set[str] = set()
        for match in _QUALIFIED.finditer(question):
            if set(terms(match["noun"])) & names:
                words |= set(terms(match["rest"]))
        return words & self.snapshot.units.vocabulary

    def _list_parent(self, target: _Pick, named: str | None) -> str | None:
        """The list ``target`` belongs to that has subsections: ``named`` (the heading the
        question names), the target's own section, or the one above it."""
        unit = target.unit
        if named is not None:
            return named
        if (unit.path, unit.section) in self._parents:
            return unit.section
        if " › " in unit.section:
            above = unit.section.rsplit(" › ", 1)[0]
            return above if (unit.path, above) in self._parents else None
        return None

    def _added_words(self, question: str, shape: Shape, parent: str) -> set[str]:
        """What the question adds to the name of the list it asks for ("best practices *for
        security*"), without chat words, shorthand counted twice, job titles or studying."""
        listed = self._list_names(shape.listed) if shape.listed else set()
        asked = self._question_words(question) - listed
        asked -= set(terms(parent.replace(" › ", " "))) | VAGUE
        # Shorthand counts once: "prod" is "production", not two words; as written when its
        # spelling is the list's own name ("outlook" under Market Demand).
        synonyms = self.snapshot.synonyms
        for key in synonyms.matches(question):
            spelled = set(terms(synonyms.table[key]))
            if spelled & asked:
                asked -= set(terms(key)) - spelled
        # "as a people manager": a job title says who asks, not which part of the list.
        asked -= {t for role in named_roles(question) for t in terms(role)}
        # "what languages should I *learn*…": studying is how, not which part ("Machine
        # Learning"), unless the question names that subject.
        if not _LEARNING_SUBJECT.search(question):
            asked -= _STUDY
        return asked

    def _list_names(self, listed: str) -> set[str]:
        """The listed noun's stem with the words the synonyms spell it out as; for a noun
        no heading uses, also those of the phrases it ends ("must haves": essential skills)."""
        bare = listed not in self._heading_terms
        return {listed} | {
            t
            for key, long_form in self.snapshot.synonyms.table.items()
            if (words := terms(key, keep_stopwords=True)) == [listed]
            or (bare and len(words) > 1 and words[-1] == listed)
            for t in terms(long_form)
        }

    def _whole_list(self, best: _Pick, scores: dict[str, float]) -> Composed | None:
        unit = best.unit
        own = self._items.get(unit.section_key, [])
        if (unit.path, unit.section) in self._parents:
            return self._group_list(unit.path, unit.section, best, scores)
        if len(own) >= 2:
            return self._leaf_list(unit.section_key, own, best, scores)
        parent = unit.section.rsplit(" › ", 1)[0] if " › " in unit.section else ""
        if parent and (unit.path, parent) in self._parents:
            return self._group_list(unit.path, parent, best, scores)
        return None

    def _leaf_list(
        self, key: str, items: list[Chunk], best: _Pick, scores: dict[str, float]
    ) -> Composed:
        chunk = self.snapshot.section_chunk(key) or best.unit
        shown = _fit(items, [scores.get(i.id, 0.0) for i in items], lambda i: i.text)
        lines = [f"{_heading(chunk.section, self.snapshot)} [1]:", *(f"- {i.text}" for i in shown)]
        if len(shown) < len(items):
            lines.append(messages.MORE_ITEMS.format(count=len(items) - len(shown)))
        source = _source(1, chunk, best.scored.dense)
        return Composed("\n".join(lines), [source], [i.id for i in shown])

    def _group_list(
        self,
        path: str,
        parent: str,
        best: _Pick,
        scores: dict[str, float],
        intro: str | None = None,
        label: str | None = None,
    ) -> Composed | None:
        """Each subsection of ``parent`` on a line of its own, after ``intro`` (a sentence
        of the parent's that sums them up) when given; only its lines with ``label`` when
        given ("Solution: …")."""
        children: dict[str, list[Chunk]] = {}
        for u in self.snapshot.units.units:
            if u.path == path and u.section.startswith(parent + " › ") and u.kind == "item":
                if label and _label(u.text)[0] != label:
                    continue
                children.setdefault(u.section[len(parent) + 3 :], []).append(u)
        if not children:
            return None
        groups = list(children.items())
        full = [f"{name}: {'; '.join(u.text for u in items)}" for name, items in groups]
        if sum(len(f) for f in full) > LIST_BUDGET:
            full = [f"{name}: {items[0].text}" for name, items in groups]
        weights = [max(scores.get(u.id, 0.0) for u in items) for _, items in groups]
        shown = _fit(full, weights, lambda line: line)
        lines = [f"{intro} [1]"] if intro else []
        lines += [f"{_heading(parent, self.snapshot)} [1]:", *(f"- {line}" for line in shown)]
        if len(shown) < len(full):
            lines.append(messages.MORE_ITEMS.format(count=len(full) - len(shown)))
        ids = [u.id for _, items in groups for u in items]
        # Cited as the parent section, its text laid out as a group chunk's is.
        text = "\n".join(
            f"{name}:\n" + "\n".join(f"- {u.text}" for u in items) for name, items in groups
        )
        if intro:
            text = f"{intro}\n\n{text}"
            ids.insert(0, best.unit.id)
        source = Source(1, best.unit.title, parent, path, round(best.scored.dense, 4), text)
        return Composed("\n".join(lines), [source], ids)

    # ------------------------------------------------------------------ layout
    def _render(
        self,
        framing: list[str],
        lead: _Pick | None,
        picks: list[_Pick],
        retrieval: Retrieval,
        differ: list[str],
    ) -> Composed:
        order: list[str] = []
        for pick in ([lead] if lead else []) + picks:
            if pick.unit.section_key not in order:
                order.append(pick.unit.section_key)
        numbers = {key: n for n, key in enumerate(order, 1)}
        similarity = {h.chunk.section_key: h.similarity for h in retrieval.hits}
        lines = list(framing)
        if lead is not None:
            lines.append(f"{lead.text} [{numbers[lead.unit.section_key]}]")
        sources: list[Source] = []
        for key in order:
            group = sorted(
                (p for p in picks if p.unit.section_key == key), key=lambda p: p.unit.position
            )
            if key == order[0] and lead is None and len(self._items.get(key, [])) > PAIR:
                # (a "Challenge: …" / "Solution: …" pair is one fact in its own order)
                group = _best_subject_first(group)
            chunk = self.snapshot.section_chunk(key) or (group[0].unit if group else lead.unit)  # type: ignore[union-attr]
            best_dense = max(
                [p.scored.dense for p in group] + ([lead.scored.dense] if lead else [])
            )
            sources.append(_source(numbers[key], chunk, similarity.get(key, best_dense)))
            if group:
                lines.append(f"{_heading(chunk.section, self.snapshot)} [{numbers[key]}]:")
                # A sentence after the section's list sums it up ("These ranges reflect
                # the high demand…"): quoted after the items, not as one more of them.
                closing = [p for p in group if self._trailing(p.unit)]
                lines.extend(f"- {p.text}" for p in group if p not in closing)
                lines.extend(f"{p.text} [{numbers[key]}]" for p in closing)
        if differ:
            names = [_heading(s.section, self.snapshot) for s in sources if _key(s) in differ]
            # A paragraph of its own: the note is the bot's remark, not a quoted line.
            lines += ["", messages.FIGURES_DIFFER.format(sections=" and ".join(names))]
        quoted = [p.unit.id for p in ([lead] if lead else []) + picks]
        return Composed("\n".join(lines), sources, quoted)


def _best_subject_first(group: list[_Pick]) -> list[_Pick]:
    """A list of labelled lines ("Geographic Trends: …", "Market Growth: …") names one
    subject per line, so its order says nothing: the line that answers best opens it
    ("which region leads?" is answered by Geographic Trends, second in the guide). A ladder
    ("Senior MLOps Engineer: …") keeps the guide's order, which is the answer."""
    if len(group) < 2 or not all(_label(p.text)[0] for p in group):
        return group
    if any(find_levels(_label(p.text)[0]) for p in group):
        return group
    best = max(group, key=lambda p: p.scored.score)
    return [best, *(p for p in group if p is not best)]


@lru_cache(maxsize=4096)
def _label(text: str) -> tuple[str, frozenset[str]]:
    """A line's label ("Key Players" of "Key Players: …"), lower-cased, and its stems; empty
    for a line with none. Read once per line text, not once per question."""
    label, colon, _ = text.partition(": ")
    return (label.lower(), frozenset(terms(label))) if colon else ("", frozenset())


def _restates(later: _Pick, earlier: _Pick) -> bool:
    """Whether ``later`` is a list under the same heading as ``earlier``'s that the guide
    gives after it ("Key Responsibilities" in the Overview, then in the Requirements): the
    first one is the guide's own summary of them, the later one a chapter's restatement."""
    return (
        later.unit.path == earlier.unit.path
        and _last_heading(later.unit.section) == _last_heading(earlier.unit.section)
        and earlier.unit.position < later.unit.position
    )


def _last_heading(section: str) -> str:
    return section.rsplit(" › ", 1)[-1].strip().lower()


@lru_cache(maxsize=1024)
def _heading_stems(heading: str) -> frozenset[str]:
    """One heading's stems, read once per heading, not once per question."""
    return frozenset(terms(heading))


def _plain(text: str) -> str:
    """``text`` lower-cased, hyphens as spaces, one space between words."""
    return " ".join(text.lower().replace("-", " ").split())


def _chapter_of(section: str) -> str:
    """The top-level section ``section`` is in ("Core Responsibilities › …" → its first part)."""
    return section.split(" › ", 1)[0]


def _parent(section: str) -> str:
    """The heading path above ``section`` ("" for a top-level section)."""
    return section.rsplit(" › ", 1)[0] if " › " in section else ""


def _last_heading_words(unit: Chunk) -> list[str]:
    """The words of ``unit``'s own heading, the last of its heading path, in order."""
    return terms(unit.section.rsplit(" › ", 1)[-1])


def _heading_words(unit: Chunk) -> set[str]:
    return set(terms(unit.section.replace(" › ", " ")))


def _heading_match(words: set[str], pick: _Pick) -> int:
    """How many of the question's ``words`` ``pick``'s headings use."""
    return len(words & _heading_words(pick.unit))


def _title_of(units: list[Chunk], path: str) -> str:
    return next((u.title for u in units if u.path == path), "")


def _key(source: Source) -> str:
    return f"{source.path}#{source.section}"


def _source(n: int, chunk: Chunk, score: float) -> Source:
    return Source(n, chunk.title, chunk.section, chunk.path, round(float(score), 4), chunk.text)


def _fit(items: list[T], weights: list[float], text: Callable[[T], str]) -> list[T]:
    """The whole list when it fits ``LIST_BUDGET`` or only one entry would be left out; else
    its best-scoring entries that fit (at least two), still in reading order."""
    if sum(len(text(i)) for i in items) <= LIST_BUDGET:
        return items
    keep: set[int] = set()
    size = 0
    for index in sorted(range(len(items)), key=lambda i: -weights[i]):
        length = len(text(items[index]))
        if len(keep) >= 2 and size + length > LIST_BUDGET:
            continue
        keep.add(index)
        size += length
    # "…and 1 more in the source" costs about what the one line costs: show it instead.
    if len(items) - len(keep) == 1:
        return items
    return [item for i, item in enumerate(items) if i in keep]


def _heading(section: str, snapshot: Snapshot) -> str:
    """The section's own heading, with its parent when the name alone is ambiguous."""
    parts = section.split(" › ")
    last = parts[-1]
    same = {c.section for c in snapshot.chunks.values() if c.section.split(" › ")[-1] == last}
    return " › ".join(parts[-2:]) if len(same) > 1 and len(parts) > 1 else last


def _has(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE) is not None


def _spelled(text: str, word: str, question: str = "") -> str:
    """``word`` as the knowledge writes it ("mlflow" → "MLflow"), with the word after it
    when the question has that too ("github actions" → "GitHub Actions", not "GitHub")."""
    after = re.search(rf"(?<![\w-]){re.escape(word)}\s+([\w-]+)", question, re.IGNORECASE)
    if after is not None:
        pair = rf"(?<![\w-]){re.escape(word)}\s+{re.escape(after.group(1))}(?![\w-])"
        match = re.search(pair, text, re.IGNORECASE)
        if match is not None:
            return match.group(0)
    match = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE)
    return match.group(0) if match else word
