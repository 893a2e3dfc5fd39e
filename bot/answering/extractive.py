"""The grounded extractive answerer: quotes the list items and sentences that answer.

It selects facts, not sections: every unit of the knowledge is scored against the question
(:mod:`bot.retrieval.units`), the best few are quoted under a budget and grouped by section
with citations (:mod:`bot.answering.compose`), and a question the knowledge does not cover
is declined with what it does cover: before composing by its shape and similarity
(:mod:`bot.answering.scope`), after it when the answer shares nothing of a topic the
knowledge never discusses (:mod:`bot.answering.coverage`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Any

from langchain_core.runnables import Runnable, RunnableConfig

from bot import messages
from bot.answering.compose import WINDOW, Composed, Composer
from bot.answering.coverage import Topic, topic_of, uncovered
from bot.answering.followup import (
    EXAMPLE_MARK,
    asks_example,
    asks_one_line,
    asks_ranking,
    asks_why,
    is_follow_up,
    missed,
    next_rung,
    pointed_line,
    top_lines,
    unclear,
    wants_shorter,
    with_previous,
    without_context,
)
from bot.answering.generative import CITATION
from bot.answering.scope import (
    FIGURE_WINDOW,
    MEASURE_WORDS,
    MIN_SIMILARITY,
    YES_NO_FRAME,
    Verdict,
    asks_how_to_write_a_jd,
    asks_procedure,
    asks_setting,
    foreign,
    judge,
)
from bot.answering.shape import (
    as_skills_question,
    as_unranked_list,
    choice_options,
    is_yes_no,
    kind_of_listed,
    listed_questions,
    pointed_back,
    separate_questions,
    switched_topic,
    two_lists,
    two_questions,
)
from bot.answering.statements import figure_kinds
from bot.knowledge.roles import TITLE_ABBREVIATIONS, CoveredRoles, named_roles
from bot.models import Answer, Source, Turn
from bot.retrieval.hybrid import HybridRetriever, Retrieval, Snapshot
from bot.retrieval.terms import CLITICS, VAGUE, stem, terms
from bot.routing import (
    asks_for_sources,
    is_salary_request,
    kind_paid_most,
    moves_it,
    previous_question,
)
from bot.salary.phrases import cut_phrase, has_phrase, known_place

# The lowest best-unit similarity still answered (``ROLEBOT_MIN_RELEVANCE`` overrides it);
# see bot.answering.scope for the split it was tuned on.
DEFAULT_MIN_RELEVANCE = MIN_SIMILARITY


# "A shorter version" keeps this many quoted lines of the last answer.
SHORT_LINES = 3
# Lines quoted after a refusal as the closest the knowledge comes: a hint, not an answer.
CLOSEST = 2
# The figures of the kind asked for quoted when the one asked for is not given.
FIGURE_LINES = 3


@dataclass(frozen=True)
class Retrieved:
    """The retrieval step's output (:mod:`bot.answering.chain`): the question and its
    conversation, the index generation to read, and the query to search it for.
    ``condense_error`` is why the model could not rewrite a follow-up, if it tried."""

    question: str
    history: list[Turn]
    retriever: HybridRetriever
    query: str
    condense_error: BaseException | None = None


class ExtractiveAnswerer(Runnable[Retrieved, Answer]):
    """Selects, cites and declines; ``min_relevance`` is the lowest similarity answered.

    A LangChain ``Runnable``, so the chain composes it like any other step
    (``retrieve | extractive``); :meth:`answer` is the same without LangChain.
    """

    mode = "extractive"

    def __init__(self, *, min_relevance: float = DEFAULT_MIN_RELEVANCE) -> None:
        self.min_relevance = min_relevance
        self._composer: tuple[str, Composer] | None = None

    def invoke(
        self, input: Retrieved, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Answer:
        """The answer to the retrieved question (see :meth:`answer`), run as a step of the
        chain: LangChain's callbacks and tracing see it like any other runnable."""
        return self._call_with_config(self._answer_retrieved, input, config)

    def _answer_retrieved(self, retrieved: Retrieved) -> Answer:
        return self.answer(
            retrieved.question, retriever=retrieved.retriever, history=retrieved.history
        )

    def composer(self, snapshot: Snapshot) -> Composer:
        """One composer per index generation (it precomputes the document's structure)."""
        cached = self._composer
        if cached is None or cached[0] != snapshot.info.collection:
            cached = (snapshot.info.collection, Composer(snapshot))
            self._composer = cached
        return cached[1]

    def refuse(self, snapshot: Snapshot | None, verdict: Verdict | None = None) -> Answer:
        """ "Not covered", why (for a near miss), and what the knowledge does cover."""
        lines = [messages.NOT_COVERED]
        if verdict is not None and verdict.reason == "role" and snapshot is not None:
            roles = [r for r in snapshot.roles.described() if r]
            several = len(roles) > 1
            template = messages.NOT_COVERED_ROLES if several else messages.NOT_COVERED_ROLE
            covered = ", ".join(roles[:-1]) + f" and {roles[-1]}" if several else None
            lines = [
                template.format(
                    covered=covered or (roles[0] if roles else "documented"),
                    role=_article(verdict),
                )
            ]
        elif verdict is not None and verdict.reason == "how_to":
            lines = [messages.NOT_COVERED_HOW_TO]
        elif verdict is not None and verdict.reason == "setting":
            lines = [messages.NOT_COVERED_SETTING]
        elif verdict is not None and verdict.reason == "company":
            lines = [messages.NOT_COVERED_COMPANY]
        elif verdict is not None and verdict.reason == "no_figure":
            lines = [messages.NOT_COVERED_FIGURE]
        elif verdict is not None and verdict.reason == "uncovered" and foreign(verdict.missing):
            lines = [messages.NOT_ENGLISH]
        elif verdict is not None and verdict.reason == "uncovered" and verdict.missing:
            lines = [messages.NOT_COVERED_TOPIC.format(words=_quoted(verdict.missing))]
        if snapshot is not None:
            lines.append(messages.COVERS_INTRO)
            lines.extend(f"- {title}: {', '.join(t)}" for title, t in snapshot.topics().items())
        examples = (snapshot.roles if snapshot is not None else CoveredRoles()).example_requests()
        lines.append(messages.TRY_ASKING.format(question=examples.question))
        return Answer(answer="\n".join(lines), found=False, mode="extractive", sources=[])

    def answer(
        self, question: str, *, retriever: HybridRetriever, history: list[Turn] | None = None
    ) -> Answer:
        """A cited answer to ``question``; ``history`` holds the earlier turns, oldest first."""
        snapshot = retriever.snapshot
        question = without_context(question)
        typed = question
        # "which should we prioritize first?" ranks the list; it points at no line of it.
        ranks = asks_ranking(question)
        pointed = None if ranks else pointed_line(question, history or [])
        pointed_from = ""
        if pointed is not None and asks_setting(question):
            # "which ML frameworks…? || what's the latest stable version of the first one?"
            return self.refuse(snapshot, Verdict(False, "setting"))
        if (
            pointed is not None
            and asks_procedure(question)
            and set(terms(pointed)) & snapshot.units.names
            and "Challenge:" not in pointed
        ):
            # "what tools does a lead use? || how do I install the first one?": the line names
            # the thing; how to operate it is no more covered than it would be by name
            return self.refuse(snapshot, Verdict(False, "how_to"))
        if pointed is not None:
            # "more detail on the first one": a question about that line of the last answer.
            pointed_from = previous_question(history or [])
            question, history = pointed, []
        previous = previous_question(history or [])
        narrower = kind_of_listed(question, previous) if previous and not ranks else None
        switched = (
            (
                next_rung(question, history or [])
                or switched_topic(question, previous)
                or pointed_back(question, previous)
            )
            if previous and not ranks
            else None
        )
        if previous and switched is None and moves_it(question) and is_salary_request(previous, ()):
            # "whats the most we'd pay a lead? || what pushes it higher?": the pay's factors
            switched = messages.PAY_FACTORS_QUESTION
        if previous and switched is None:
            # "what industries hire…? || which one pays more?": which industries pay the most
            switched = kind_paid_most(question, history or [])
        switched_from = ""
        if narrower is not None or switched is not None:
            # "which of those are technical?": "what technical skills does a lead need?";
            # "and for monitoring?" after "what does the lead do for ci/cd?": "what does the
            # lead do for monitoring?"
            # ("and code reviews?" switches the topic; "what tools for that?" points back)
            topic_switched = switched is not None and switched == switched_topic(question, previous)
            switched_from = previous if topic_switched else ""
            question, previous = narrower or switched or question, ""
        if previous and asks_for_sources(question):
            # "source?": the sections the last answer quotes, each with its file.
            last = self.answer(previous, retriever=retriever)
            if last.found and last.sources:
                listed = [f"- {s.title} › {s.section} ({s.path})" for s in last.sources]
                text = "\n".join([messages.SOURCES_OF_LAST, *listed])
                return Answer(answer=text, found=True, mode="extractive", sources=[])
            return Answer(answer=messages.NO_SOURCES, found=False, mode="extractive", sources=[])
        if missed(question):
            return Answer(answer=messages.MISSED, found=False, mode="extractive", sources=[])
        if unclear(question) and previous:
            return Answer(answer=messages.UNCLEAR, found=False, mode="extractive", sources=[])
        if asks_why(question):
            # The guide says what a lead does, rarely why: the last answer's lines that give
            # a reason ("…, to differentiate yourself"), or that it gives none; quoting other
            # lines would not answer. A bare "why?" opening a conversation asks nothing yet.
            if not previous:
                return self.refuse(snapshot)
            before = (history or [])[:-2]
            last = self.answer(previous, retriever=retriever, history=before)
            if not last.found:
                # "which of those matters most? || why?": the last reply quoted nothing
                return Answer(
                    answer=messages.NO_REASONS, found=False, mode="extractive", sources=[]
                )
            # only the reasons for what the last answer opened with: a reason given for
            # another line ("… a significant hub due to rapid digitization") is no answer
            reasons = _marked(
                _first_block(last), REASON_MARK, messages.REASONS_INTRO, messages.NO_REASONS
            )
            if reasons.found:
                return reasons
            # "what tools for containerization? || why?": the first block only names the
            # tools; a block under a heading on the same subject ("Containerization and
            # Deployment") says what they are for.
            return _marked(
                _same_subject(last), REASON_MARK, messages.REASONS_INTRO, messages.NO_REASONS
            )
        examples, one_line = asks_example(question), asks_one_line(question)
        if ranks or examples or one_line:
            # About the last answer only: with none, there is nothing to rank or shorten.
            if not previous:
                return self.refuse(snapshot)
            if ranks:
                # "which of those is most important?": the guide lists, it does not rank.
                return Answer(
                    answer=messages.NO_RANKING, found=False, mode="extractive", sources=[]
                )
            if examples:
                # "give me an example": the lines of the last answer that give one; else the
                # lines among the best for its question that do ("what does the lead own for
                # ci/cd? || example?": "tools like Jenkins, GitHub Actions…").
                last = self.answer(previous, retriever=retriever)
                given = _marked(last, EXAMPLE_MARK, messages.EXAMPLES_INTRO, messages.NO_EXAMPLES)
                if given.found or not last.found:
                    return given
                searched = retriever.retrieve(previous)
                near = [
                    u.unit.id for u in searched.units[:WINDOW] if EXAMPLE_MARK.search(u.unit.text)
                ]
                quoted = self.composer(snapshot).quote(searched, near[:EXAMPLES_ELSEWHERE])
                if quoted is None:
                    return given
                return Answer(
                    answer=f"{messages.EXAMPLES_INTRO}\n{quoted.text}",
                    found=True,
                    mode="extractive",
                    sources=quoted.sources,
                )
        top = top_lines(question)
        if previous and (one_line or top or wants_shorter(question)):
            # "can you give me a shorter version?", "in one line", "top 3 only pls": the last
            # answer's first lines.
            most = 1 if one_line else top or SHORT_LINES
            # (the last answer as given: a follow-up's in its own thread)
            last = self.answer(previous, retriever=retriever, history=(history or [])[:-2])
            shorter = _shortened(last, most)
            if shorter.answer == last.answer and most > 1:
                # already that short ("shorter" after two lines): its first line
                shorter = _shortened(last, 1)
            return shorter
        if previous and (fix_asked := _ASKS_FIX.match(question)):
            # "how do they solve it?" after a challenge: the solution the guide pairs with it,
            # not lines about problem-solving.
            earlier_retrieval = retriever.retrieve(previous)
            earlier = self._compose(previous, earlier_retrieval, snapshot)
            if earlier is not None:
                shown = {snapshot.units.by_id[i].section_key for i in earlier.units}
                if fix_asked["one"]:
                    # "how do u fix the data mgmt one?": the challenge it names
                    one_words = set(terms(snapshot.synonyms.expand(fix_asked["one"])))
                    overlap = {
                        key: len(one_words & set(terms(key.rsplit(" › ", 1)[-1]))) for key in shown
                    }
                    most = max(overlap.values(), default=0)
                    shown = {key for key, n in overlap.items() if n == most} if most else shown
                fixes = [
                    u.unit.id
                    for u in earlier_retrieval.units
                    if u.unit.section_key in shown and u.unit.text.startswith("Solution:")
                ]
                quoted = self.composer(snapshot).quote(earlier_retrieval, fixes)
                if quoted is not None:
                    return Answer(
                        answer=quoted.text, found=True, mode="extractive", sources=quoted.sources
                    )
        # The same question again (asked twice, or by someone else in a group chat) is a
        # fresh ask, not a follow-up: it gets the whole answer again.
        repeated = " ".join(previous.lower().split()) == " ".join(question.lower().split())
        follow = bool(previous) and not repeated and is_follow_up(question)
        if follow and not self.answer(previous, retriever=retriever).found:
            # "what does a pastry chef do? || fine, what does a lead do then?": a question
            # the knowledge did not answer leaves no topic to carry over; one declined only
            # for the role it named leaves the rest ("what skills does a lead data scientist
            # need? || and for the MLOps lead?" asks the lead's skills).
            follow = False
            instead = _for_covered_role(previous, question, snapshot.roles)
            if instead is not None:
                question = asked = instead
        items = None if follow else listed_questions(question)
        if items is not None:
            # "• languages • clouds • typical salary": each answered, one after the other
            answers = [self.answer(item, retriever=retriever) for item in items]
            found = [a for a in answers if a.found]
            if found:
                return _joined(found)
        separate = None if follow else separate_questions(question)
        parts = None if follow else _two_parts(question) or separate
        if parts is not None:
            # "what are the responsibilities and challenges?", "what tools do they use and how
            # much do they make?": each answer, one after the other.
            both = [self.answer(part, retriever=retriever) for part in parts]
            # (two questions typed one after the other are often one ask in two phrasings,
            # "how do I pitch this role? what makes it attractive?": answered as one)
            if all(a.found for a in both) and parts != separate:
                return _joined(both)
            if separate is not None and sum(a.found for a in both) == 1:
                # "who would the lead report to / whats the next step up": the part it
                # answers, after saying which part it cannot
                declined = next(p for p, a in zip(parts, both, strict=True) if not a.found)
                said = next(a for a in both if not a.found).answer.splitlines()[0]
                covered = next(a for a in both if a.found)
                text = messages.PART_DECLINED.format(part=declined.rstrip(" ?"), said=said)
                return replace(covered, answer=f"{text}\n{covered.answer}")
        # "what's the most important skill for a lead?": the guide lists, it does not rank;
        # the list is the answer, said to be unranked.
        # Whether it is covered, and which words a refusal names, is read from the words
        # as asked.
        asked = question
        unranked = None if follow else as_unranked_list(question, snapshot.known_words)
        question = unranked or (None if follow else as_skills_question(question)) or question
        query = with_previous(previous, question) if follow else question
        if not follow and asks_how_to_write_a_jd(question, snapshot):
            example = snapshot.roles.example_requests().job_description
            text = messages.JD_ADVICE.format(example=example)
            return Answer(answer=text, found=False, mode="extractive", sources=[])
        # "are leads *expected* to code?": in a yes/no question the frame word would find
        # the guide's "expectations"; what is asked about is the rest.
        # So in "what are leads *expected to* do?" and "what do they *expect you to* know?".
        if not follow and (is_yes_no(question) or _EXPECTED_TO.search(question)):
            query = _without_frame(query)
        retrieval = retriever.retrieve(query, focus=question if follow else "")
        # A line of the last answer is the knowledge's own text: "Work closely with data
        # scientists…" pointed at is no question about data scientists.
        verdict = (
            Verdict(True)
            if pointed is not None
            else judge(asked, retrieval, snapshot, min_similarity=self.min_relevance)
        )
        if not verdict.answer:
            if verdict.reason == "no_figure" and verdict.stated:
                # "how long does each step of the career path take?": no such figure; the
                # years of experience the guide asks for are what it does say.
                return self._figures(snapshot, verdict, retrieval)
            pay = frozenset(terms(asked)) & _PAY_KINDS
            if verdict.reason == "no_figure" and pay and not verdict.counted:
                # "what percent bonus do leads get?": no figure, but the kinds of pay the
                # knowledge lists are the closest it comes.
                named = replace(verdict, related=pay, under=_PAY_HEADINGS)
                return self._closest(snapshot, named, [], retrieval)
            if verdict.reason == "no_figure" and verdict.counted:
                # "how many people does a lead manage?": no figure, but what the knowledge
                # says about leading a team is what a reader wants next. (For other figures
                # the lines sharing a word are too often about something else: "what time
                # do leads start work?" is no question about "Start by learning the basics".)
                ranked = [u.unit.id for u in retrieval.units[:FIGURE_WINDOW]]
                return self._closest(snapshot, verdict, ranked, retrieval)
            if (
                follow
                and verdict.reason in (None, "uncovered")
                and not verdict.related
                and _SUBSTITUTE.match(asked)
            ):
                return self._closest_in_thread(previous, verdict, retriever)
            return self.refuse(snapshot, verdict)
        composed = self._compose(question, retrieval, snapshot)
        if (
            not follow
            and composed is not None
            and _ASKS_ONE_THING.match(question)
            and not choice_options(question)
            # (a remark of the bot's before the lines, "doesn't say which is better", stays)
            and CITATION.search(composed.text.splitlines()[0])
        ):
            # "which region leads the market?", "who are the key players?": one line of a list
            # answers, as it does when asked as a follow-up
            # the line the answer leads with, when it has one ("Key Players: …" for "who are
            # the key players?"); else the best-ranked line it quotes
            in_answer = set(composed.units)
            led = not composed.text.splitlines()[0].endswith(":")
            best = composed.units[0] if led else None
            best = best or next(
                (u.unit.id for u in retrieval.units if u.unit.id in in_answer), None
            )
            one = self.composer(snapshot).alone(retrieval, best) if best else None
            composed = one or composed
        if follow and composed is not None:
            # A follow-up may narrow the previous answer, never repeat it unchanged.
            earlier = self._compose(previous, retriever.retrieve(previous), snapshot)
            composer = self.composer(snapshot)
            if _ASKS_ONE.match(question):
                # "how big is the market? || and which region leads?": one line of the list
                # answers; the whole list buries it.
                alone = retriever.retrieve(question)
                composed = composer.narrow(alone, composed.units, within=NARROW_WITHIN) or composed
            if earlier is not None and (
                earlier.text == composed.text or set(earlier.units) == set(composed.units)
            ):
                narrowed = composer.narrow(retriever.retrieve(question), earlier.units)
                avoid = frozenset(earlier.units)
                composed = (
                    narrowed
                    or self._compose(question, retrieval, snapshot, avoid=avoid)
                    or composed
                )
                if composed.text == earlier.text:  # nothing else to say: say so
                    composed.text = f"{messages.NOTHING_MORE}\n{composed.text}"
        if pointed_from and pointed is not None and composed is not None:
            # "number 3" after a list: that line, then what else the knowledge says about it,
            # not the same list again.
            earlier = self._compose(pointed_from, retriever.retrieve(pointed_from), snapshot)
            if earlier is not None and len(set(composed.units) & set(earlier.units)) > 1:
                # The line itself is what "more" is about; a chapter's list shows each
                # subsection as "Subsection: its first line", so there the subsection is.
                own = {u.unit.id for u in retrieval.units if pointed == u.unit.text}
                sections = {
                    u.unit.section_key
                    for u in retrieval.units
                    if pointed.endswith(f": {u.unit.text}") and pointed != u.unit.text
                }
                own |= {u.unit.id for u in retrieval.units if u.unit.section_key in sections}
                avoid = frozenset(earlier.units) - own
                composed = self._compose(question, retrieval, snapshot, avoid=avoid) or composed
        if composed is None:
            return self.refuse(snapshot)
        if switched_from:
            composed = self._narrowed_to_switch(
                typed, switched_from, composed, retrieval, retriever
            )
        off_topic = self._uncovered(asked, composed, retriever)
        if off_topic is not None and follow and not off_topic.related and _SUBSTITUTE.match(asked):
            # "which ci/cd tools…? || is circleci fine?": the tools it does list
            return self._closest_in_thread(previous, off_topic, retriever)
        if off_topic is not None:
            return self._closest(snapshot, off_topic, composed.units, retrieval)
        text = composed.text
        if verdict.compare and verdict.other_role:
            cited = composed.sources[0].path if composed.sources else ""
            note = messages.COMPARE_OTHER_ROLE.format(
                role=_article(verdict), covered=snapshot.roles.role_of(cited) or "documented"
            )
            text = f"{note}\n{text}"
        if unranked is not None:
            text = f"{messages.NOT_RANKED}\n{text}"
        elif _TOOLS_ASKED.search(asked) and not any(
            set(terms(snapshot.units.by_id[i].text)) & snapshot.units.names
            for i in composed.units
            if i in snapshot.units.by_id
        ):
            # "any tools for bias detection?": lines that name no tool read as if they did
            text = f"{messages.NO_TOOLS_NAMED}\n{text}"
        return Answer(answer=text, found=True, mode="extractive", sources=composed.sources)

    def _narrowed_to_switch(
        self,
        typed: str,
        earlier_question: str,
        composed: Composed,
        retrieval: Retrieval,
        retriever: HybridRetriever,
    ) -> Composed:
        """ "how should we structure ml projects? || and code reviews?": when the switched
        question finds the same lines as the one before, the lines naming the new thing
        ("Establish clear workflows for code reviews…"), not the same answer again."""
        snapshot = retriever.snapshot
        before = self._compose(earlier_question, retriever.retrieve(earlier_question), snapshot)
        if before is None or set(before.units) != set(composed.units):
            return composed
        added = set(terms(typed)) - VAGUE - CLITICS - set(terms(earlier_question))
        naming = [
            i
            for i in composed.units
            if added
            and i in snapshot.units.by_id
            and added <= set(terms(snapshot.units.by_id[i].text))
        ]
        if not naming or len(naming) == len(composed.units):
            return composed
        return self.composer(snapshot).quote(retrieval, naming) or composed

    def _uncovered(
        self, question: str, composed: Composed, retriever: HybridRetriever
    ) -> Verdict | None:
        """A refusal when ``composed`` does not answer what this turn asks about: the
        question's topic is words the knowledge never uses (:mod:`bot.answering.coverage`)."""
        snapshot = retriever.snapshot
        # "how long…", "what percentage…", "does it require…" say what kind of answer is
        # wanted, not its topic.
        frame = MEASURE_WORDS | (YES_NO_FRAME if is_yes_no(question) else frozenset())
        topic = topic_of(question, snapshot, ignore=snapshot.title_terms | frame)
        if not topic.unknown:
            return None
        unit_words = snapshot.units.words
        words = frozenset(t for i in composed.units if i in unit_words for t in unit_words[i])

        def similarity() -> float:
            query = snapshot.without_titles(retriever.expand(question))
            return float(max(snapshot.units.dense(retriever.vector(query)), default=0.0))

        if _HIRING_STEP.search(question) and uncovered(topic, words, similarity):
            # "what interview questions should I ask a lead?": no hiring process in the
            # knowledge, but what it says a lead needs is what such questions would test.
            return Verdict(False, "uncovered", missing=topic.unknown, under=_SKILL_HEADINGS)
        pay = _a_kind_of_pay_it_never_names(question, topic)
        if pay:
            # "typical relocation package": the pay lines holding "package" are the closest
            # it comes, not "package ML models" under Containerization.
            return Verdict(
                False, "uncovered", missing=topic.unknown, related=pay, under=_PAY_HEADINGS
            )
        if (
            uncovered(topic, words, similarity)
            or _a_kind_it_never_names(question, topic)
            or _an_option_it_never_names(question, topic, snapshot.units.names)
        ):
            # "what's *expected* in the first 90 days?": a frame word is no topic to quote.
            related = topic.known - YES_NO_FRAME
            return Verdict(False, "uncovered", missing=topic.unknown, related=related)
        return None

    def _figures(self, snapshot: Snapshot, verdict: Verdict, retrieval: Retrieval) -> Answer:
        """The refusal, then the best-ranked lines stating a figure of the kind asked for
        (at most ``FIGURE_LINES``), cited."""
        ids = [u.unit.id for u in retrieval.units if verdict.stated in figure_kinds(u.unit.text)]
        return self._refusal_quoting(snapshot, verdict, retrieval, ids[:FIGURE_LINES])

    def _closest(
        self, snapshot: Snapshot, verdict: Verdict, candidates: list[str], retrieval: Retrieval
    ) -> Answer:
        """The refusal, then the ``candidates`` (unit ids, best first: the composed answer's
        or the ranking's) that hold the question's words the knowledge does use (both of
        two, half of more; at most ``CLOSEST``), cited: "is a gym
        membership part of the benefits?" is not answered, and the benefits the knowledge
        lists are what a reader asking it wants next. Without such lines, the plain refusal."""
        refusal = self.refuse(snapshot, verdict)
        related, counted = len(verdict.related), verdict.counted
        if not related and not counted and verdict.under:
            # Only where the lines are matters: the list under that very heading.
            ids = [
                u.unit.id
                for u in retrieval.units
                if set(terms(u.unit.section.rsplit(" › ", 1)[-1])) == verdict.under
            ]
            return self._refusal_quoting(snapshot, verdict, retrieval, ids, refusal)
        if not related and not counted:
            return refusal
        needed = related if related <= 2 else (related + 1) // 2
        units = snapshot.units.by_id

        def close(words: set[str]) -> bool:
            return len(verdict.related & words) >= needed and (not counted or bool(counted & words))

        if verdict.under:
            # Lines under the headings named, wherever they rank.
            candidates = [
                u.unit.id for u in retrieval.units if verdict.under & set(terms(u.unit.section))
            ]
        near = [i for i in candidates if i in units and close(set(terms(units[i].text)))]
        return self._refusal_quoting(snapshot, verdict, retrieval, near[:CLOSEST], refusal)

    def _closest_in_thread(
        self, previous: str, verdict: Verdict, retriever: HybridRetriever
    ) -> Answer:
        """The refusal of a follow-up about something the knowledge never names ("which ci/cd
        tools…? || is circleci fine?"), then the first block of the answer it follows (the
        tools the guide does list) as the closest it comes: the topic menu would drop the
        thread."""
        snapshot = retriever.snapshot
        earlier_retrieval = retriever.retrieve(previous)
        earlier = self._compose(previous, earlier_retrieval, snapshot)
        if earlier is None or not earlier.units:
            return self.refuse(snapshot, verdict)
        units = snapshot.units.by_id
        block = units[earlier.units[0]].section_key
        ids = [i for i in earlier.units if units[i].section_key == block]
        return self._refusal_quoting(snapshot, verdict, earlier_retrieval, ids)

    def _refusal_quoting(
        self,
        snapshot: Snapshot,
        verdict: Verdict,
        retrieval: Retrieval,
        ids: list[str],
        refusal: Answer | None = None,
    ) -> Answer:
        """The refusal's first line, then the units ``ids`` as "the closest it comes",
        cited; the whole refusal (what the knowledge covers) when there are none."""
        refusal = refusal or self.refuse(snapshot, verdict)
        quoted = self.composer(snapshot).quote(retrieval, ids) if ids else None
        if quoted is None:
            return refusal
        first = refusal.answer.splitlines()[0]
        text = "\n".join([first, messages.CLOSEST, quoted.text])
        return Answer(answer=text, found=False, mode="extractive", sources=quoted.sources)

    def _compose(
        self,
        question: str,
        retrieval: Retrieval,
        snapshot: Snapshot,
        *,
        avoid: frozenset[str] = frozenset(),
    ) -> Composed | None:
        return self.composer(snapshot).compose(question, retrieval, avoid=avoid)


# "expected" finds the guide's "Unrealistic Expectations"; "required" still finds what its
# Requirements say, so it stays.
_FRAME = re.compile(r"\b(?:expected|supposed|expects?)\b", re.IGNORECASE)
# "is kubernetes a must-have?", "is it mandatory?": whether it is required, as the guide's
# requirements say (its "Essential Skills" are a summary, not the requirement lines).
_MUST = re.compile(r"\b(?:an?\s+)?must[\s-]?haves?\b|\bmandatory\b|\ba\s+must\b", re.I)
_DUTY_FRAME = re.compile(
    r"\b(?:expected|supposed)\s+to\s+do\b(?!\s+(?:with|about|when|if)\b)", re.I
)
# "expected to do", "expect you to know", "expect from a lead": what is asked of the role.
_EXPECTED_TO = re.compile(
    r"\b(?:expect(?:s|ed)?|supposed)\s+(?:(?:you|them|us|me|a\s+lead|leads|candidates|people)\s+)?"
    r"(?:to|from)\b",
    re.IGNORECASE,
)

# "is there a signing bonus?", "do leads get a relocation package?": whether a thing exists
# or comes with the job ("do they need to *have* shipped models?" asks something else).
_EXISTS = re.compile(
    r"^\W*(?:is|are)\s+there\b|\b(?:do|does|did|will|would|can|could)\s+"
    r"(?:(?!(?:need|needs|want|wants|to|have|has|got)\b)\w+\s+){1,3}?"
    r"(?:usually\s+|typically\s+|normally\s+|also\s+|ever\s+)?"
    r"(?:get|gets|receive|receives|have|has|offer|offers|include|includes|come\s+with)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'’+#-]*")
# Things that come with a job as pay: a kind of one the knowledge never names is not one of
# those it lists; the headings its pay lines sit under.
_PAY_HEADINGS = frozenset(terms("compensation salary salaries pay benefits"))
# "how do they solve it?", "and how do you fix that?": the fix for what was just said.
_ASKS_FIX = re.compile(
    r"^\W*(?:(?:and|ok|so|but)\W+)*(?:how\s+(?:do|does|would|can|should|could)\s+"
    r"(?:they|you|we|i|one|a\s+lead|leads)\s+|what(?:'s|\s+is)\s+the\s+)"
    r"(?:solve|fix|handle|address|tackle|deal\s+with|overcome|mitigate|solution\s+(?:to|for))\s+"
    r"(?:it|that|this|those|them|these|the\s+(?P<one>[\w/-]+(?:\s+[\w/-]+){0,3}?)\s+one)\W*$|"
    # "whats the fix?", "and the solution?"
    r"^\W*(?:(?:and|ok|so|but)\W+)*(?:what(?:'s|s|\s+is)\s+)?the\s+(?:fix|solution|remedy)\W*$|"
    # "fix?", "solution?", "how to fix?": the same ask, in chat's shortest form ("any
    # solutions?" after the list of challenges asks for every one's: a group of lines)
    r"^\W*(?:(?:and|ok|so|but)\W+)*(?:how\s+to\s+)?(?:fix|solution|remedy|mitigation|"
    r"workaround)\W*$",
    re.IGNORECASE,
)
# A step of hiring the knowledge has no method for; what it says a lead needs is closest.
_HIRING_STEP = re.compile(
    r"\b(?:interview\w*|screen\w*|take[- ]home|red\s+flags?|assess\w*|evaluat\w*|vet|vetting|"
    r"test\s+for|coding\s+(?:test|challenge|exercise))\b",
    re.IGNORECASE,
)
_SKILL_HEADINGS = frozenset(terms("essential skills"))
_PAY_KINDS = frozenset(
    terms(
        "bonus bonuses package packages benefit benefits allowance stipend equity grant grants "
        "leave compensation pay"
    )
)
# "is a security clearance required?", "do leads need a kubernetes certificate?": whether the
# job asks for a thing.
_REQUIRED = re.compile(
    r"\b(?:required|requirement|necessary|mandatory|needed|a\s+must)\b|"
    r"\b(?:do|does|will|would)\s+(?:\w+\s+){1,3}?(?:need|needs)\s+(?:an?|to\s+have)\b",
    re.IGNORECASE,
)


def _a_kind_it_never_names(question: str, topic: Topic) -> bool:
    """ "is there a *signing* bonus?": asked whether a kind of thing comes with the job, when
    the knowledge names the thing ("Performance bonuses") but never that kind; its lines
    about the thing would read as a yes. "is an EE degree required?" is answered by the
    degree the knowledge does require; "is a security *clearance* required?" asks for a
    thing it never names, and its security lines would read as a yes."""
    if not topic.unknown or not is_yes_no(question):
        return False
    if _EXISTS.search(question) and _kinds_never_named(question, topic):
        return True
    words = _WORD.findall(question.lower())
    return bool(_REQUIRED.search(question)) and any(
        stem(before) in topic.known and word in topic.unknown
        for before, word in itertools.pairwise(words)
    )


def _kinds_never_named(question: str, topic: Topic) -> frozenset[str]:
    """The things (stems) the knowledge names that follow a word it never uses: "bonu" in
    "a *signing* bonus", "degre" in "an *EE* degree"."""
    words = _WORD.findall(question.lower())
    return frozenset(
        stem(following)
        for word, following in itertools.pairwise(words)
        if word in topic.unknown and stem(following) in topic.known
    )


# "which tools for that?", "any tools for bias detection?": tools asked for by kind
_TOOLS_ASKED = re.compile(
    r"\b(?:what|which|any|recommended|recommend)\s+(?:specific\s+|particular\s+|good\s+)?"
    r"(?:tools?|tooling|platforms?|software|libraries|libs?|frameworks?)\b",
    re.IGNORECASE,
)


def _an_option_it_never_names(question: str, topic: Topic, names: frozenset[str]) -> bool:
    """ "kubeflow vs airflow": of two tools to choose between, the knowledge names one
    ("Kubeflow") and never the other, so what it says about the one is no comparison. A
    short word ("tf or pytorch") may be shorthand for a name it does use."""

    def unknown(word: str) -> bool:
        return len(word) >= 4 and word.isalpha() and word.lower() in topic.unknown

    def never(word: str) -> bool:
        # "SF or NYC" are places, whose pay the knowledge does talk about
        return word.isalpha() and word.lower() in topic.unknown and known_place(word) is None

    # "PSI or a KS test": neither is named, so nothing it says chooses between them
    return any(
        (unknown(a) and stem(b.lower()) in names)
        or (unknown(b) and stem(a.lower()) in names)
        or (never(a) and never(b))
        for a, b in choice_options(question)
    )


def _a_kind_of_pay_it_never_names(question: str, topic: Topic) -> frozenset[str]:
    """ "what's the typical *signing* bonus?", in any form: the kind of pay (its stem) that
    follows a word the knowledge never uses; none when there is no such pair. The bonuses
    the knowledge lists would read as the answer."""
    if not topic.unknown:
        return frozenset()
    return _kinds_never_named(question, topic) & _PAY_KINDS


def _without_frame(question: str) -> str:
    """``question`` without the words that frame it (when others remain); "expected to
    do" asks for the responsibilities."""
    rest = _MUST.sub(" required ", question)
    rest = " ".join(_FRAME.sub(" ", _DUTY_FRAME.sub(" responsibilities ", rest)).split())
    return rest if terms(rest) else question


def _quoted(words: tuple[str, ...], most: int = 3) -> str:
    """ "vacation", "weeks" and "stipend" (the first ``most`` of them)."""
    shown = [f'"{w}"' for w in words[:most]]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


_ABBREVIATION = re.compile(TITLE_ABBREVIATIONS)
# Letters a title's words are often made of: "ml engineer", "ai researcher", "qa lead".
_SPELLED_LETTERS = frozenset(["ml", "ai", "qa", "ui", "ux", "bi", "it", "hr", "ds"])


def _article(verdict: Verdict) -> str:
    """ "a data scientist", "data scientists", "an SRE" (an abbreviation is spelled out
    letter by letter, so "an" goes before the letters said with a vowel)."""
    role = verdict.other_role or "that role"
    if _ABBREVIATION.fullmatch(role):
        if role.endswith("s") and _ABBREVIATION.fullmatch(role[:-1]):
            return f"{role[:-1].upper()}s"
        return f"{'an' if role[:1] in 'aefhilmnorsx' else 'a'} {role.upper()}"
    # "an ML engineer": letters said one by one inside a title are written and read so
    words = [w.upper() if w in _SPELLED_LETTERS else w for w in role.split()]
    role = " ".join(words)
    if role.endswith("s") and not role.endswith("ss"):
        return role
    spelled = words[0].isupper() and len(words[0]) > 1
    vowel = role[:1] in ("AEFHILMNORSX" if spelled else "aeiou")
    return f"{'an' if vowel else 'a'} {role}"


# What "ok, and what about for the MLOps lead?" says besides the role.
_ROLE_SWAP_WORDS = frozenset(terms("ok okay and so what about how for then instead a an the one"))


# "example?" after an answer with none: at most this many example lines from the best
# WINDOW lines (the composer's) for its question.
EXAMPLES_ELSEWHERE = 2
# "and which region leads?", "who are the key players?", "which one…": one thing asked for
# (a singular noun and verb after "which"), not a list ("which cloud platforms?").
_ASKS_ONE = re.compile(
    r"^\W*(?:(?:and|ok|so|but)\W+)*(?:who\b|which\s+one\b|which\s+(?:[a-z]+\s+)?[a-z]+(?<!s)\s+"
    r"(?:is|was|leads|does|has|comes|matters|pays)\b)",
    re.IGNORECASE,
)
# "is circleci fine?", "is pulumi ok instead?": whether something else would do, after an
# answer listing what the guide names.
_SUBSTITUTE = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|but)\W+)*(?:is|are|would|will|does|do|can|could)\b.*"
    r"\b(?:ok|okay|fine|enough|good|acceptable|alright|instead|work|count|do|included|"
    r"mentioned|listed|on\s+(?:that|the|this)\s+list|in\s+(?:there|that\s+list|the\s+list))\W*$",
    re.IGNORECASE,
)
# Asked first, "which region leads?" and "who are the key players?" ask for one line; "who
# owns monitoring?" and "who do they work with?" ask about the role, answered in full.
_ASKS_ONE_THING = re.compile(
    r"^\W*(?:which\s+(?:[a-z]+\s+)?[a-z]+(?<!s)\s+(?:is|was|leads|comes|pays)\b|"
    r"who\s+(?:are|is|'s|’s)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:players?|compan(?:y|ies)|vendors?|"
    r"leaders?|leading)\b|who(?:'s|’s|\s+is|\s+are)\s+leading\b)",
    re.IGNORECASE,
)
# The line of the answer that this turn's own words put among this many best lines is the
# one asked for. Set by judgement: near the top.
NARROW_WITHIN = 3


def _for_covered_role(previous: str, question: str, roles: CoveredRoles) -> str | None:
    """``previous`` asked of the covered role ``question`` names instead of the one it was
    declined for ("what skills does a lead data scientist need? || and for the MLOps
    lead?" is "what skills does a mlops lead need?"); None unless ``question`` is only that
    role ("fine, what does a lead mlops do then?" asks its own question)."""
    others = [r for r in named_roles(previous) if not roles.covers(r)]
    # "the MLOps lead": an alias the knowledge gives, or a title it covers
    covered = sorted(
        {n for n in roles.names if has_phrase(question, n)}
        | {r for r in named_roles(question) if roles.covers(r)},
        key=len,
        reverse=True,
    )
    if len(others) != 1 or not covered:
        return None
    rest = set(terms(cut_phrase(question, covered[0])))
    if rest - _ROLE_SWAP_WORDS:
        return None
    pattern = re.compile(r"[\W_]+".join(re.escape(w) for w in others[0].split()), re.IGNORECASE)
    return pattern.sub(lambda _: covered[0], previous, count=1)


def _joined(answers: list[Answer]) -> Answer:
    """Answers shown one after another, the later ones' citations renumbered to follow on."""
    texts: list[str] = []
    sources: list[Source] = []
    for answer in answers:
        offset = len(sources)

        def renumbered(match: re.Match[str], offset: int = offset) -> str:
            return f"[{int(match.group(1)) + offset}]"

        texts.append(CITATION.sub(renumbered, answer.answer))
        sources += [replace(s, n=s.n + offset) for s in answer.sources]
    return Answer(answer="\n".join(texts), found=True, mode="extractive", sources=sources)


_MORE_IN_SOURCE = re.compile(
    "^" + re.escape(messages.MORE_ITEMS).replace(re.escape("{count}"), r"(?P<count>\d+)") + "$"
)


def _shortened(answer: Answer, most: int = SHORT_LINES) -> Answer:
    """``answer`` cut to its first ``most`` quoted lines and the sources they cite.

    Sources are numbered in the order their lines appear, so the first lines cite the
    first sources and the numbers need no change."""
    if not answer.found:
        return answer
    kept: list[str] = []
    quoted = 0
    # (the remark that the last answer had nothing new is about that turn, not this one)
    lines = [line for line in answer.answer.splitlines() if line != messages.NOTHING_MORE]
    for line in lines:
        if not line.strip() or quoted >= most:
            break
        kept.append(line)
        # a remark before the lines ("Both: …", "The knowledge base doesn't rank these…")
        # is kept and counts as no line quoted
        quoted += not line.endswith(":") and (line.startswith("- ") or bool(CITATION.search(line)))
    rest = lines[len(kept) :]
    left = sum(1 for line in rest if line.startswith("- "))
    # lines the full answer had already left out ("…and 2 more in the source.")
    unshown = sum(int(m["count"]) for line in rest if (m := _MORE_IN_SOURCE.match(line)))
    if left and kept and kept[-1].startswith("- "):
        # a list cut short says so, counting what the full answer left out too
        more = messages.MORE_ITEMS if unshown else messages.MORE_LINES
        kept.append(more.format(count=left + unshown))
    cited = {int(n) for n in CITATION.findall("\n".join(kept))}
    sources = [s for s in answer.sources if s.n in cited]
    return replace(answer, answer="\n".join(kept), sources=sources)


# A line giving a reason or a purpose: "…, to differentiate yourself", "…, leading to a
# significant increase in job openings", "These ranges reflect…".
REASON_MARK = re.compile(
    r"\b(?:reflect\w*|because|due\s+to|driven\s+by|owing\s+to|as\s+a\s+result\s+of|"
    r"thanks\s+to|leading\s+to|so\s+that|in\s+order\s+to)\b|,\s+to\s+[a-z]+\b|"
    # "Use containers (e.g., Docker) to package ML models": what the example is for
    r"\)\s+to\s+[a-z]+\b|\btools?\s+like\s+[\w-]+\s+for\s+[a-z]+ing\b",
    re.IGNORECASE,
)


def _first_block(answer: Answer) -> Answer:
    """``answer`` cut to its opening: the lead line and the first heading's lines."""
    kept: list[str] = []
    headings = 0
    for line in answer.answer.splitlines():
        if not line.strip():
            break
        if line.endswith(":"):
            headings += 1
            if headings > 1:
                break
        kept.append(line)
    return replace(answer, answer="\n".join(kept))


def _same_subject(answer: Answer) -> Answer:
    """``answer`` cut to its blocks whose heading shares a word with the first block's
    ("Containerization and Orchestration", "Containerization and Deployment")."""
    headings = [line for line in answer.answer.splitlines() if line.endswith(":")]
    if not headings:
        return replace(answer, answer="")
    subject = set(terms(CITATION.sub("", headings[0]))) - VAGUE
    kept: list[str] = []
    keep = False
    for line in answer.answer.splitlines():
        if not line.strip():
            break
        if line.endswith(":"):
            keep = bool(subject & set(terms(CITATION.sub("", line))))
        if keep:
            kept.append(line)
    return replace(answer, answer="\n".join(kept))


def _marked(answer: Answer, mark: re.Pattern[str], intro: str, none: str) -> Answer:
    """The lines of ``answer`` that ``mark`` finds (an example, "Use containers (e.g.,
    Docker)…"; a reason), under their headings and after ``intro``, citations renumbered
    from 1; ``none`` when it has no such line."""
    if not answer.found:
        return answer
    kept: list[str] = []
    heading = ""
    for line in answer.answer.splitlines():
        if not line.strip():
            break  # the notes and sources follow
        if line.endswith(":"):
            heading = line
        elif mark.search(line):
            if heading and heading not in kept:
                kept.append(heading)
            kept.append(line)
    if not kept:
        return Answer(answer=none, found=False, mode="extractive", sources=[])
    numbers: dict[int, int] = {}
    for n in CITATION.findall("\n".join(kept)):
        numbers.setdefault(int(n), len(numbers) + 1)
    text = CITATION.sub(lambda m: f"[{numbers[int(m.group(1))]}]", "\n".join(kept))
    sources = sorted(
        (replace(s, n=numbers[s.n]) for s in answer.sources if s.n in numbers),
        key=lambda s: s.n,
    )
    return replace(answer, answer=f"{intro}\n{text}", sources=sources)


def _two_parts(question: str) -> tuple[str, str] | None:
    """Two lists asked at once, or a question and a pay question ("what tools do they use
    and how much do they make?"), each answered on its own. Other pairs stay one question:
    in "what are the security headaches and how do they get handled?" the second leans on
    the first."""
    parts = two_questions(question)
    if parts is not None and any(is_salary_request(part, ()) for part in parts):
        return parts
    return two_lists(question)
